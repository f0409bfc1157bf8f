import { and, eq, lt, sql } from 'drizzle-orm';
import { preparedPer } from '../db/prepared';
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeHexLowerCase } from '@oslojs/encoding';
import type { Db, Tx } from '../db/client';
import { idempotencyKeys } from './schema';
import type { Published } from './post';

/** JSON with object keys sorted, so two equal JSON values hash alike whatever their key order. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The fingerprint of a request: where it goes and its body as a JSON value. */
export const hashRequest = (scope: string, body: unknown) =>
  encodeHexLowerCase(sha256(new TextEncoder().encode(`${scope}\n${canonicalJson(body)}`)));

const statements = preparedPer((db) => ({
  seen: db
    .select()
    .from(idempotencyKeys)
    .where(
      and(
        eq(idempotencyKeys.userId, sql.placeholder('userId')),
        eq(idempotencyKeys.key, sql.placeholder('key')),
      ),
    )
    .prepare(),
  store: db
    .insert(idempotencyKeys)
    .values({
      userId: sql.placeholder('userId'),
      key: sql.placeholder('key'),
      requestHash: sql.placeholder('requestHash'),
      status: sql.placeholder('status'),
      response: sql.placeholder('response'),
      createdAt: sql.placeholder('createdAt'),
    })
    .prepare(),
}));

export type Answer = { status: number; body: unknown; published?: Published[] };

/**
 * Runs `work` once per (user, key) in one synchronous transaction: a repeat with
 * the same request gets the stored answer (`replayed`), a different request gets
 * 409 idempotency_conflict. Only successful answers (2xx) are stored: a refusal
 * stores nothing, so the client may fix the cause and retry with the same key.
 */
export function runIdempotent(
  db: Db,
  input: { userId: number; key: string; requestHash: string; now: Date },
  work: (tx: Tx) => Answer,
): Answer & { replayed: boolean } {
  return db.transaction(
    (tx) => {
      const seen = statements(tx).seen.get({ userId: input.userId, key: input.key });
      if (seen) {
        if (seen.requestHash !== input.requestHash)
          return {
            status: 409,
            body: {
              error: {
                code: 'idempotency_conflict',
                message: 'Cette clé d’idempotence a déjà servi pour une autre requête.',
              },
            },
            replayed: false,
          };
        return { status: seen.status, body: JSON.parse(seen.response), replayed: true };
      }
      const answer = work(tx);
      if (answer.status >= 200 && answer.status < 300)
        statements(tx).store.run({
          userId: input.userId,
          key: input.key,
          requestHash: input.requestHash,
          status: answer.status,
          response: JSON.stringify(answer.body),
          createdAt: input.now,
        });
      return { ...answer, replayed: false };
    },
    { behavior: 'immediate' },
  );
}

/** How long a key and its stored answer are kept: a retry with an older key is a new request. */
export const IDEMPOTENCY_RETENTION_MS = 30 * 86_400_000;

/** Forgets keys (and their stored answers) older than the retention, in one statement. */
export function pruneIdempotencyKeys(db: Db, now: Date): number {
  const cutoff = new Date(now.getTime() - IDEMPOTENCY_RETENTION_MS);
  const gone = db
    .delete(idempotencyKeys)
    .where(lt(idempotencyKeys.createdAt, cutoff))
    .returning({ key: idempotencyKeys.key })
    .all();
  return gone.length;
}

import { and, eq, lt, sql } from 'drizzle-orm';
import { preparedPer } from '../db/prepared';
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeHexLowerCase } from '@oslojs/encoding';
import type { Db, Tx } from '../db/client';
import { idempotencyKeys } from './schema';

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

/** A second request under a key already used for another one. */
export type IdempotencyConflict = { ok: false; reason: 'idempotency_conflict' };

/**
 * The `status` column predates answers being domain values: every stored
 * answer is a creation, and a replay answers as the first request did.
 */
const STORED_STATUS = 201;

/**
 * Runs `work` once per (user, key) in one synchronous transaction: a repeat with
 * the same request gets the stored value (`replayed`), a different request an
 * IdempotencyConflict. Only an accepted value is stored (as JSON): a refusal
 * stores nothing, so the client may fix the cause and retry with the same key.
 */
export function runIdempotent<T, R extends { ok: false }>(
  db: Db,
  input: { userId: number; key: string; requestHash: string; now: Date },
  work: (tx: Tx) => { ok: true; value: T } | R,
): { ok: true; value: T; replayed: boolean } | R | IdempotencyConflict {
  return db.transaction(
    (tx) => {
      const seen = statements(tx).seen.get({ userId: input.userId, key: input.key });
      if (seen) {
        if (seen.requestHash !== input.requestHash)
          return { ok: false, reason: 'idempotency_conflict' } as const;
        return { ok: true, value: JSON.parse(seen.response) as T, replayed: true } as const;
      }
      const done = work(tx);
      if (!done.ok) return done;
      statements(tx).store.run({
        userId: input.userId,
        key: input.key,
        requestHash: input.requestHash,
        status: STORED_STATUS,
        response: JSON.stringify(done.value),
        createdAt: input.now,
      });
      return { ok: true, value: done.value, replayed: false } as const;
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

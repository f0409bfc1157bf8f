/**
 * Issuing and reading documents. Issuing renders outside any transaction (pdf-lib
 * is async), then inserts under the unique (kind, subject, period) key: whoever
 * comes second (another host, a retry, a request racing the schedule) inserts
 * nothing and the first document stands. A new row commits with its
 * `document.created` event; for what the bank issues on its own, one `document`
 * notification per user then sums up the call; all go to the hub (and Web Push)
 * once committed.
 */
import { and, desc, eq, sql } from 'drizzle-orm';
import { sha256 } from '@oslojs/crypto/sha2';
import { decodeBase64, encodeBase64, encodeHexLowerCase } from '@oslojs/encoding';
import type { Executor } from '../db/client';
import type { Platform } from '../platform';
import type { Published } from '../ledger';
import { appendEventTx } from '../realtime/events';
import { topics } from '../realtime/hub';
import { insertNotificationTx, type NotificationView } from '../notifications/notifications';
import { publish } from '../realtime/publish';
import { settings } from '../db/schema';
import { documents, type DocumentKind } from './schema';

export type DocumentView = {
  id: number;
  kind: DocumentKind;
  title: string;
  accountId: number | null;
  period: string | null;
  createdAt: string;
  sizeBytes: number;
  sha256: string;
};

type Row = typeof documents.$inferSelect;

export const toDocumentView = (d: Omit<Row, 'pdf' | 'userId' | 'subject'>): DocumentView => ({
  id: d.id,
  kind: d.kind,
  title: d.title,
  accountId: d.accountId,
  period: d.period || null,
  createdAt: d.createdAt.toISOString(),
  sizeBytes: d.sizeBytes,
  sha256: d.sha256,
});

export const sha256Hex = (bytes: Uint8Array) => encodeHexLowerCase(sha256(bytes));

/** What one document is; `render` runs only when it is not issued yet. */
export type DocumentPlan = {
  userId: number;
  kind: DocumentKind;
  subject: string;
  period?: string;
  accountId?: number | null;
  title: string;
  /** When it is dated: the 1st for a statement, the transfer's time for its receipt. */
  createdAt: Date;
  /** True for what the bank issues on its own (statements, avis d'opéré): a notification too. */
  notify: boolean;
  render(): Promise<Uint8Array>;
};

const viewColumns = {
  id: documents.id,
  kind: documents.kind,
  title: documents.title,
  accountId: documents.accountId,
  period: documents.period,
  createdAt: documents.createdAt,
  sizeBytes: documents.sizeBytes,
  sha256: documents.sha256,
};

const HISTORY_KEY = 'documents.history_until';

/** Documents dated up to `until` are history (the fixtures' months): issued without a notification. */
export function markDocumentHistory(db: Executor, until: Date) {
  const value = String(until.getTime());
  db.insert(settings)
    .values({ key: HISTORY_KEY, value })
    .onConflictDoUpdate({ target: settings.key, set: { value } })
    .run();
}

export const historyUntil = (db: Executor) =>
  Number(db.select().from(settings).where(eq(settings.key, HISTORY_KEY)).get()?.value ?? 0);

export function findIssued(db: Executor, kind: DocumentKind, subject: string, period = '') {
  return (
    db
      .select(viewColumns)
      .from(documents)
      .where(
        and(eq(documents.kind, kind), eq(documents.subject, subject), eq(documents.period, period)),
      )
      .get() ?? null
  );
}

/**
 * Issues every plan not issued yet, oldest first; returns the documents it
 * created. One notification per user and call sums up what is new (a catch-up
 * of three months is one notice, not three).
 */
export async function issueDocuments(p: Platform, plans: DocumentPlan[]): Promise<DocumentView[]> {
  const created: { userId: number; view: DocumentView; notify: boolean }[] = [];
  const published: Published[] = [];
  const history = historyUntil(p.db);
  for (const plan of [...plans].sort((a, b) => +a.createdAt - +b.createdAt)) {
    if (findIssued(p.db, plan.kind, plan.subject, plan.period)) continue;
    const bytes = await plan.render();
    const row = p.db.transaction(
      (tx) => {
        const inserted = tx
          .insert(documents)
          .values({
            userId: plan.userId,
            kind: plan.kind,
            subject: plan.subject,
            period: plan.period ?? '',
            accountId: plan.accountId ?? null,
            title: plan.title,
            pdf: encodeBase64(bytes),
            sizeBytes: bytes.length,
            sha256: sha256Hex(bytes),
            createdAt: plan.createdAt,
          })
          .onConflictDoNothing()
          .returning(viewColumns)
          .get();
        if (!inserted) return null;
        const view = toDocumentView(inserted);
        published.push(
          appendEventTx(
            tx,
            topics.user(plan.userId),
            'document.created',
            { document: view },
            p.clock.now(),
          ),
        );
        return view;
      },
      { behavior: 'immediate' },
    );
    const notify = plan.notify && +plan.createdAt > history;
    if (row) created.push({ userId: plan.userId, view: row, notify });
  }
  const notices = notifyNewDocuments(p, created, published);
  publish(p, { published, pushes: notices });
  return created.map((c) => c.view);
}

function notifyNewDocuments(
  p: Platform,
  created: { userId: number; view: DocumentView; notify: boolean }[],
  published: Published[],
) {
  const byUser = new Map<number, DocumentView[]>();
  for (const c of created)
    if (c.notify) byUser.set(c.userId, [...(byUser.get(c.userId) ?? []), c.view]);
  const notices: { userId: number; notification: NotificationView }[] = [];
  for (const [userId, views] of byUser) {
    const latest = views[views.length - 1];
    const n = p.db.transaction((tx) =>
      insertNotificationTx(
        tx,
        null,
        {
          recipientId: userId,
          kind: 'document',
          title:
            views.length === 1
              ? 'Nouveau document disponible'
              : `${views.length} nouveaux documents disponibles`,
          body: views.length === 1 ? latest.title : `Dont : ${latest.title}.`,
          link: '/documents',
        },
        p.clock.now(),
      ),
    );
    published.push(n.published);
    notices.push({ userId, notification: n.notification });
  }
  return notices;
}

export type DocumentFilter = { kind?: DocumentKind; accountId?: number };

/** A user's documents, newest first. */
export function listDocuments(db: Executor, userId: number, f: DocumentFilter = {}) {
  return db
    .select(viewColumns)
    .from(documents)
    .where(
      and(
        eq(documents.userId, userId),
        f.kind ? eq(documents.kind, f.kind) : undefined,
        f.accountId ? eq(documents.accountId, f.accountId) : undefined,
      ),
    )
    .orderBy(desc(documents.createdAt), desc(documents.id))
    .all()
    .map(toDocumentView);
}

/** One document's bytes, only for its owner (anyone else: null, the route's 404). */
export function readDocument(db: Executor, userId: number, id: number) {
  const row = db
    .select({
      pdf: documents.pdf,
      title: documents.title,
      kind: documents.kind,
      period: documents.period,
    })
    .from(documents)
    .where(and(eq(documents.id, id), eq(documents.userId, userId)))
    .get();
  return row ? { ...row, bytes: decodeBase64(row.pdf) } : null;
}

/** Bytes of an issued document by its key (receipts served from the transfer's route). */
export function readIssuedBytes(db: Executor, kind: DocumentKind, subject: string, period = '') {
  const row = db
    .select({ pdf: documents.pdf })
    .from(documents)
    .where(
      and(eq(documents.kind, kind), eq(documents.subject, subject), eq(documents.period, period)),
    )
    .get();
  return row ? decodeBase64(row.pdf) : null;
}

export const countDocuments = (db: Executor) =>
  db.get<{ n: number }>(sql`select count(*) as n from documents`).n;

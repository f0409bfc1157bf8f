import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { users } from '../users/schema';
import { createdAt } from '../db/columns';

/**
 * « Notes internes »: what staff write about a client, kept with author and time.
 * Staff-only: no client route reads this table.
 */
export const staffNotes = sqliteTable(
  'staff_notes',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    clientId: integer('client_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    authorId: integer('author_id')
      .notNull()
      .references(() => users.id),
    body: text('body').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('staff_notes_client_idx').on(t.clientId, t.id)],
);

export const STAFF_ALERT_KINDS = ['overdrawn', 'large_transfer', 'unanswered'] as const;
export type StaffAlertKind = (typeof STAFF_ALERT_KINDS)[number];

/**
 * Alerts for the client's advisor and the director. `subject` names the fact an
 * alert is about (an operation on an account, the first unanswered message): the
 * unique (kind, subject) key makes raising one twice — a retry, a restart's
 * catch-up, two hosts — a no-op.
 */
export const staffAlerts = sqliteTable(
  'staff_alerts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    clientId: integer('client_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: STAFF_ALERT_KINDS }).notNull(),
    subject: text('subject').notNull(),
    /** The French sentence shown (« Solde débiteur : −120,00 € sur Compte courant »). */
    detail: text('detail').notNull(),
    amountCents: integer('amount_cents'),
    resolvedAt: integer('resolved_at', { mode: 'timestamp_ms' }),
    resolvedBy: integer('resolved_by').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('staff_alerts_subject_uq').on(t.kind, t.subject),
    index('staff_alerts_client_idx').on(t.clientId, t.id),
  ],
);

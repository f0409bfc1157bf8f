import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { bankAccounts } from '../accounts/schema';
import { users } from '../users/schema';

export const DOCUMENT_KINDS = [
  'statement',
  'rib',
  'transfer_receipt',
  'trade_confirmation',
  'interest_statement',
] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

/**
 * A document the bank issued, with its bytes: never updated nor deleted. The
 * bytes are stored rather than re-rendered so that a later change of layout,
 * font or library can never change a document already handed out (its
 * SHA-256, recorded here at issue, is the promise). The unique
 * (kind, subject, period) key is what makes issuing idempotent: a second run
 * (restart, catch-up, another host, two requests at once) inserts nothing.
 */
export const documents = sqliteTable(
  'documents',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: DOCUMENT_KINDS }).notNull(),
    /** What it is about: 'account:12', 'transfer:5', 'order:7'. */
    subject: text('subject').notNull(),
    /** 'YYYY-MM' (statement), 'YYYY' (interest statement), '' otherwise. */
    period: text('period').notNull().default(''),
    accountId: integer('account_id').references(() => bankAccounts.id),
    title: text('title').notNull(),
    /** The PDF, base64 (text binds the same way on better-sqlite3 and Durable Object SQLite). */
    pdf: text('pdf').notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    sha256: text('sha256').notNull(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [
    uniqueIndex('documents_subject_uq').on(t.kind, t.subject, t.period),
    index('documents_user_idx').on(t.userId, t.id),
  ],
);

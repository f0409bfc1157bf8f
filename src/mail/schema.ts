import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { createdAt } from '../db/columns';

/** Mails kept for the dev mailbox (only used when no SMTP_URL is set). */
export const devMails = sqliteTable('dev_mails', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  to: text('to').notNull(),
  subject: text('subject').notNull(),
  text: text('text').notNull(),
  html: text('html').notNull(),
  createdAt: createdAt(),
});

/**
 * The durable mail outbox: every mail is queued here in the transaction that
 * decided to send it, then sent by a background loop with retries. Sent rows
 * stay a while (they are what the per-recipient limit counts), but only as
 * recipient, kind, times and status: the subject and body, which may carry a
 * live sign-in or reset link, are blanked once the mail left.
 */
export const mailOutbox = sqliteTable(
  'mail_outbox',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** The recipient, lower case (the per-recipient limit's key). */
    recipient: text('recipient').notNull(),
    /** What the mail is (`verification`, `password_reset`…), kept after its body is gone. */
    kind: text('kind').notNull().default('mail'),
    subject: text('subject').notNull(),
    text: text('text').notNull(),
    html: text('html').notNull(),
    attempts: integer('attempts').notNull().default(0),
    /** Due from then; a sender that claims the row pushes it forward by a lease. */
    nextAttemptAt: integer('next_attempt_at', { mode: 'timestamp_ms' }).notNull(),
    sentAt: integer('sent_at', { mode: 'timestamp_ms' }),
    lastError: text('last_error'),
    createdAt: createdAt(),
  },
  (t) => [
    index('mail_outbox_recipient_idx').on(t.recipient, t.createdAt),
    index('mail_outbox_due_idx').on(t.sentAt, t.nextAttemptAt),
  ],
);

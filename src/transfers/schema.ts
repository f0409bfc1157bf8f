import {
  index,
  integer,
  sqliteTable,
  text,
  uniqueIndex,
  type AnySQLiteColumn,
} from 'drizzle-orm/sqlite-core';
import { bankAccounts } from '../accounts/schema';
import { users } from '../users/schema';
import { operations } from '../ledger/schema';
import { createdAt } from '../db/columns';

/** Who pays whom and how much: the columns a transfer and a scheduled one share. */
const payment = () => ({
  id: integer('id').primaryKey({ autoIncrement: true }),
  userId: integer('user_id')
    .notNull()
    .references(() => users.id),
  fromAccountId: integer('from_account_id')
    .notNull()
    .references(() => bankAccounts.id),
  toIban: text('to_iban').notNull(),
  amountCents: integer('amount_cents').notNull(),
  label: text('label').notNull(),
  beneficiaryName: text('beneficiary_name').notNull(),
});

/** A transfer a client ordered, with the ledger operation that moved the money. */
export const transfers = sqliteTable(
  'transfers',
  {
    ...payment(),
    operationId: integer('operation_id')
      .notNull()
      .references(() => operations.id),
    internal: integer('internal', { mode: 'boolean' }).notNull(),
    /** The standing or scheduled transfer this occurrence ran for; null when ordered directly. */
    scheduledId: integer('scheduled_id').references((): AnySQLiteColumn => scheduledTransfers.id),
    createdAt: createdAt(),
  },
  (t) => [
    index('transfers_user_idx').on(t.userId, t.id),
    index('transfers_scheduled_idx').on(t.scheduledId),
  ],
);

export const FREQUENCIES = ['once', 'weekly', 'monthly', 'quarterly', 'yearly'] as const;
export type Frequency = (typeof FREQUENCIES)[number];
export const SCHEDULE_STATUSES = ['active', 'finished', 'cancelled'] as const;
export const RUN_RESULTS = ['executed', 'insufficient_funds', 'account_closed'] as const;
export type RunResult = (typeof RUN_RESULTS)[number];

/**
 * A transfer ordered for later: once (« Virement programmé ») or repeating
 * (« Virement permanent »). Dates are Paris calendar days 'YYYY-MM-DD'.
 * Occurrence k after the anchor falls k periods after `anchorDate` (a day past
 * a month's end runs on its last day, so the 31st stays the 31st where it exists);
 * moving the next date re-anchors there.
 */
export const scheduledTransfers = sqliteTable(
  'scheduled_transfers',
  {
    ...payment(),
    frequency: text('frequency', { enum: FREQUENCIES }).notNull(),
    firstDate: text('first_date').notNull(),
    endDate: text('end_date'),
    count: integer('count'),
    anchorDate: text('anchor_date').notNull(),
    /** Occurrences already due since the anchor (the next one is anchor + this many periods). */
    anchorIndex: integer('anchor_index').notNull().default(0),
    nextDate: text('next_date'),
    status: text('status', { enum: SCHEDULE_STATUSES }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index('scheduled_transfers_user_idx').on(t.userId, t.id),
    index('scheduled_transfers_due_idx').on(t.status, t.nextDate),
    index('scheduled_transfers_account_idx').on(t.fromAccountId, t.status),
  ],
);

/**
 * One occurrence of a scheduled transfer, executed or refused. The unique
 * (schedule, date) key is what makes the runner safe to run twice, from two
 * hosts or after a restart: a second insert of the same occurrence fails and
 * its transaction (the transfer with it) rolls back.
 */
export const scheduledTransferRuns = sqliteTable(
  'scheduled_transfer_runs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    scheduledId: integer('scheduled_id')
      .notNull()
      .references(() => scheduledTransfers.id),
    date: text('date').notNull(),
    result: text('result', { enum: RUN_RESULTS }).notNull(),
    transferId: integer('transfer_id').references(() => transfers.id),
    at: integer('at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [uniqueIndex('scheduled_transfer_runs_once_uq').on(t.scheduledId, t.date)],
);

export const VERIFICATIONS = ['match', 'close_match', 'no_match', 'not_verifiable'] as const;
export type Verification = (typeof VERIFICATIONS)[number];

/** A payee a client saved (after re-entering their password). */
export const beneficiaries = sqliteTable(
  'beneficiaries',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    iban: text('iban').notNull(),
    verification: text('verification', { enum: VERIFICATIONS }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('beneficiaries_user_iban_uq').on(t.userId, t.iban)],
);

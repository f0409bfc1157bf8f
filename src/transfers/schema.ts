import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { bankAccounts, users } from '../db/schema';
import { operations } from '../ledger/schema';

const createdAt = () =>
  integer('created_at', { mode: 'timestamp_ms' })
    .notNull()
    .default(sql`(cast(unixepoch('subsec') * 1000 as integer))`);

/** A transfer a client ordered, with the ledger operation that moved the money. */
export const transfers = sqliteTable(
  'transfers',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    operationId: integer('operation_id')
      .notNull()
      .references(() => operations.id),
    fromAccountId: integer('from_account_id')
      .notNull()
      .references(() => bankAccounts.id),
    toIban: text('to_iban').notNull(),
    amountCents: integer('amount_cents').notNull(),
    label: text('label').notNull(),
    beneficiaryName: text('beneficiary_name').notNull(),
    internal: integer('internal', { mode: 'boolean' }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('transfers_user_idx').on(t.userId, t.id)],
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

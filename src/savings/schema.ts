import { integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { bankAccounts } from '../accounts/schema';
import { users } from '../users/schema';
import { operations } from '../ledger/schema';
import { createdAt } from '../db/columns';

/** The Livret Avenir's rate history, append-only: the rate in force at t is the last one with since ≤ t. */
export const savingsRates = sqliteTable('savings_rates', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  rateBasisPoints: integer('rate_basis_points').notNull(),
  since: integer('since', { mode: 'timestamp_ms' }).notNull(),
  setBy: integer('set_by').references(() => users.id),
  createdAt: createdAt(),
});

/**
 * One day's interest on one savings account. The primary key is what makes
 * accrual idempotent: a second run (restart, catch-up, another host) cannot
 * insert the same (account, day) again, so it posts nothing.
 * Amounts are exact: `accrued` = balance × rate in units of 1/3,650,000 cent
 * (cents × bp / 10000 / 365), `carry` is what remains below one cent afterwards.
 */
export const savingsAccruals = sqliteTable(
  'savings_accruals',
  {
    accountId: integer('account_id')
      .notNull()
      .references(() => bankAccounts.id),
    /** Europe/Paris calendar day, YYYY-MM-DD. */
    day: text('day').notNull(),
    balance: integer('balance').notNull(),
    rateBasisPoints: integer('rate_basis_points').notNull(),
    accrued: integer('accrued').notNull(),
    carry: integer('carry').notNull(),
    /** Whole cents posted for this day (0: all carried). */
    postedCents: integer('posted_cents').notNull(),
    operationId: integer('operation_id').references(() => operations.id),
    /** Why the day's interest could not be posted (e.g. account_closed): kept owed in the carry. */
    failure: text('failure'),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.day] })],
);

import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { createdAt } from '../db/columns';
import { users } from '../users/schema';

export const ACCOUNT_TYPES = ['checking', 'savings', 'securities', 'bank'] as const;
export type AccountType = (typeof ACCOUNT_TYPES)[number];

/**
 * Every account of the ledger: a customer's checking / savings account (with an
 * IBAN), a customer's securities position (asset = a stock), or one of the
 * bank's own accounts (no user; `systemCode` names it: 'external', 'interest',
 * 'fees', …). Amounts are integers in the asset's unit: cents for 'EUR', shares
 * for a stock. `balance` and `held` are caches kept by src/ledger/post.ts.
 */
export const bankAccounts = sqliteTable(
  'bank_accounts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: integer('user_id').references(() => users.id, { onDelete: 'cascade' }),
    iban: text('iban').unique(),
    label: text('label').notNull(),
    type: text('type', { enum: ACCOUNT_TYPES }).notNull(),
    /** 'EUR' or a stock's asset code (see src/ledger/assets.ts). */
    asset: text('asset').notNull().default('EUR'),
    balance: integer('balance').notNull().default(0),
    /** Reserved by open holds (stock orders); always the sum of the account's open holds. */
    held: integer('held').notNull().default(0),
    overdraftLimit: integer('overdraft_limit').notNull().default(0),
    /** Savings accounts only: the yearly rate in basis points (300 = 3.00 %). */
    rateBasisPoints: integer('rate_basis_points'),
    /** The bank's own accounts: 'external' (the world, SEPA), 'interest', 'fees', … */
    systemCode: text('system_code'),
    closedAt: integer('closed_at', { mode: 'timestamp_ms' }),
    createdAt: createdAt(),
  },
  (t) => [
    index('bank_accounts_user_idx').on(t.userId),
    uniqueIndex('bank_accounts_system_uq').on(t.systemCode, t.asset),
  ],
);

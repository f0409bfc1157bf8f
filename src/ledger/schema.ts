import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { bankAccounts } from '../accounts/schema';
import { users } from '../users/schema';
import { createdAt } from '../db/columns';

export const OPERATION_KINDS = [
  'transfer',
  'deposit',
  'interest',
  'fee',
  'trade',
  'opening',
] as const;
export type OperationKind = (typeof OPERATION_KINDS)[number];

/** One movement: a set of postings that sum to zero per asset. Never updated nor deleted. */
export const operations = sqliteTable('operations', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  kind: text('kind', { enum: OPERATION_KINDS }).notNull(),
  label: text('label').notNull(),
  /** Who asked for it (null: the bank itself, e.g. interest). */
  userId: integer('user_id').references(() => users.id),
  createdAt: createdAt(),
});

/**
 * One account's side of an operation (one row per account and operation), with
 * how that account sees it: the balance after it and the other party. Immutable:
 * triggers (migrations/*_ledger_immutable.sql) abort any UPDATE or DELETE.
 */
export const postings = sqliteTable(
  'postings',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    operationId: integer('operation_id')
      .notNull()
      .references(() => operations.id),
    accountId: integer('account_id')
      .notNull()
      .references(() => bankAccounts.id),
    asset: text('asset').notNull(),
    /** Signed, in the asset's unit: negative leaves the account. */
    amount: integer('amount').notNull(),
    balanceAfter: integer('balance_after').notNull(),
    counterpartyName: text('counterparty_name'),
    counterpartyIban: text('counterparty_iban'),
    /** Label and counterparty name, lower case without accents (history search). */
    search: text('search').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index('postings_account_idx').on(t.accountId, t.operationId),
    index('postings_operation_idx').on(t.operationId),
  ],
);

export const HOLD_STATUSES = ['open', 'released', 'consumed'] as const;

/** Funds (or shares) reserved on an account for an owner, e.g. an open stock order. */
export const holds = sqliteTable(
  'holds',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    accountId: integer('account_id')
      .notNull()
      .references(() => bankAccounts.id),
    asset: text('asset').notNull(),
    /** What is still reserved (decreases as the owner consumes or releases it). */
    amount: integer('amount').notNull(),
    /** What the owner is, e.g. 'order', and its id. */
    ownerType: text('owner_type').notNull(),
    ownerId: integer('owner_id').notNull(),
    status: text('status', { enum: HOLD_STATUSES }).notNull().default('open'),
    createdAt: createdAt(),
  },
  (t) => [
    index('holds_account_idx').on(t.accountId, t.status),
    index('holds_owner_idx').on(t.ownerType, t.ownerId),
  ],
);

/** A client request that moves money, answered once: the same key and body get the stored answer. */
export const idempotencyKeys = sqliteTable(
  'idempotency_keys',
  {
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    /** SHA-256 of the request (route + canonical JSON body). */
    requestHash: text('request_hash').notNull(),
    status: integer('status').notNull(),
    response: text('response').notNull(), // JSON
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.key] }),
    index('idempotency_keys_created_idx').on(t.createdAt), // pruning after 30 days
  ],
);

export type Operation = typeof operations.$inferSelect;
export type Posting = typeof postings.$inferSelect;
export type Hold = typeof holds.$inferSelect;

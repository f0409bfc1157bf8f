import type { BaseSQLiteDatabase } from 'drizzle-orm/sqlite-core';
import * as coreSchema from './schema';
import * as ledgerSchema from '../ledger/schema';
import * as transferSchema from '../transfers/schema';
import * as marketSchema from '../market/schema';
import * as savingsSchema from '../savings/schema';
import * as staffSchema from '../staff/schema';

/** Every table, for drizzle's relational queries and the Db type. */
export const schema = {
  ...coreSchema,
  ...ledgerSchema,
  ...transferSchema,
  ...marketSchema,
  ...savingsSchema,
  ...staffSchema,
};

/**
 * Synchronous SQLite behind drizzle's base type: better-sqlite3 on Node, Durable
 * Object SQLite on Workers. `.run()`'s result is host-specific (undefined on a DO).
 */
export type Db = BaseSQLiteDatabase<'sync', unknown, typeof schema>;

/** A transaction handle; transactions are synchronous on both hosts (use .run/.get/.all). */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type Executor = Db | Tx;

import { eq, sql } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Executor } from './client';

/**
 * Caches a prepared statement per database handle. Pass the database itself
 * (not a transaction handle) on hot paths: its statements run on the same
 * connection, so inside an open transaction too, and are prepared only once.
 */
export function preparedPer<T>(build: (db: Executor) => T): (db: Executor) => T {
  const cache = new WeakMap<object, T>();
  return (db) => {
    // A transaction handle shares its database's session (one connection): key on it, so a
    // statement prepared once serves every later transaction too.
    const key: object = (db as unknown as { session?: object }).session ?? db;
    let statement = cache.get(key);
    if (!statement) cache.set(key, (statement = build(db)));
    return statement;
  };
}

/** `UPDATE table SET f = :f, … WHERE id = :id`, prepared: run it with `{ id, f, … }`. */
export function prepareUpdateById(
  db: Executor,
  table: SQLiteTable & { id: SQLiteColumn },
  ...fields: string[]
) {
  const set = Object.fromEntries(fields.map((f) => [f, sql.placeholder(f)]));
  return db
    .update(table)
    .set(set as never)
    .where(eq(table.id, sql.placeholder('id')))
    .prepare();
}

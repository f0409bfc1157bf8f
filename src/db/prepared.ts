import type { Executor } from './client';

/**
 * Caches a prepared statement per database handle. Pass the database itself
 * (not a transaction handle) on hot paths: its statements run on the same
 * connection, so inside an open transaction too, and are prepared only once.
 */
export function preparedPer<T>(build: (db: Executor) => T): (db: Executor) => T {
  const cache = new WeakMap<Executor, T>();
  return (db) => {
    let statement = cache.get(db);
    if (!statement) cache.set(db, (statement = build(db)));
    return statement;
  };
}

import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { schema, type Db } from '../../db/client';
import { MIGRATIONS_DIR } from './paths';

/** Opens (creating if needed) the SQLite file, tunes it and applies the migrations. */
export function openDatabase(
  path: string,
  opts: { autoCheckpoint?: boolean } = {},
): { db: Db; sqlite: Database.Database } {
  if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
  const sqlite = new Database(path);
  sqlite.pragma('journal_mode = WAL');
  // Commits write the WAL without syncing it; what is acknowledged is synced first, in groups,
  // by the host's durable() (./wal-sync.ts explains why that is FULL's guarantee for every answer).
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // A host that checkpoints elsewhere (./checkpointer.ts) turns the automatic one off.
  if (opts.autoCheckpoint === false) sqlite.pragma('wal_autocheckpoint = 0');
  const db = drizzle({ client: sqlite, schema });
  migrate(db, { migrationsFolder: MIGRATIONS_DIR });
  runTransactionsNatively(db, sqlite);
  return { db, sqlite };
}

/**
 * `db.transaction` through better-sqlite3's own wrapper, with `db` itself as the
 * transaction handle. drizzle builds a transaction object for every call (its
 * constructor sets up a query builder per table: ~20 µs a transaction, ~25 more per
 * nested one, whose SAVEPOINT statements it prepares anew each time; bench
 * profile of a chat send); better-sqlite3's wrapper runs prepared BEGIN / COMMIT /
 * SAVEPOINT (~2 µs). Same semantics: every statement runs on this one connection,
 * so inside the open transaction; a throw rolls back (a nested call: to its
 * savepoint) and is rethrown; `behavior` picks BEGIN DEFERRED / IMMEDIATE /
 * EXCLUSIVE. Nothing here calls `tx.rollback()` (throw instead).
 */
function runTransactionsNatively(db: Db, sqlite: Database.Database) {
  const native = sqlite.transaction((work: (tx: Db) => unknown) => work(db));
  db.transaction = ((work: (tx: Db) => unknown, config?: { behavior?: string }) => {
    const behavior = config?.behavior;
    return behavior === 'immediate' || behavior === 'exclusive'
      ? native[behavior](work)
      : native(work);
  }) as Db['transaction'];
}

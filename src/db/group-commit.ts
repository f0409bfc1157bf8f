import type { Db, Tx } from './client';
import { isStorageUnavailable } from './unavailable';

type Pending = { work: (tx: Tx) => unknown; resolve(v: unknown): void; reject(e: unknown): void };

const later: (run: () => void) => void =
  typeof setImmediate === 'function' ? (run) => setImmediate(run) : (run) => setTimeout(run, 0);

/**
 * Batched transactions. Writes that arrive together (one event-loop turn)
 * share one transaction, so one COMMIT and one set of WAL frames for pages they
 * share. Each write runs in its own savepoint, in arrival order: one that
 * throws is rolled back alone, and its caller alone sees the error. Every
 * promise settles only after the shared COMMIT, so nothing is published before
 * it is committed; the answer to the writer still waits for
 * `platform.durable()` (the fsync, shared the same way). If the database
 * cannot write (full disk…), the whole group rolls back and every caller gets
 * that error.
 */
export function createGroupCommit(db: Db) {
  let queue: Pending[] = [];

  function flush() {
    const group = queue;
    queue = [];
    const outcomes: { ok: boolean; value: unknown }[] = [];
    try {
      db.transaction(() => {
        for (const item of group) {
          try {
            outcomes.push({ ok: true, value: db.transaction(item.work) }); // nested: a savepoint
          } catch (err) {
            if (isStorageUnavailable(err)) throw err; // SQLite may have ended the transaction
            outcomes.push({ ok: false, value: err });
          }
        }
      });
    } catch (err) {
      for (const item of group) item.reject(err);
      return;
    }
    group.forEach((item, i) =>
      outcomes[i].ok ? item.resolve(outcomes[i].value) : item.reject(outcomes[i].value),
    );
  }

  /** Runs `work` (synchronous, as any transaction) in the next group; resolves once it is committed. */
  return function commit<T>(work: (tx: Tx) => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (queue.length === 0) later(flush);
      queue.push({ work, resolve: resolve as (v: unknown) => void, reject });
    });
  };
}

const perDb = new WeakMap<Db, ReturnType<typeof createGroupCommit>>();

/** The database's group commit (one queue per database handle). */
export function groupCommit<T>(db: Db, work: (tx: Tx) => T): Promise<T> {
  let commit = perDb.get(db);
  if (!commit) perDb.set(db, (commit = createGroupCommit(db)));
  return commit(work);
}

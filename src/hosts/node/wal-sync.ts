import type Database from 'better-sqlite3';
import { dirname } from 'node:path';
import { ASKED, DONE, FAILED, MESSAGE_BYTES, WORDS } from './threads/wal-sync-words';
import { startThread } from './threads/spawn';

/*
 * Group commit for the Node host: the database runs `synchronous = NORMAL`
 * (./db.ts) and `durable()` fdatasyncs the WAL file, off the event loop, once for
 * every batch of commits.
 *
 * Why that keeps FULL's promise for every acknowledged write: in WAL mode the
 * only thing FULL adds to NORMAL is one sync of the -wal file at each COMMIT
 * (both sync the WAL before a checkpoint copies it and the database file after).
 * A NORMAL commit has already written its frames to the -wal file (the OS page
 * cache) when it returns; the fdatasync here puts them, and every earlier
 * commit's, on disk — the same sync, later, shared by a batch. The answer waits
 * for it, so a crash can only lose commits nobody was told about, exactly as a
 * crash during a FULL commit can. The WAL is replayed in order up to the first
 * frame that fails its checksum, so a lost commit never leaves a hole before a
 * kept one. If a checkpoint ran in between, it already synced the frames into the
 * database file (and TRUNCATE keeps the -wal inode, so our descriptor stays the
 * file SQLite writes; the worker still re-checks the inode before each sync).
 *
 * Dedicated thread, not libuv's pool: `fs.fdatasync` would queue behind scrypt
 * hashes (4 pool threads; the hash gate admits up to 32 at ~100 ms each), so an
 * ack could wait seconds behind a login flood. A worker thread of its own keeps a
 * sync at its ~0.2 ms whatever the pool is doing, and needs no UV_THREADPOOL_SIZE
 * set before the pool starts.
 */
// The hand-off is a SharedArrayBuffer (./threads/wal-sync-words.ts), the thread a module of its
// own (./threads/wal-sync-thread.ts).

/** A failed sync: classified like SQLite's own I/O errors (503 `unavailable`, the client may retry). */
function syncFailed(message: string) {
  return Object.assign(new Error(`WAL sync failed: ${message}`), { code: 'SQLITE_IOERR_FSYNC' });
}

/** Tests wrap the real sync to hold it, count it or make it fail. */
export type WrapSync = (sync: () => Promise<void>) => () => Promise<void>;

export type DurableSeam = {
  durable(): Promise<void>;
  /** How many syncs ran (tests and benches: how well writes shared them). */
  readonly syncs: number;
};

/**
 * Coalesces `sync` calls: `durable()` resolves after a sync that started after the
 * call, so it covers every commit before it. While one sync is in flight, later
 * callers share the next one, which starts when it ends. `changes` (SQLite's
 * total_changes) lets a call resolve at once when nothing was written since the
 * last completed sync started (a GET, a refused request). A failed sync rejects its
 * callers; the next call tries again.
 */
export function coalesceSyncs(sync: () => Promise<void>, changes: () => number): DurableSeam {
  let synced = -1; // changes() when the last successful sync started
  let running: { upTo: number; done: Promise<void> } | null = null;
  let queued: Promise<void> | null = null;
  let syncs = 0;

  function start(): Promise<void> {
    const upTo = changes();
    syncs++;
    const done = sync()
      .then(() => void (synced = Math.max(synced, upTo)))
      .finally(() => void (running = null));
    running = { upTo, done };
    return done;
  }

  return {
    durable() {
      // A queued sync starts later, so it covers this caller too: no need to read changes().
      if (queued) return queued;
      const now = changes();
      if (now <= synced) return Promise.resolve();
      if (running && now <= running.upTo) return running.done;
      if (!running) return start();
      queued = running.done
        .catch(() => {})
        .then(() => {
          queued = null;
          return start();
        });
      return queued;
    },
    get syncs() {
      return syncs;
    },
  };
}

/**
 * The Node platform's `durable()` for the database at `path`, fdatasyncing its
 * -wal file on a dedicated worker thread. `:memory:` has no file: resolves at once.
 */
export function startWalSync(
  path: string,
  sqlite: Database.Database,
  opts: { wrapSync?: WrapSync } = {},
) {
  const totalChanges = sqlite.prepare('SELECT total_changes()').pluck();
  const changes = () => totalChanges.get() as number;
  const wrap = opts.wrapSync ?? ((sync) => sync);
  // Whatever fails in a sync is a storage error: 503 `unavailable`, never a lie.
  const guarded = (sync: () => Promise<void>) => {
    const wrapped = wrap(sync);
    return () => wrapped().catch((err) => Promise.reject(syncFailed(String(err?.message ?? err))));
  };
  if (path === ':memory:')
    return Object.assign(
      coalesceSyncs(
        guarded(() => Promise.resolve()),
        changes,
      ),
      {
        stop: async () => {},
      },
    );

  let thread: SyncThread | null = null;
  // coalesceSyncs never runs two at once: one request in flight at a time.
  const forget = (dead: SyncThread) => {
    if (thread === dead) thread = null;
  };
  const seam = coalesceSyncs(
    guarded(() => (thread ??= startSyncThread(path, forget)).sync()),
    changes,
  );
  return Object.assign(seam, {
    async stop() {
      const t = thread;
      thread = null;
      await t?.stop();
    },
  });
}

/** ES2024's Atomics.waitAsync (in Node since 16; this project's TypeScript lib is ES2023). */
const waitAsync = (
  Atomics as unknown as {
    waitAsync(a: Int32Array, index: number, value: number): { async: boolean; value: unknown };
  }
).waitAsync;

type SyncThread = { sync(): Promise<void>; stop(): Promise<unknown> };

/**
 * The sync thread for the database at `path`; `lost` gets it if it dies (the next sync starts
 * another; a thread stopped and replaced meanwhile must not clear its successor).
 */
function startSyncThread(path: string, lost: (dead: SyncThread) => void): SyncThread {
  const shared = new SharedArrayBuffer(WORDS * 4 + MESSAGE_BYTES);
  const words = new Int32Array(shared, 0, WORDS);
  const worker = startThread('wal-sync', {
    workerData: { wal: `${path}-wal`, main: path, dir: dirname(path), shared },
  });
  worker.unref(); // held (ref) only while a sync is in flight: Atomics.waitAsync holds nothing
  let asked = 0;
  let gone: string | null = null;
  const die = (why: string) => {
    if (gone !== null) return;
    gone = why;
    lost(self);
    Atomics.notify(words, DONE); // wakes a sync waiting below
  };
  worker.on('error', (err) => die(err.message));
  worker.on('exit', () => die('sync thread exited'));

  async function sync() {
    const ticket = ++asked;
    Atomics.store(words, ASKED, ticket);
    Atomics.notify(words, ASKED);
    worker.ref();
    try {
      for (;;) {
        if (gone !== null) throw new Error(gone);
        const done = Atomics.load(words, DONE);
        if (done >= ticket) break;
        const wait = waitAsync(words, DONE, done);
        if (wait.async) await wait.value;
      }
    } finally {
      worker.unref();
    }
    const failed = Atomics.load(words, FAILED);
    if (failed)
      throw new Error(new TextDecoder().decode(new Uint8Array(shared, WORDS * 4, failed).slice()));
  }
  const self: SyncThread = { sync, stop: () => worker.terminate() };
  return self;
}

import type Database from 'better-sqlite3';
import { dirname } from 'node:path';
import { Worker } from 'node:worker_threads';

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
const WORKER_SOURCE = `
const { workerData, parentPort } = require('node:worker_threads');
const fs = require('node:fs');
const { wal, main, dir } = workerData;
let fd = null;
let ino = null;
const inode = (p) => { try { return fs.statSync(p).ino; } catch (e) { if (e.code === 'ENOENT') return null; throw e; } };
function syncPath(p) { const f = fs.openSync(p, 'r'); try { fs.fdatasyncSync(f); } finally { fs.closeSync(f); } }
// Once: the -wal file's directory entry (SQLite syncs the directory when it creates the file).
try { syncPath(dir); } catch {}
parentPort.on('message', () => {
  try {
    const now = inode(wal);
    if (now === null) {
      // No -wal file: SQLite removes it only after checkpointing everything into the database file.
      syncPath(main);
    } else {
      if (fd === null || now !== ino) {
        if (fd !== null) fs.closeSync(fd);
        fd = fs.openSync(wal, 'r');
        ino = fs.fstatSync(fd).ino;
      }
      fs.fdatasyncSync(fd);
    }
    parentPort.postMessage(null);
  } catch (err) {
    if (fd !== null) { try { fs.closeSync(fd); } catch {} fd = null; }
    parentPort.postMessage(String((err && err.message) || err));
  }
});
`;

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
      const now = changes();
      if (now <= synced) return Promise.resolve();
      if (running && now <= running.upTo) return running.done;
      if (queued) return queued; // starts later, so it covers this caller too
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

  let worker: Worker | null = null;
  let pending: { resolve(): void; reject(e: Error): void } | null = null;

  function spawn(): Worker {
    const w = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { wal: `${path}-wal`, main: path, dir: dirname(path) },
    });
    w.unref();
    w.on('message', (error: string | null) => {
      const p = pending;
      pending = null;
      if (error === null) p?.resolve();
      else p?.reject(new Error(error));
    });
    const lost = (why: string) => {
      if (worker === w) worker = null;
      pending?.reject(new Error(why));
      pending = null;
    };
    w.on('error', (err) => lost(err.message));
    w.on('exit', () => lost('sync thread exited'));
    return w;
  }

  // coalesceSyncs never runs two at once, so one pending slot is enough.
  const seam = coalesceSyncs(
    guarded(
      () =>
        new Promise<void>((resolve, reject) => {
          pending = { resolve, reject };
          (worker ??= spawn()).postMessage(0);
        }),
    ),
    changes,
  );
  return Object.assign(seam, {
    async stop() {
      const w = worker;
      worker = null;
      await w?.terminate();
    },
  });
}

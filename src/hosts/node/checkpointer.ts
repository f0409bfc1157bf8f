import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

// The worker's own connection: better-sqlite3 works in worker threads. It never
// creates the database (fileMustExist) and reopens it after any failure.
const WORKER_SOURCE = `
const { workerData, parentPort } = require('node:worker_threads');
const { statSync } = require('node:fs');
const { path, everyMs, driver } = workerData;
const Database = require(driver);
let db = null;
let seen = null; // PRAGMA data_version: changes whenever another connection commits
let failing = false;

const walBytes = () => { try { return statSync(path + '-wal').size; } catch { return 0; } };

function tick() {
  try {
    if (!db) {
      db = new Database(path, { fileMustExist: true });
      db.pragma('busy_timeout = 1000');
    }
    const version = db.pragma('data_version', { simple: true });
    if (version !== seen) db.pragma('wal_checkpoint(PASSIVE)'); // writes going on: never block them
    else if (walBytes() > 0) db.pragma('wal_checkpoint(TRUNCATE)'); // idle: empty the log file
    seen = version;
    if (failing) parentPort.postMessage({ type: 'recovered' });
    failing = false;
  } catch (err) {
    try { db?.close(); } catch {}
    db = null;
    seen = null;
    // Once per failure spell (a full disk fails every tick), not every second.
    if (!failing) parentPort.postMessage({ type: 'error', message: String(err && err.message) });
    failing = true;
  }
}

const timer = setInterval(tick, everyMs);
parentPort.on('message', () => {
  clearInterval(timer);
  try { db?.pragma('wal_checkpoint(TRUNCATE)'); db?.close(); } catch {}
  parentPort.postMessage({ type: 'closed' });
});
`;

export type CheckpointerOptions = {
  everyMs?: number;
  /** A failed checkpoint (full disk, I/O error, …); later ticks keep trying. Logged by default. */
  onError?: (message: string) => void;
};

/**
 * Moves WAL checkpoints off the event loop. SQLite's automatic checkpoint runs
 * inside whichever commit crosses the threshold and fsyncs there, stalling every
 * socket for milliseconds; with it off on the main connection, a worker thread
 * checkpoints every second instead: PASSIVE while writes go on (never blocks the
 * writer), TRUNCATE once a tick passed without a commit, so the log file does
 * not keep the size of the last flood. A failure is reported once and retried
 * on the next tick with a fresh connection; a worker that dies is restarted.
 * The worker (~17 MiB of RSS: a Node isolate and its own SQLite connection) is
 * started once the WAL has something in it, not before: a server that has
 * just started and not written yet stays lean (issue 14: ≤ 80 MiB after start).
 */
export function startCheckpointer(path: string, opts: CheckpointerOptions = {}) {
  const everyMs = opts.everyMs ?? 1000;
  const onError = opts.onError ?? ((message) => console.error('[checkpoint]', message));
  let stopping = false;
  let running = false;
  // Resolved here: an eval'd worker would resolve `better-sqlite3` from the working directory.
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  let worker: Worker | null = null;
  const walBytes = () => {
    try {
      return statSync(`${path}-wal`, { throwIfNoEntry: false })?.size ?? 0;
    } catch {
      return 1; // unreadable: the worker reports why
    }
  };
  const watch = setInterval(() => {
    if (walBytes() === 0) return;
    clearInterval(watch);
    worker = spawn();
  }, everyMs);
  watch.unref();

  function spawn(): Worker {
    const w = new Worker(WORKER_SOURCE, { eval: true, workerData: { path, everyMs, driver } });
    w.unref();
    running = true;
    w.on('message', (m: { type: string; message?: string }) => {
      if (m.type === 'error') onError(m.message ?? 'unknown error');
      else if (m.type === 'recovered') console.error('[checkpoint] recovered');
    });
    w.on('error', (err) => onError(err.message));
    w.on('exit', () => {
      running = false;
      if (stopping) return;
      const retry = setTimeout(() => !stopping && (worker = spawn()), everyMs);
      retry.unref();
    });
    return w;
  }

  return {
    stop: () =>
      new Promise<void>((resolve) => {
        stopping = true;
        clearInterval(watch);
        if (!running || !worker) return resolve();
        const w = worker;
        w.once('message', () => void w.terminate().then(() => resolve()));
        w.once('exit', () => resolve());
        w.postMessage('stop');
      }),
  };
}

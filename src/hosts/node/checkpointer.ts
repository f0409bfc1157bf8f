import { Worker } from 'node:worker_threads';

// The worker's own connection: better-sqlite3 works in worker threads.
const WORKER_SOURCE = `
const { workerData, parentPort } = require('node:worker_threads');
const Database = require('better-sqlite3');
const db = new Database(workerData.path);
db.pragma('busy_timeout = 5000');
const timer = setInterval(() => {
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch (err) { console.error('[checkpoint]', err.message); }
}, workerData.everyMs);
parentPort.on('message', () => { clearInterval(timer); try { db.pragma('wal_checkpoint(TRUNCATE)'); } catch {} db.close(); parentPort.postMessage('closed'); });
`;

/**
 * Moves WAL checkpoints off the event loop. SQLite's automatic checkpoint runs
 * inside whichever commit crosses the threshold and fsyncs there, stalling every
 * socket for milliseconds; with it off on the main connection, a worker thread
 * checkpoints every second instead (PASSIVE: never blocks the writer).
 */
export function startCheckpointer(path: string, everyMs = 1000) {
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { path, everyMs } });
  worker.unref();
  return {
    stop: () =>
      new Promise<void>((resolve) => {
        worker.once('message', () => void worker.terminate().then(() => resolve()));
        worker.once('exit', () => resolve());
        worker.postMessage('stop');
      }),
  };
}

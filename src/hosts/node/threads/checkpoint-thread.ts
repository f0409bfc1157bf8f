// The checkpoint thread's own connection (better-sqlite3 works in worker threads). It never
// creates the database (fileMustExist) and reopens it after any failure. See ../checkpointer.ts.
import Database from 'better-sqlite3';
import { statSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';

const { path, everyMs } = workerData as { path: string; everyMs: number };
const port = parentPort!;
let db: Database.Database | null = null;
let seen: unknown = null; // PRAGMA data_version: changes whenever another connection commits
let failing = false;

function walBytes() {
  try {
    return statSync(`${path}-wal`).size;
  } catch {
    return 0;
  }
}

function tick() {
  try {
    if (!db) {
      db = new Database(path, { fileMustExist: true });
      db.pragma('busy_timeout = 1000');
    }
    const version = db.pragma('data_version', { simple: true });
    if (version !== seen)
      db.pragma('wal_checkpoint(PASSIVE)'); // writes going on: never block them
    else if (walBytes() > 0) db.pragma('wal_checkpoint(TRUNCATE)'); // idle: empty the log file
    seen = version;
    if (failing) port.postMessage({ type: 'recovered' });
    failing = false;
  } catch (err) {
    closeQuietly();
    seen = null;
    // Once per failure spell (a full disk fails every tick), not every second.
    if (!failing) port.postMessage({ type: 'error', message: String((err as Error)?.message) });
    failing = true;
  }
}

function closeQuietly() {
  try {
    db?.close();
  } catch (err) {
    console.error('[checkpoint] close failed:', (err as Error).message);
  }
  db = null;
}

const timer = setInterval(tick, everyMs);
port.on('message', () => {
  clearInterval(timer);
  try {
    db?.pragma('wal_checkpoint(TRUNCATE)');
  } catch (err) {
    console.error('[checkpoint] last checkpoint failed:', (err as Error).message);
  }
  closeQuietly();
  port.postMessage({ type: 'closed' });
});

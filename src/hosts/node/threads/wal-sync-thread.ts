// The WAL sync thread: fdatasyncs the -wal file each time the event loop asks (see ../wal-sync.ts
// for why a thread of its own and why that keeps FULL's promise).
import { closeSync, fdatasyncSync, fstatSync, openSync, statSync } from 'node:fs';
import { workerData } from 'node:worker_threads';
import { ASKED, DONE, FAILED, WORDS } from './wal-sync-words';

const { wal, main, dir, shared } = workerData as {
  wal: string;
  main: string;
  dir: string;
  shared: SharedArrayBuffer;
};
const words = new Int32Array(shared, 0, WORDS);
const text = new Uint8Array(shared, WORDS * 4);
let fd: number | null = null;
let ino: number | null = null;

function inode(path: string): number | null {
  try {
    return statSync(path).ino;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

function syncPath(path: string) {
  const f = openSync(path, 'r');
  try {
    fdatasyncSync(f);
  } finally {
    closeSync(f);
  }
}

function syncOnce() {
  const now = inode(wal);
  // No -wal file: SQLite removes it only after checkpointing everything into the database file.
  if (now === null) return syncPath(main);
  if (fd === null || now !== ino) {
    if (fd !== null) closeSync(fd);
    fd = openSync(wal, 'r');
    ino = fstatSync(fd).ino;
  }
  fdatasyncSync(fd);
}

function forgetFile() {
  if (fd === null) return;
  try {
    closeSync(fd);
  } catch (err) {
    console.error('[wal-sync] close failed:', (err as Error).message);
  }
  fd = null;
}

// Once: the -wal file's directory entry (SQLite syncs the directory when it creates the file).
try {
  syncPath(dir);
} catch (err) {
  console.error('[wal-sync] directory sync failed:', (err as Error).message);
}

let seen = 0;
for (;;) {
  Atomics.wait(words, ASKED, seen);
  seen = Atomics.load(words, ASKED);
  let failed = 0;
  try {
    syncOnce();
  } catch (err) {
    forgetFile();
    const message = String((err as Error)?.message ?? err);
    console.error('[wal-sync] sync failed:', message);
    failed = new TextEncoder().encodeInto(message, text).written || 1;
  }
  Atomics.store(words, FAILED, failed);
  Atomics.store(words, DONE, seen);
  Atomics.notify(words, DONE);
}

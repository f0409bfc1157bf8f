import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { mkdtempSync, readdirSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from './db';
import { startWalSync } from './wal-sync';

/** Descriptors of this process (worker threads included) open on `path`. */
const fdsOn = (path: string) =>
  readdirSync('/proc/self/fd').filter((fd) => {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`) === path;
    } catch {
      return false;
    }
  }).length;

describe('openDatabase', () => {
  it('runs WAL with synchronous = NORMAL: acknowledged writes are synced by durable()', () => {
    const dir = mkdtempSync(join(tmpdir(), 'avenir-db-'));
    const { sqlite } = openDatabase(join(dir, 'a.db'));
    try {
      expect(sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
      // 1 = NORMAL: commits don't sync; ./wal-sync.ts syncs the log before any answer.
      expect(sqlite.pragma('synchronous', { simple: true })).toBe(1);
    } finally {
      sqlite.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('startWalSync', () => {
  it('syncs the -wal file it holds open, across TRUNCATE checkpoints', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'avenir-wal-'));
    const path = join(dir, 'a.db');
    const { sqlite } = openDatabase(path, { autoCheckpoint: false });
    const wal = startWalSync(path, sqlite);
    const other = new Database(path);
    try {
      const write = () => sqlite.prepare("INSERT INTO settings (key, value) VALUES (?, 'x')");
      other.pragma('wal_checkpoint(PASSIVE)'); // both connections hold the -wal file open
      const sqliteFds = fdsOn(`${path}-wal`);
      write().run('a');
      await wal.durable();
      expect(wal.syncs).toBe(1);
      expect(fdsOn(`${path}-wal`)).toBe(sqliteFds + 1); // and the sync thread
      await wal.durable(); // nothing new: no sync
      expect(wal.syncs).toBe(1);
      other.pragma('wal_checkpoint(TRUNCATE)'); // empties the file, same inode
      write().run('b');
      await wal.durable();
      expect(wal.syncs).toBe(2);
      expect(fdsOn(`${path}-wal`)).toBe(sqliteFds + 1); // the same file, not reopened
    } finally {
      await wal.stop();
      other.close();
      sqlite.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('syncs the database file when there is no -wal file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'avenir-wal-'));
    const path = join(dir, 'plain.db');
    const sqlite = new Database(path); // rollback journal: no -wal file ever
    const wal = startWalSync(path, sqlite);
    try {
      sqlite.exec('CREATE TABLE t (x); INSERT INTO t VALUES (1)');
      await wal.durable();
      expect(wal.syncs).toBe(1);
    } finally {
      await wal.stop();
      sqlite.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

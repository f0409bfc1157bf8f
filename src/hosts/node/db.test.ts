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

describe('db.transaction (better-sqlite3 native)', () => {
  it('commits, rolls back on a throw, and rolls a nested call back to its savepoint alone', () => {
    const { db, sqlite } = openDatabase(':memory:');
    try {
      sqlite.exec('create table t (x integer not null)');
      const count = () => sqlite.prepare('select count(*) from t').pluck().get();
      const insert = (x: number) => sqlite.prepare('insert into t values (?)').run(x);
      expect(db.transaction(() => (insert(1), 'done'))).toBe('done');
      expect(() =>
        db.transaction(() => {
          insert(2);
          throw new Error('refused');
        }),
      ).toThrow('refused');
      expect(count()).toBe(1);
      db.transaction((tx) => {
        insert(3);
        expect(() =>
          tx.transaction(() => {
            insert(4);
            throw new Error('inner');
          }),
        ).toThrow('inner');
        db.transaction(() => insert(5), { behavior: 'immediate' }); // nested: a savepoint
      });
      expect(sqlite.prepare('select x from t order by x').pluck().all()).toEqual([1, 3, 5]);
      expect(sqlite.inTransaction).toBe(false);
      // An IMMEDIATE transaction takes the write lock at BEGIN.
      db.transaction(() => expect(sqlite.inTransaction).toBe(true), { behavior: 'immediate' });
    } finally {
      sqlite.close();
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

  it('reports a failed sync with its cause, and syncs again once the cause is gone', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'avenir-wal-'));
    const path = join(dir, 'later.db'); // no such file yet: the sync thread cannot open it
    const sqlite = new Database(':memory:');
    const wal = startWalSync(path, sqlite);
    try {
      sqlite.exec('CREATE TABLE t (x); INSERT INTO t VALUES (1)');
      await expect(wal.durable()).rejects.toMatchObject({
        code: 'SQLITE_IOERR_FSYNC',
        message: expect.stringMatching(/^WAL sync failed: ENOENT: no such file .*later\.db/),
      });
      new Database(path).close(); // the file exists now
      await wal.durable();
      expect(wal.syncs).toBe(2);
    } finally {
      await wal.stop();
      sqlite.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { openDatabase } from './db';
import { startCheckpointer } from './checkpointer';

const walSize = (path: string) => {
  try {
    return statSync(`${path}-wal`).size;
  } catch {
    return 0;
  }
};

/** About 4 MB through the WAL, in 20 commits. */
function flood(sqlite: Database.Database) {
  sqlite.exec('create table if not exists flood (id integer primary key, body text)');
  const insert = sqlite.prepare('insert into flood (body) values (?)');
  const commit = sqlite.transaction(() => {
    for (let i = 0; i < 50; i++) insert.run('x'.repeat(4000));
  });
  for (let i = 0; i < 20; i++) commit();
}

async function waitFor(check: () => boolean, timeoutMs = 8000) {
  const until = Date.now() + timeoutMs;
  while (!check() && Date.now() < until) await new Promise((r) => setTimeout(r, 25));
  return check();
}

describe('WAL checkpointer', () => {
  it('truncates the WAL to nothing once writes stop', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'avenir-wal-'));
    const path = join(dir, 'a.db');
    const { sqlite } = openDatabase(path, { autoCheckpoint: false });
    const checkpointer = startCheckpointer(path, { everyMs: 50 });
    try {
      flood(sqlite);
      expect(walSize(path)).toBeGreaterThan(1_000_000);
      expect(await waitFor(() => walSize(path) === 0)).toBe(true);
      // And again after a second flood: it keeps doing so.
      flood(sqlite);
      expect(walSize(path)).toBeGreaterThan(1_000_000);
      expect(await waitFor(() => walSize(path) === 0)).toBe(true);
      expect(sqlite.prepare('select count(*) as n from flood').get()).toEqual({ n: 2000 });
    } finally {
      await checkpointer.stop();
      sqlite.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports a failed checkpoint and goes on checkpointing once the cause is gone', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'avenir-wal-'));
    // Cannot be opened yet: a WAL (which starts the worker) but no database file.
    const path = join(dir, 'a.db');
    writeFileSync(`${path}-wal`, 'not yet');
    const errors: string[] = [];
    const checkpointer = startCheckpointer(path, {
      everyMs: 50,
      onError: (message) => errors.push(message),
    });
    let sqlite: Database.Database | undefined;
    try {
      expect(await waitFor(() => errors.length > 0)).toBe(true);
      rmSync(`${path}-wal`);
      sqlite = openDatabase(path, { autoCheckpoint: false }).sqlite;
      flood(sqlite);
      expect(walSize(path)).toBeGreaterThan(1_000_000);
      expect(await waitFor(() => walSize(path) === 0)).toBe(true);
    } finally {
      await checkpointer.stop();
      sqlite?.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

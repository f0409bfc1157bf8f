import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { sql } from 'drizzle-orm';
import type { Db } from './client';
import { openDatabase } from '../hosts/node/db';
import { createGroupCommit } from './group-commit';
import { isStorageUnavailable } from './unavailable';

let dir: string;
let db: Db;
let sqlite: Database.Database;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'avenir-group-'));
  ({ db, sqlite } = openDatabase(join(dir, 'a.db')));
  sqlite.exec('create table t (id integer primary key, v text)');
});
afterEach(() => {
  sqlite.close();
  rmSync(dir, { recursive: true, force: true });
});

const insert = (v: string) => (tx: Pick<Db, 'run'>) => tx.run(sql`insert into t (v) values (${v})`);
const values = () => sqlite.prepare('select v from t order by id').pluck().all();

describe('group commit', () => {
  it('runs writes of one turn in arrival order, in one transaction, and answers each after the commit', async () => {
    const commit = createGroupCommit(db);
    const transactionsSeen = new Set<number>();
    const settledOutside: boolean[] = [];
    const all = ['a', 'b', 'c', 'd'].map((v) =>
      commit((tx) => {
        insert(v)(tx);
        // The group's transaction is open for every write: they all see one uncommitted state.
        transactionsSeen.add(Number(sqlite.prepare('select count(*) from t').pluck().get()));
        return v.toUpperCase();
      }).then((r) => {
        settledOutside.push(!sqlite.inTransaction);
        return r;
      }),
    );
    expect(values()).toEqual([]); // nothing runs before the turn ends
    expect(await Promise.all(all)).toEqual(['A', 'B', 'C', 'D']);
    expect(values()).toEqual(['a', 'b', 'c', 'd']);
    expect(settledOutside).toEqual([true, true, true, true]);
    expect([...transactionsSeen]).toEqual([1, 2, 3, 4]);
  });

  it('rolls back a write that throws alone; the others of its group are stored', async () => {
    const commit = createGroupCommit(db);
    const results = await Promise.allSettled([
      commit(insert('kept-1')),
      commit((tx) => {
        insert('dropped')(tx);
        throw new Error('refused');
      }),
      commit(insert('kept-2')),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason.message).toBe('refused');
    expect(values()).toEqual(['kept-1', 'kept-2']);
  });

  it('when the disk is full, the whole group fails as unavailable and nothing of it is stored; later groups work', async () => {
    const commit = createGroupCommit(db);
    await commit(insert('before'));
    sqlite.pragma(`max_page_count = ${sqlite.pragma('page_count', { simple: true })}`);
    const big = 'x'.repeat(3000);
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) => commit(insert(`${i}${big}`))),
    );
    expect(results.every((r) => r.status === 'rejected')).toBe(true);
    expect(isStorageUnavailable((results[0] as PromiseRejectedResult).reason)).toBe(true);
    expect(values()).toEqual(['before']);
    sqlite.pragma('max_page_count = 4294967294');
    await commit(insert('after'));
    expect(values()).toEqual(['before', 'after']);
  });
});

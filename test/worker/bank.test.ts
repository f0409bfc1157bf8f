import { env, runInDurableObject, SELF } from 'cloudflare:test';
import { sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { bankOf } from '../../src/hosts/worker/env';
import { users } from '../../src/db/schema';

it('migrates and seeds the Bank’s SQLite, and rolls a failed transaction back', async () => {
  const res = await SELF.fetch('http://example.com/api/health');
  expect(await res.json()).toEqual({ status: 'ok', build: expect.any(String) });
  await runInDurableObject(bankOf(env), (bank) => {
    const db = bank.platform.db;
    const count = () =>
      db
        .select({ n: sql<number>`count(*)` })
        .from(users)
        .get()!.n;
    const before = count();
    expect(before).toBeGreaterThan(6);
    expect(() =>
      db.transaction((tx) => {
        tx.update(users).set({ firstName: 'Changé' }).run();
        throw new Error('rollback');
      }),
    ).toThrow('rollback');
    expect(
      db
        .select()
        .from(users)
        .all()
        .some((u) => u.firstName === 'Changé'),
    ).toBe(false);
    expect(count()).toBe(before);
  });
});

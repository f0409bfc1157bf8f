import { env, runInDurableObject, SELF } from 'cloudflare:test';
import { sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { bankOf } from '../../src/hosts/worker/env';
import { users } from '../../src/db/schema';
import {
  checkLedger,
  openCustomerAccountTx,
  postOperation,
  SYSTEM,
  systemAccountTx,
} from '../../src/ledger';

it('moves money in the Bank’s SQLite: one atomic transfer, refusals change nothing, postings are immutable', async () => {
  await SELF.fetch('http://example.com/api/health'); // the Bank is migrated and seeded
  await runInDurableObject(bankOf(env), (bank) => {
    const db = bank.platform.db;
    const now = new Date();
    const open = (email: string) =>
      db.transaction((tx) => {
        const u = tx
          .insert(users)
          .values({ email, passwordHash: 'x', firstName: 'A', lastName: 'B', role: 'client' })
          .returning()
          .get();
        return openCustomerAccountTx(tx, { userId: u.id, type: 'checking', label: 'CC' }, now);
      });
    const a = open('ledger-a@x.test');
    const b = open('ledger-b@x.test');
    const move = (from: number, to: number, amount: number, kind: 'deposit' | 'transfer') =>
      db.transaction((tx) =>
        postOperation(
          tx,
          {
            kind,
            label: kind,
            postings: [
              { accountId: from, amount: -amount },
              { accountId: to, amount },
            ],
          },
          now,
        ),
      );
    const external = db.transaction((tx) => systemAccountTx(tx, SYSTEM.external)).id;
    expect(move(external, a.id, 10_000, 'deposit').ok).toBe(true);
    expect(move(a.id, b.id, 4_000, 'transfer').ok).toBe(true);
    expect(move(a.id, b.id, 6_001, 'transfer')).toMatchObject({
      ok: false,
      reason: 'insufficient_funds',
    });
    const balance = (id: number) =>
      db.get<{ balance: number }>(sql`select balance from bank_accounts where id = ${id}`)!.balance;
    expect([balance(a.id), balance(b.id)]).toEqual([6_000, 4_000]);
    // The custom migration's triggers hold on DO SQLite too.
    let refused: any;
    try {
      db.run(sql`update postings set amount = 1`);
    } catch (err) {
      refused = err;
    }
    expect(String(refused?.cause ?? refused)).toMatch(/immutable/);
    expect(checkLedger(db).ok).toBe(true);
  });
});

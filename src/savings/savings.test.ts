import { afterEach, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { startTestApp, type Agent, type TestApp } from '../../test/harness';
import { settings } from '../db/schema';
import {
  accountRow,
  deposit,
  expectLedgerOk,
  openSavings,
  restartTestApp,
} from '../market/test-kit';
import { accrueDueInterest, UNITS_PER_CENT } from './service';
import { savingsAccruals } from './schema';

let app: TestApp | null = null;
afterEach(async () => {
  await app?.stop();
  app = null;
});

async function withSavings(balanceCents: number) {
  app = await startTestApp();
  const director = await app.login('directeur@avenir.test');
  const client = await app.login('client3@avenir.test');
  const savings = openSavings(app, client.user.id);
  deposit(app, savings, balanceCents);
  return { director, client, savings };
}
const advance = (a: Agent, days: number) => a.post('/dev/clock', { advanceDays: days });
const interestOps = (t: TestApp, accountId: number) =>
  t.platform.db.all<{ amount: number }>(
    sql`select p.amount from postings p join operations o on o.id = p.operation_id
        where p.account_id = ${accountId} and o.kind = 'interest' order by p.id`,
  );
const accruals = (t: TestApp, accountId: number) =>
  t.platform.db
    .select()
    .from(savingsAccruals)
    .where(eq(savingsAccruals.accountId, accountId))
    .orderBy(savingsAccruals.day)
    .all();

/** The exact interest of a list of (balance, rate) days, in units of 1/3,650,000 cent. */
const exactUnits = (days: { balance: number; rateBasisPoints: number }[]) =>
  days.reduce((s, d) => s + BigInt(d.balance) * BigInt(d.rateBasisPoints), 0n);

describe('Livret Avenir: daily interest', { timeout: 90_000 }, () => {
  it('accrues balance × rate / 10000 / 365 each day, posts whole cents and carries the rest', async () => {
    const { client, savings } = await withSavings(1_000_000); // 10 000 € at 3 %
    // Day by day: each day's interest is posted after midnight, so the next day earns on it.
    let balance = 1_000_000;
    let carry = 0;
    const expected: number[] = [];
    for (let day = 0; day < 5; day++) {
      const res = await advance(client, 1);
      expect(res.status).toBe(200);
      const total = carry + balance * 300;
      const cents = Math.floor(total / UNITS_PER_CENT);
      carry = total - cents * UNITS_PER_CENT;
      balance += cents;
      expected.push(cents);
      expect(accountRow(app!, savings).balance).toBe(balance);
    }
    expect(interestOps(app!, savings).map((o) => o.amount)).toEqual(expected);
    expect(expected).toEqual([82, 82, 82, 82, 83]); // the carry makes a 5th-day cent
    const rows = accruals(app!, savings);
    expect(rows).toHaveLength(5);
    expect(rows.at(-1)!.carry).toBe(carry);
    const posted = interestOps(app!, savings).reduce((s, o) => s + o.amount, 0);
    const exact = exactUnits(rows);
    expect(BigInt(posted) * BigInt(UNITS_PER_CENT) <= exact).toBe(true);
    expect(exact - BigInt(posted) * BigInt(UNITS_PER_CENT) < BigInt(UNITS_PER_CENT)).toBe(true);
    const history = (await client.get('/api/savings/interest')).body;
    expect(history.items.find((i: any) => i.accountId === savings).interestCents).toBe(posted);
    expectLedgerOk(app!);
  });

  it('carries sub-cent interest: 1 € at 3 % earns its first cent on day 122', async () => {
    const { client, savings } = await withSavings(100);
    await advance(client, 121);
    expect(interestOps(app!, savings)).toEqual([]);
    expect(accruals(app!, savings).at(-1)!.carry).toBe(121 * 100 * 300);
    await advance(client, 1);
    expect(interestOps(app!, savings).map((o) => o.amount)).toEqual([1]);
    expect(accruals(app!, savings).at(-1)!.carry).toBe(122 * 100 * 300 - UNITS_PER_CENT);
    expectLedgerOk(app!);
  });

  it('uses the rate in force at the end of each day', async () => {
    const { director, client, savings } = await withSavings(3_650_000);
    await advance(client, 1); // day 1 at 3 %: 3 650 000 × 300 / 3 650 000 = 300 cents
    expect(
      (await director.request('PUT', '/api/savings/rate', { rateBasisPoints: 500 })).status,
    ).toBe(200);
    await advance(client, 1); // day 2 ended at 5 %
    const rows = accruals(app!, savings);
    expect(rows.map((r) => r.rateBasisPoints)).toEqual([300, 500]);
    expect(rows.map((r) => r.postedCents)).toEqual([
      300,
      500 + Math.floor((300 * 500) / 3_650_000),
    ]);
    expect((await client.get('/api/savings/rate')).body.rateBasisPoints).toBe(500);
    const history = (await client.get('/api/savings/rates')).body.items;
    expect(history.map((r: any) => r.rateBasisPoints).slice(0, 3)).toEqual([500, 300, 250]);
  });

  it('never accrues twice: run again, a lost progress marker, a restart mid-way', async () => {
    const { client, savings } = await withSavings(500_000);
    await advance(client, 3);
    const first = interestOps(app!, savings);
    expect(first.length).toBe(3);
    // Run again, and run again as if the marker had been lost (another host, a crash before it).
    expect(await accrueDueInterest(app!.platform)).toBe(0);
    app!.platform.db.delete(settings).where(eq(settings.key, 'savings.accrued_through')).run();
    await accrueDueInterest(app!.platform);
    expect(interestOps(app!, savings)).toEqual(first);
    // Restart: the clock offset survives, the catch-up at start finds nothing new.
    const before = (await client.get('/dev/clock')).body.now;
    app = await restartTestApp(app!);
    const again = await app.login('client3@avenir.test');
    const after = (await again.get('/dev/clock')).body.now;
    expect(new Date(after).getTime()).toBeGreaterThanOrEqual(new Date(before).getTime());
    expect(new Date(after).getTime() - Date.now()).toBeGreaterThan(2.9 * 86_400_000);
    expect(interestOps(app, savings)).toEqual(first);
    await advance(again, 2);
    expect(interestOps(app, savings)).toHaveLength(5);
    expect(accruals(app, savings)).toHaveLength(5);
    expectLedgerOk(app);
  });
});

describe('Livret Avenir: the rate', { timeout: 60_000 }, () => {
  it('only the director sets it (0–2000 bp); holders get a « savings » notification, everyone savings.rate', async () => {
    app = await startTestApp();
    const director = await app.login('directeur@avenir.test');
    const holder = await app.login('client3@avenir.test');
    const other = await app.login('client4@avenir.test');
    const advisor = await app.login('conseiller1@avenir.test');
    openSavings(app, holder.user.id);
    expect((await holder.get('/api/savings/rate')).body).toMatchObject({ rateBasisPoints: 300 });
    for (const who of [holder, advisor])
      expect((await who.request('PUT', '/api/savings/rate', { rateBasisPoints: 400 })).status).toBe(
        403,
      );
    for (const bad of [-1, 2001, 1.5, '300', null])
      expect(
        (await director.request('PUT', '/api/savings/rate', { rateBasisPoints: bad })).status,
      ).toBe(400);
    const [holderStream, otherStream] = await Promise.all([holder.sse(), other.sse()]);
    try {
      const res = await director.request('PUT', '/api/savings/rate', { rateBasisPoints: 275 });
      expect(res.status).toBe(200);
      expect(res.body.rateBasisPoints).toBe(275);
      const ev = await otherStream.next((e) => e.event === 'savings.rate');
      expect(ev.data).toEqual(res.body);
      const n = await holderStream.next((e) => e.event === 'notification');
      expect(n.data).toMatchObject({ kind: 'savings', sender: null });
      expect(n.data.body).toContain('3,00 %');
      expect(n.data.body).toContain('2,75 %');
      await holderStream.next((e) => e.event === 'savings.rate');
      expect(otherStream.of('notification')).toEqual([]);
    } finally {
      await Promise.all([holderStream.close(), otherStream.close()]);
    }
  });

  it('/dev/clock moves forward only, 1 to 400 days', async () => {
    app = await startTestApp();
    const a = app.anon();
    const start = new Date((await a.get('/dev/clock')).body.now).getTime();
    for (const bad of [0, 401, 1.5, '2'])
      expect((await advance(a, bad as number)).status).toBe(400);
    const moved = await advance(a, 2);
    expect(moved.status).toBe(200);
    expect(new Date(moved.body.now).getTime() - start).toBeGreaterThanOrEqual(2 * 86_400_000);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { startTestApp, type Agent, type TestApp } from '../../test/harness';
import { bankAccounts } from '../db/schema';
import { accountRow, expectLedgerOk } from '../market/test-kit';
import { savingsAccruals } from './schema';
import { UNITS_PER_CENT } from './accrual';
import { parisDayOf, parisDayStart, nextDay } from './days';

let app: TestApp | null = null;
afterEach(async () => {
  await app?.stop();
  app = null;
});

let keys = 0;
const transfer = (a: Agent, from: number, toIban: string, cents: number) =>
  a.post(
    '/api/transfers',
    { fromAccountId: from, toIban, amountCents: cents, beneficiaryName: 'Moi' },
    { 'idempotency-key': `close-${++keys}` },
  );
const advance = (a: Agent, days: number) => a.post('/dev/clock', { advanceDays: days });
const interestOf = (t: TestApp, accountId: number) =>
  t.platform.db.get<{ s: number }>(
    sql`select coalesce(sum(p.amount), 0) as s from postings p join operations o on o.id = p.operation_id
        where p.account_id = ${accountId} and o.kind = 'interest'`,
  )!.s;

async function openFundedLivret(client: Agent, cents: number) {
  const opened = await client.post('/api/accounts', { type: 'savings', label: 'Livret' });
  expect(opened.status).toBe(201);
  const livret = opened.body.account;
  expect(
    (await client.post('/dev/deposit', { accountId: livret.id, amountCents: cents })).status,
  ).toBe(201);
  return livret as { id: number; iban: string };
}

/** Moves the app's clock (not the accrual: as the minute between midnight and the day's run). */
function moveClockTo(t: TestApp, at: Date) {
  const ms = at.getTime() - t.platform.clock.now().getTime();
  expect(ms).toBeGreaterThan(0);
  t.platform.clock.advance!(ms);
}

async function setUp() {
  app = await startTestApp();
  const director = await app.login('directeur@avenir.test');
  const client = await app.login('client3@avenir.test');
  const checking = (await client.get('/api/accounts')).body.items.find(
    (a: any) => a.type === 'checking',
  );
  return { director, client, checking };
}

describe('Livret Avenir: value dating and closing', { timeout: 120_000 }, () => {
  it('interest of day d counts in day d+1: a 6-day catch-up pays what 6 live midnights pay (10 000,00 € at 16,50 %)', async () => {
    const { director, client } = await setUp();
    expect(
      (await director.request('PUT', '/api/savings/rate', { rateBasisPoints: 1650 })).status,
    ).toBe(200);
    // The exact rule: day by day, on the balance that includes every earlier day's cents.
    let balance = 1_000_000;
    let carry = 0;
    for (let d = 0; d < 6; d++) {
      const total = carry + balance * 1650;
      balance += Math.floor(total / UNITS_PER_CENT);
      carry = total % UNITS_PER_CENT;
    }
    expect(balance - 1_000_000).toBe(2715);

    const caughtUp = await openFundedLivret(client, 1_000_000);
    expect((await advance(client, 6)).body.accruedDays).toBe(6);
    expect(interestOf(app!, caughtUp.id)).toBe(2715);

    const live = await openFundedLivret(client, 1_000_000);
    for (let d = 0; d < 6; d++) expect((await advance(client, 1)).status).toBe(200);
    expect(interestOf(app!, live.id)).toBe(2715);
    // Each day's interest is dated at the end of its day (Paris midnight), in both cases.
    const dated = app!.platform.db.all<{ at: number; label: string }>(
      sql`select p.created_at as at, o.label from postings p join operations o on o.id = p.operation_id
          where p.account_id = ${caughtUp.id} and o.kind = 'interest' order by p.id`,
    );
    for (const { at, label } of dated) {
      const day = label.match(/\((\d\d)\/(\d\d)\/(\d{4})\)/)!;
      expect(at).toBe(parisDayStart(nextDay(`${day[3]}-${day[2]}-${day[1]}`)).getTime());
    }
    expectLedgerOk(app!);
  });

  it('closing a Livret just after midnight, before the day’s run, first pays its interest; every later run goes on', async () => {
    const { client, checking } = await setUp();
    const other = await app!.login('client4@avenir.test');
    const bystander = await openFundedLivret(other, 500_000);
    const livret = await openFundedLivret(client, 1_000_000);
    const day = parisDayOf(app!.platform.clock.now());
    moveClockTo(app!, new Date(parisDayStart(nextDay(day)).getTime() + 10_000)); // 00:00:10
    // Emptied after midnight: yesterday ended with 10 000 € on it, and its interest is due.
    expect((await transfer(client, livret.id, checking.iban, 1_000_000)).status).toBe(201);
    const refused = await client.del(`/api/accounts/${livret.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('account_not_empty');
    // 10 000 € × 3 % / 365 = 82 cents, posted in the same transaction and shown in its history.
    expect(accountRow(app!, livret.id).balance).toBe(82);
    const history = (await client.get(`/api/accounts/${livret.id}/operations`)).body.items;
    expect(history[0]).toMatchObject({ kind: 'interest', amountCents: 82, balanceAfterCents: 82 });
    expect(history[0].label).toContain(day.split('-').reverse().join('/'));
    expect((await transfer(client, livret.id, checking.iban, 82)).status).toBe(201);
    expect((await client.del(`/api/accounts/${livret.id}`)).status).toBe(204);
    // The day's run and every later one go on, for everyone else.
    expect((await advance(client, 2)).status).toBe(200);
    expect(interestOf(app!, bystander.id)).toBeGreaterThanOrEqual(3 * 41);
    expect(interestOf(app!, livret.id)).toBe(82);
    expectLedgerOk(app!);
  });

  it('one account’s refusal is recorded against it and never stops another’s accrual', async () => {
    const { client } = await setUp();
    const other = await app!.login('client4@avenir.test');
    const bystander = await openFundedLivret(other, 500_000);
    const stuck = await openFundedLivret(client, 1_000_000);
    // A Livret closed with its interest still owed (as a version without the closing rule let it be).
    app!.platform.db
      .update(bankAccounts)
      .set({
        closedAt: new Date(
          parisDayStart(nextDay(parisDayOf(app!.platform.clock.now()))).getTime() + 5_000,
        ),
      })
      .where(eq(bankAccounts.id, stuck.id))
      .run();
    const before = interestOf(app!, bystander.id);
    const res = await advance(client, 3);
    expect(res.status).toBe(200);
    expect(interestOf(app!, bystander.id)).toBeGreaterThan(before);
    const rows = app!.platform.db
      .select()
      .from(savingsAccruals)
      .where(eq(savingsAccruals.accountId, stuck.id))
      .all();
    expect(rows).toEqual([
      expect.objectContaining({ failure: 'account_closed', postedCents: 0, operationId: null }),
    ]);
    expect(interestOf(app!, stuck.id)).toBe(0);
    expectLedgerOk(app!);
  });

  it('the ledger check says so when an open Livret missed a day', async () => {
    const { director, client } = await setUp();
    const livret = await openFundedLivret(client, 100_000);
    await advance(client, 2);
    expect((await director.get('/api/admin/ledger/check')).body.ok).toBe(true);
    app!.platform.db.delete(savingsAccruals).where(eq(savingsAccruals.accountId, livret.id)).run();
    const check = (await director.get('/api/admin/ledger/check')).body;
    expect(check.ok).toBe(false);
    expect(check.checks.find((c: any) => !c.ok).name).toBe('savings_accrued_through_yesterday');
  });
});

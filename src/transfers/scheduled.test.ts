import { afterEach, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { startTestApp, type Agent, type TestApp } from '../../test/harness';
import { settings } from '../db/schema';
import { parisDayOf } from '../ledger/paris-time';
import { deposit, expectLedgerOk, restartTestApp } from '../market/test-kit';
import { checkLedger } from '../ledger';
import { activeSchedulesUsingAccount } from './scheduled';
import { runDueScheduledTransfers } from './scheduled-runner';
import { otherBankIban } from '../../seed/money';

let app: TestApp | null = null;
afterEach(async () => {
  await app?.stop();
  app = null;
});

const DAY = 86_400_000;
let keys = 0;
const key = () => `sched-${process.pid}-${++keys}`;
const schedule = (a: Agent, body: Record<string, unknown>, k = key()) =>
  a.post('/api/transfers/scheduled', body, { 'idempotency-key': k });
/** The Paris day `days` after the app's today. */
const dayIn = (t: TestApp, days: number) =>
  parisDayOf(new Date(t.platform.clock.now().getTime() + days * DAY));
const accounts = async (a: Agent) => (await a.get('/api/accounts')).body.items as any[];
const storedCount = (t: TestApp) =>
  t.platform.db.get<{ n: number }>(sql`select count(*) as n from scheduled_transfers`)!.n;

/** client1's checking account and Livret (its own account: no strong authentication needed). */
async function client1(t: TestApp) {
  const agent = await t.login('client1@avenir.test');
  const mine = await accounts(agent);
  const checking = mine.find((x) => x.type === 'checking');
  const livret = mine.find((x) => x.type === 'savings');
  const toLivret = (extra: Record<string, unknown>) => ({
    fromAccountId: checking.id,
    toIban: livret.iban,
    amountCents: 2_500,
    label: 'Épargne',
    beneficiaryName: 'Moi',
    firstDate: dayIn(t, 1),
    frequency: 'monthly',
    ...extra,
  });
  return { agent, checking, livret, toLivret };
}

/** Sets the stored clock's offset as a stopped server would find it at its next start. */
function moveStoredClock(t: TestApp, ms: number) {
  const row = t.platform.db
    .select()
    .from(settings)
    .where(eq(settings.key, 'clock.offset_ms'))
    .get();
  const value = String((row ? Number(row.value) : 0) + ms);
  t.platform.db
    .insert(settings)
    .values({ key: 'clock.offset_ms', value })
    .onConflictDoUpdate({ target: settings.key, set: { value } })
    .run();
}

describe('scheduled transfers: API rules', { timeout: 90_000 }, () => {
  it('lists the fixtures, creates once per key, changes and cancels', async () => {
    app = await startTestApp();
    const { agent, checking, toLivret } = await client1(app);
    const fixtures = (await agent.get('/api/transfers/scheduled')).body.items;
    expect(fixtures).toMatchObject([{ label: 'Loyer', frequency: 'monthly', status: 'active' }]);
    const c2 = await app.login('client2@avenir.test');
    const once = (await c2.get('/api/transfers/scheduled')).body.items;
    expect(once).toMatchObject([{ frequency: 'once', status: 'active', nextDate: dayIn(app, 7) }]);

    const k = key();
    const created = await schedule(agent, toLivret({ endDate: dayIn(app, 70) }), k);
    expect(created.status).toBe(201);
    const s = created.body.scheduled;
    expect(s).toMatchObject({
      fromAccountId: checking.id,
      amountCents: 2_500,
      frequency: 'monthly',
      firstDate: dayIn(app, 1),
      nextDate: dayIn(app, 1),
      endDate: dayIn(app, 70),
      count: null,
      status: 'active',
      runs: [],
    });
    const again = await schedule(agent, toLivret({ endDate: dayIn(app, 70) }), k);
    expect(again.status).toBe(201);
    expect(again.body.scheduled.id).toBe(s.id);
    expect((await schedule(agent, toLivret({ amountCents: 1 }), k)).body.error.code).toBe(
      'idempotency_conflict',
    );

    const patched = await agent.patch(`/api/transfers/scheduled/${s.id}`, {
      amountCents: 3_000,
      label: 'Épargne mensuelle',
      nextDate: dayIn(app, 3),
      endDate: null,
    });
    expect(patched.status).toBe(200);
    expect(patched.body.scheduled).toMatchObject({
      amountCents: 3_000,
      label: 'Épargne mensuelle',
      nextDate: dayIn(app, 3),
      endDate: null,
    });
    expect((await agent.get(`/api/transfers/scheduled/${s.id}`)).body.scheduled.amountCents).toBe(
      3_000,
    );
    expect(activeSchedulesUsingAccount(app.platform.db, checking.id).map((x) => x.id)).toContain(
      s.id,
    );
    const cancelled = await agent.del(`/api/transfers/scheduled/${s.id}`);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.scheduled).toMatchObject({ status: 'cancelled', nextDate: null });
    expect(
      activeSchedulesUsingAccount(app.platform.db, checking.id).map((x) => x.id),
    ).not.toContain(s.id);
    const late = await agent.patch(`/api/transfers/scheduled/${s.id}`, { amountCents: 1 });
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('schedule_inactive');
  });

  it('refuses bad input and someone else’s schedule, storing nothing', async () => {
    app = await startTestApp();
    const { agent, toLivret } = await client1(app);
    const before = storedCount(app);
    const bad: [Record<string, unknown>, string][] = [
      [{ firstDate: dayIn(app, 0) }, 'firstDate'],
      [{ firstDate: dayIn(app, -3) }, 'firstDate'],
      [{ firstDate: '2027-02-30' }, 'firstDate'],
      [{ endDate: dayIn(app, 0), firstDate: dayIn(app, 5) }, 'endDate'],
      [{ frequency: 'daily' }, 'frequency'],
      [{ amountCents: 0 }, 'amountCents'],
      [{ amountCents: 10_000_001 }, 'amountCents'],
      [{ count: 0 }, 'count'],
    ];
    for (const [extra, field] of bad) {
      const res = await schedule(agent, toLivret(extra));
      expect(res.status, JSON.stringify(extra)).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
      expect(Object.keys(res.body.error.fields)).toContain(field);
    }
    expect((await agent.post('/api/transfers/scheduled', toLivret({}))).status).toBe(400); // no key
    // A new payee (neither own account nor saved beneficiary) needs strong authentication.
    const stranger = await schedule(
      agent,
      toLivret({ toIban: otherBankIban('30003', 4242), beneficiaryName: 'Inconnu' }),
    );
    expect(stranger.status).toBe(403);
    expect(stranger.body.error.code).toBe('sca_required');
    expect(storedCount(app)).toBe(before);

    const other = await app.login('client4@avenir.test');
    const mine = (await agent.get('/api/transfers/scheduled')).body.items[0];
    expect((await other.get(`/api/transfers/scheduled/${mine.id}`)).status).toBe(404);
    expect(
      (await other.patch(`/api/transfers/scheduled/${mine.id}`, { amountCents: 1 })).status,
    ).toBe(404);
    expect((await other.del(`/api/transfers/scheduled/${mine.id}`)).status).toBe(404);
    const nothing = await agent.patch(`/api/transfers/scheduled/${mine.id}`, {});
    expect(nothing.status).toBe(400);
    const past = await agent.patch(`/api/transfers/scheduled/${mine.id}`, {
      nextDate: dayIn(app, 0),
    });
    expect(past.body.error.fields).toHaveProperty('nextDate');
    const unchanged = (await agent.get(`/api/transfers/scheduled/${mine.id}`)).body.scheduled;
    expect(unchanged).toEqual(mine);
    // Someone else's account to pay from is as unknown as a missing one.
    const theirs = (await accounts(other))[0];
    expect((await schedule(agent, toLivret({ fromAccountId: theirs.id }))).status).toBe(404);
    expect(storedCount(app)).toBe(before);
  });
});

describe('scheduled transfers: occurrences', { timeout: 120_000 }, () => {
  it('runs each occurrence once through the transfer path; a refused one is recorded and notified', async () => {
    app = await startTestApp();
    const { agent, checking, toLivret } = await client1(app);
    const ok = (await schedule(agent, toLivret({ frequency: 'weekly', count: 3 }))).body.scheduled;
    const tooBig = (await schedule(agent, toLivret({ amountCents: 10_000_000, label: 'Trop' })))
      .body.scheduled;
    // Two days on: tomorrow's 06:00 has passed whatever the hour now.
    expect((await agent.post('/dev/clock', { advanceDays: 2 })).status).toBe(200);
    const ran = (await agent.get(`/api/transfers/scheduled/${ok.id}`)).body.scheduled;
    expect(ran.runs).toMatchObject([{ date: ok.firstDate, result: 'executed' }]);
    expect(ran.nextDate).toBe(dayIn(app, 6));
    const transfer = (await agent.get(`/api/transfers/${ran.runs[0].transferId}`)).body.transfer;
    expect(transfer).toMatchObject({
      fromAccountId: checking.id,
      amountCents: 2_500,
      status: 'executed',
      scheduledId: ok.id,
    });
    const list = (await agent.get('/api/transfers')).body;
    expect(list.items.map((t: any) => t.id)).toEqual([transfer.id]);
    expect(
      (await (await app.login('client4@avenir.test')).get(`/api/transfers/${transfer.id}`)).status,
    ).toBe(404);

    const refused = (await agent.get(`/api/transfers/scheduled/${tooBig.id}`)).body.scheduled;
    expect(refused.runs).toMatchObject([
      { date: tooBig.firstDate, result: 'insufficient_funds', transferId: null },
    ]);
    const notes = (await agent.get('/api/notifications')).body.items;
    expect(notes[0]).toMatchObject({
      kind: 'transfer',
      title: 'Virement permanent non exécuté : solde insuffisant',
    });
    // Not retried: running again (and again from another runner) changes nothing.
    expect(await runDueScheduledTransfers(app.platform)).toBe(0);
    expect(
      (await agent.get(`/api/transfers/scheduled/${tooBig.id}`)).body.scheduled.runs,
    ).toHaveLength(1);

    // Three weeks on: the weekly one ran its count (3) and finished.
    await agent.post('/dev/clock', { advanceDays: 21 });
    const done = (await agent.get(`/api/transfers/scheduled/${ok.id}`)).body.scheduled;
    expect(done.runs.map((r: any) => r.date)).toEqual([
      ok.firstDate,
      dayIn(app, -21 - 2 + 1 + 7),
      dayIn(app, -21 - 2 + 1 + 14),
    ]);
    expect(done).toMatchObject({ status: 'finished', nextDate: null });
    const page = (await agent.get('/api/transfers?limit=2')).body;
    expect(page.items.map((t: any) => t.scheduledId)).toEqual([ok.id, ok.id]);
    expect(page.hasMore).toBe(true);
    const rest = (await agent.get(`/api/transfers?limit=2&before=${page.items[1].id}`)).body;
    expect(rest).toMatchObject({ items: [{ id: transfer.id }], hasMore: false });
    const report = expectLedgerOk(app);
    expect(report.checks.find((c) => c.name === 'scheduled_occurrences_once')?.ok).toBe(true);
  });

  it('catches up after days of downtime, each occurrence with its own date, and never twice', async () => {
    app = await startTestApp();
    const { agent, checking, toLivret } = await client1(app);
    deposit(app, checking.id, 1_000_000);
    const weekly = (await schedule(agent, toLivret({ frequency: 'weekly' }))).body.scheduled;
    // The server is down for 20 days: the clock it finds at its next start has moved on.
    moveStoredClock(app, 20 * DAY);
    app = await restartTestApp(app);
    const again = await app.login('client1@avenir.test');
    const s = (await again.get(`/api/transfers/scheduled/${weekly.id}`)).body.scheduled;
    const first = weekly.firstDate as string;
    const plus = (d: number) =>
      new Date(Date.parse(`${first}T12:00:00Z`) + d * DAY).toISOString().slice(0, 10);
    expect(s.runs.map((r: any) => [r.date, r.result])).toEqual([
      [first, 'executed'],
      [plus(7), 'executed'],
      [plus(14), 'executed'],
    ]);
    expect(s.nextDate).toBe(plus(21));
    // A restart and another run find nothing more to do.
    app = await restartTestApp(app);
    expect(await runDueScheduledTransfers(app.platform)).toBe(0);
    const transfers = app.platform.db.all<{ n: number }>(
      sql`select count(*) as n from transfers where scheduled_id = ${weekly.id}`,
    );
    expect(transfers[0].n).toBe(3);
    expectLedgerOk(app);
  });

  it('the ledger check names a scheduled transfer without its run (« occurrences never twice »)', async () => {
    app = await startTestApp();
    const { agent, checking, livret } = await client1(app);
    const sent = await agent.post(
      '/api/transfers',
      {
        fromAccountId: checking.id,
        toIban: livret.iban,
        amountCents: 100,
        label: 'x',
        beneficiaryName: 'Moi',
      },
      { 'idempotency-key': key() },
    );
    expect(expectLedgerOk(app).ok).toBe(true);
    const loyer = (await agent.get('/api/transfers/scheduled')).body.items[0];
    // As if one occurrence had produced a second transfer: a transfer of the schedule with no run.
    app.platform.db.run(
      sql`update transfers set scheduled_id = ${loyer.id} where id = ${sent.body.transfer.id}`,
    );
    const check = checkLedger(app.platform.db).checks.find(
      (c) => c.name === 'scheduled_occurrences_once',
    );
    expect(check).toMatchObject({ ok: false });
  });
});

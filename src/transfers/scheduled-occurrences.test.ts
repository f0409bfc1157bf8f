import { afterEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { startTestApp, type TestApp } from '../../test/harness';
import { client1, DAY, dayIn, key, moveStoredClock, schedule } from './scheduled-test-kit';
import { deposit, expectLedgerOk, restartTestApp } from '../market/test-kit';
import { checkLedger } from '../ledger';
import { runDueScheduledTransfers } from './scheduled-runner';
import { checkBank } from '../bank-rules';

let app: TestApp | null = null;
afterEach(async () => {
  await app?.stop();
  app = null;
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
    const check = checkBank(app.platform.db, app.platform.clock.now()).checks.find(
      (c) => c.name === 'scheduled_occurrences_once',
    );
    expect(check).toMatchObject({ ok: false });
  });
});

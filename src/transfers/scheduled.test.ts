import { afterEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/harness';
import { accounts, client1, dayIn, key, schedule, storedCount } from './scheduled-test-kit';
import { activeSchedulesUsingAccount } from './scheduled';
import { otherBankIban } from '../../seed/money';

let app: TestApp | null = null;
afterEach(async () => {
  await app?.stop();
  app = null;
});

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

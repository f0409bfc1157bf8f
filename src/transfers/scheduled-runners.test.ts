import { afterEach, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { join } from 'node:path';
import { startTestApp, type TestApp } from '../../test/harness';
import { killChildren, login, startChild } from '../../test/child-app';
import { DAY, moveStoredClock } from './scheduled-test-kit';
import { parisDayOf } from '../ledger/paris-time';
import { deposit, expectLedgerOk, restartTestApp } from '../market/test-kit';

let app: TestApp | null = null;
afterEach(async () => {
  killChildren();
  await app?.stop();
  app = null;
});

it('two hosts on one database at once run each occurrence once', { timeout: 180_000 }, async () => {
  app = await startTestApp();
  const me = await app.login('client1@avenir.test');
  const accounts = (await me.get('/api/accounts')).body.items;
  const from = accounts.find((a: any) => a.type === 'checking');
  const livret = accounts.find((a: any) => a.type === 'savings');
  deposit(app, from.id, 1_000_000);
  const firstDate = parisDayOf(new Date(app.platform.clock.now().getTime() + DAY));
  const created = await me.post(
    '/api/transfers/scheduled',
    {
      fromAccountId: from.id,
      toIban: livret.iban,
      amountCents: 1_000,
      label: 'Deux hôtes',
      beneficiaryName: 'Moi',
      firstDate,
      frequency: 'weekly',
    },
    { 'idempotency-key': `two-hosts-${process.pid}` },
  );
  expect(created.status).toBe(201);
  const id = created.body.scheduled.id;
  // Both hosts start 16 days on (three occurrences due) and catch up at the same moment.
  moveStoredClock(app, 16 * DAY);
  const db = join(app.dir, 'avenir.db');
  const [a, b] = await Promise.all([startChild(db), startChild(db)]);
  // Then both run again at once (what /dev/clock does before answering).
  const [ua, ub] = await Promise.all([
    login(a.base, 'client1@avenir.test'),
    login(b.base, 'client1@avenir.test'),
  ]);
  const [ra, rb] = await Promise.all([
    ua.post('/dev/clock', { advanceDays: 1 }),
    ub.post('/dev/clock', { advanceDays: 1 }),
  ]);
  expect([ra.status, rb.status]).toEqual([200, 200]);
  const seen = (await ua.get(`/api/transfers/scheduled/${id}`)).body.scheduled;
  expect(seen.runs.map((r: any) => r.result)).toEqual(['executed', 'executed', 'executed']);
  killChildren();
  app = await restartTestApp(app);
  const perDate = app.platform.db.all<{ date: string; n: number }>(
    sql`select r.date as date, count(t.id) as n from scheduled_transfer_runs r
        left join transfers t on t.scheduled_id = r.scheduled_id and t.id = r.transfer_id
        where r.scheduled_id = ${id} group by r.date order by r.date`,
  );
  expect(perDate.map((r) => r.n)).toEqual([1, 1, 1]);
  const transfers = app.platform.db.get<{ n: number }>(
    sql`select count(*) as n from transfers where scheduled_id = ${id}`,
  )!.n;
  expect(transfers).toBe(3);
  expectLedgerOk(app);
});

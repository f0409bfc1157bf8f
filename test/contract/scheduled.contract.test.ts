// API.md « Scheduled transfers » and « Transfers list and receipts » from the outside, on whichever
// host AVENIR_HOST names: set up, change, cancel, bad input, occurrences run once, refusals notified.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startContractHost, type ContractHost } from './host';
import type { Agent } from '../harness';

let app: ContractHost;
beforeAll(async () => {
  app = await startContractHost();
}, 180_000);
afterAll(() => app?.stop());

const DAY = 86_400_000;
let n = 0;
const key = () => ({ 'idempotency-key': `contract-sched-${Date.now()}-${++n}` });
/** The Paris day `days` after the app's own clock (GET /dev/clock). */
async function dayIn(a: Agent, days: number) {
  const now = Date.parse((await a.get('/dev/clock')).body.now);
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(
    new Date(now + days * DAY),
  );
}

it('sets up, changes and cancels a standing transfer; bad input and others’ schedules change nothing', async () => {
  const [me, other] = await Promise.all([
    app.login('client1@avenir.test'),
    app.login('client5@avenir.test'),
  ]);
  const accounts = (await me.get('/api/accounts')).body.items;
  const from = accounts.find((a: any) => a.type === 'checking');
  const livret = accounts.find((a: any) => a.type === 'savings');
  const body = {
    fromAccountId: from.id,
    toIban: livret.iban,
    amountCents: 1_000,
    label: 'Épargne',
    beneficiaryName: 'Moi',
    firstDate: await dayIn(me, 1),
    frequency: 'monthly',
    count: 12,
  };
  const before = (await me.get('/api/transfers/scheduled')).body.items;
  expect(before.map((s: any) => s.label)).toContain('Loyer');
  for (const [bad, field] of [
    [{ firstDate: await dayIn(me, 0) }, 'firstDate'],
    [{ endDate: await dayIn(me, 0) }, 'endDate'],
    [{ frequency: 'fortnightly' }, 'frequency'],
    [{ amountCents: 10_000_001 }, 'amountCents'],
  ] as const) {
    const res = await me.post('/api/transfers/scheduled', { ...body, ...bad }, key());
    expect([res.status, res.body.error.code]).toEqual([400, 'validation_failed']);
    expect(res.body.error.fields).toHaveProperty(field);
  }
  expect((await me.get('/api/transfers/scheduled')).body.items).toEqual(before);

  const k = key();
  const created = await me.post('/api/transfers/scheduled', body, k);
  expect(created.status).toBe(201);
  const s = created.body.scheduled;
  expect(s).toMatchObject({ status: 'active', nextDate: body.firstDate, count: 12, runs: [] });
  expect((await me.post('/api/transfers/scheduled', body, k)).body.scheduled.id).toBe(s.id);

  expect((await other.get(`/api/transfers/scheduled/${s.id}`)).status).toBe(404);
  expect((await other.del(`/api/transfers/scheduled/${s.id}`)).status).toBe(404);
  const patched = await me.patch(`/api/transfers/scheduled/${s.id}`, {
    amountCents: 1_500,
    label: 'Épargne +',
    endDate: await dayIn(me, 200),
  });
  expect(patched.body.scheduled).toMatchObject({ amountCents: 1_500, label: 'Épargne +' });
  const cancelled = await me.del(`/api/transfers/scheduled/${s.id}`);
  expect([cancelled.status, cancelled.body.scheduled.status]).toEqual([200, 'cancelled']);
});

it('runs a due occurrence once through the transfer path, lists it, and records a refusal', async () => {
  const [me, director] = await Promise.all([
    app.login('client2@avenir.test'),
    app.login('directeur@avenir.test'),
  ]);
  const accounts = (await me.get('/api/accounts')).body.items;
  const from = accounts.find((a: any) => a.type === 'checking');
  const livret = accounts.find((a: any) => a.type === 'savings');
  const base = {
    fromAccountId: from.id,
    toIban: livret.iban,
    label: 'Épargne',
    beneficiaryName: 'Moi',
    firstDate: await dayIn(me, 1),
    frequency: 'weekly',
  };
  const ok = (await me.post('/api/transfers/scheduled', { ...base, amountCents: 700 }, key())).body
    .scheduled;
  const big = (
    await me.post('/api/transfers/scheduled', { ...base, amountCents: 10_000_000 }, key())
  ).body.scheduled;
  expect((await me.post('/dev/clock', { advanceDays: 2 })).status).toBe(200);

  const ran = (await me.get(`/api/transfers/scheduled/${ok.id}`)).body.scheduled;
  expect(ran.runs).toMatchObject([{ date: base.firstDate, result: 'executed' }]);
  const list = (await me.get('/api/transfers?limit=5')).body;
  expect(list.items[0]).toMatchObject({
    id: ran.runs[0].transferId,
    amountCents: 700,
    status: 'executed',
    scheduledId: ok.id,
  });
  expect((await me.get(`/api/transfers/${ran.runs[0].transferId}`)).body.transfer.id).toBe(
    ran.runs[0].transferId,
  );
  const refused = (await me.get(`/api/transfers/scheduled/${big.id}`)).body.scheduled;
  expect(refused.runs).toMatchObject([{ result: 'insufficient_funds', transferId: null }]);
  expect(refused.status).toBe('active'); // not retried, the next week still runs
  const notes = (await me.get('/api/notifications')).body.items;
  expect(notes.map((x: any) => x.title)).toContain(
    'Virement permanent non exécuté : solde insuffisant',
  );
  const check = (await director.get('/api/admin/ledger/check')).body;
  expect(check.ok).toBe(true);
  expect(check.checks.map((c: any) => c.name)).toContain('scheduled_occurrences_once');
});

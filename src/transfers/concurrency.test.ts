import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestApp, type Agent, type TestApp } from '../../test/harness';
import { trustPayee } from '../../test/sca';

let app: TestApp;
let payer: Agent;
let dir: Agent;
let payee: { iban: string };

beforeAll(async () => {
  app = await startTestApp();
  [payer, dir] = await Promise.all([
    app.login('client2@avenir.test'),
    app.login('directeur@avenir.test'),
  ]);
  const other = await app.login('client3@avenir.test');
  payee = (await other.get('/api/accounts')).body.items[0];
  await trustPayee(payer, payee.iban); // a saved beneficiary: no strong authentication per transfer
}, 60_000);
afterAll(() => app?.stop());

/** A fresh checking account of the payer holding exactly `cents`. */
async function accountWith(cents: number) {
  const account = (await payer.post('/api/accounts', { type: 'checking', label: 'Test' })).body
    .account;
  expect(
    (await payer.post('/dev/deposit', { accountId: account.id, amountCents: cents })).status,
  ).toBe(201);
  return account;
}
const balanceOf = async (id: number) =>
  (await payer.get('/api/accounts')).body.items.find((a: any) => a.id === id).balanceCents;

it('lets exactly K of 30 parallel transfers through when only K are covered', async () => {
  const K = 7;
  const from = await accountWith(K * 1_000);
  const answers = await Promise.all(
    Array.from({ length: 30 }, (_, i) =>
      payer.post(
        '/api/transfers',
        { fromAccountId: from.id, toIban: payee.iban, amountCents: 1_000, beneficiaryName: 'X' },
        { 'idempotency-key': `par-${i}` },
      ),
    ),
  );
  const statuses = answers.map((r) => r.status);
  expect(statuses.filter((s) => s === 201)).toHaveLength(K);
  expect(statuses.filter((s) => s === 409)).toHaveLength(30 - K);
  expect(
    answers
      .filter((r) => r.status === 409)
      .every((r) => r.body.error.code === 'insufficient_funds'),
  ).toBe(true);
  expect(await balanceOf(from.id)).toBe(0);
  expect((await dir.get('/api/admin/ledger/check')).body.ok).toBe(true);
  console.log(
    `[concurrency] ${K} of 30 parallel transfers covered → ${statuses.filter((s) => s === 201).length} succeeded`,
  );
});

it('makes one operation of 20 parallel requests with one key', async () => {
  const from = await accountWith(50_000);
  const body = {
    fromAccountId: from.id,
    toIban: payee.iban,
    amountCents: 2_500,
    beneficiaryName: 'X',
  };
  const answers = await Promise.all(
    Array.from({ length: 20 }, () =>
      payer.post('/api/transfers', body, { 'idempotency-key': 'one-key' }),
    ),
  );
  expect(answers.map((r) => r.status)).toEqual(Array(20).fill(201));
  expect(new Set(answers.map((r) => r.body.transfer.id)).size).toBe(1);
  expect(await balanceOf(from.id)).toBe(50_000 - 2_500);
  const ops = (await payer.get(`/api/accounts/${from.id}/operations`)).body.items;
  expect(ops.filter((o: any) => o.kind === 'transfer')).toHaveLength(1);
  expect((await dir.get('/api/admin/ledger/check')).body.ok).toBe(true);
});

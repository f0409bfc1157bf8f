// Issue 19's rules of API.md from the outside, on whichever host AVENIR_HOST names: accounts
// in use, random IBANs, the unknown-IBAN limit, payee verification's 400, value-dated interest.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startContractHost, type ContractHost } from './host';
import type { Agent } from '../harness';
import { frenchIban, isValidIban } from '../../src/accounts/iban';
import { postTransfer } from '../sca';

let app: ContractHost;
let director: Agent;
beforeAll(async () => {
  app = await startContractHost();
  director = await app.login('directeur@avenir.test');
}, 180_000);
afterAll(() => app?.stop());

let keys = 0;
const key = () => ({ 'idempotency-key': `rules-${Date.now()}-${++keys}` });
const checking = async (a: Agent) =>
  (await a.get('/api/accounts')).body.items.find((x: any) => x.type === 'checking');

it('draws account numbers at random and verifies payees only on a valid IBAN (400 otherwise)', async () => {
  const client = await app.login('client5@avenir.test');
  const opened = [];
  for (const label of ['A', 'B'])
    opened.push((await client.post('/api/accounts', { type: 'savings', label })).body.account);
  for (const a of opened) expect(isValidIban(a.iban)).toBe(true);
  const [x, y] = opened.map((a) => Number(a.iban.slice(14, 25)));
  expect(Math.abs(x - y)).toBeGreaterThan(1);
  const bad = await client.post('/api/payees/verify', { iban: 'FR00 3007 7000', name: 'Léa' });
  expect([bad.status, bad.body.error.code]).toEqual([400, 'validation_failed']);
  expect(bad.body.error.fields.iban).toMatch(/^IBAN invalide/);
});

it('limits transfers to AVENIR IBANs that name no account: 10 an hour, then 429 whatever the IBAN', async () => {
  const client = await app.login('client3@avenir.test');
  const from = await checking(client);
  const known = (await checking(await app.login('client6@avenir.test'))).iban;
  // A new payee needs strong authentication first (then the IBAN is checked and counted).
  const send = (toIban: string) =>
    postTransfer(
      client,
      { fromAccountId: from.id, toIban, amountCents: 1, beneficiaryName: 'X' },
      key(),
    );
  for (let i = 0; i < 10; i++)
    expect((await send(frenchIban(30_000_000_000 + i))).status).toBe(400);
  const after = await send(known);
  expect([after.status, after.body.error.code]).toEqual([429, 'rate_limited']);
  expect(Number(after.headers.get('retry-after'))).toBeGreaterThan(0);
});

it('refuses to close an account an open order uses (409 account_in_use naming it)', async () => {
  const client = await app.login('client4@avenir.test');
  const stock = (
    await director.post('/api/market/stocks', {
      symbol: 'RULE',
      name: 'Règles SA',
      ipoPriceCents: 1000,
      shares: 10,
    })
  ).body.stock;
  const b = (await client.post('/api/accounts', { type: 'checking', label: 'B' })).body.account;
  expect((await client.post('/dev/deposit', { accountId: b.id, amountCents: 10_000 })).status).toBe(
    201,
  );
  const order = await client.post(
    '/api/orders',
    {
      stockId: stock.id,
      side: 'buy',
      type: 'limit',
      quantity: 1,
      limitPriceCents: 950,
      accountId: b.id,
    },
    key(),
  );
  expect(order.body.order.status).toBe('open');
  const refused = await client.del(`/api/accounts/${b.id}`);
  expect([refused.status, refused.body.error.code]).toEqual([409, 'account_in_use']);
  expect(refused.body.error.message).toContain(`n° ${order.body.order.id}`);
  const check = (await director.get('/api/admin/ledger/check')).body;
  expect(check.checks.map((c: any) => c.name)).toEqual(
    expect.arrayContaining([
      'nothing_open_on_closed_accounts',
      'savings_accrued_through_yesterday',
    ]),
  );
  expect(check.checks.filter((c: any) => !c.ok)).toEqual([]);
});

it('value-dates interest at the end of its day: a 6-day catch-up pays 27,15 € on 10 000,00 € at 16,50 %', async () => {
  const client = await app.login('client2@avenir.test');
  expect(
    (await director.request('PUT', '/api/savings/rate', { rateBasisPoints: 1650 })).status,
  ).toBe(200);
  const livret = (await client.post('/api/accounts', { type: 'savings', label: 'Taux' })).body
    .account;
  await client.post('/dev/deposit', { accountId: livret.id, amountCents: 1_000_000 });
  const moved = await client.post('/dev/clock', { advanceDays: 6 });
  expect(moved.status).toBe(200);
  const items = (await client.get('/api/accounts')).body.items;
  expect(items.find((a: any) => a.id === livret.id).balanceCents).toBe(1_002_715);
  const check = (await director.get('/api/admin/ledger/check')).body;
  expect(check.checks.filter((c: any) => !c.ok)).toEqual([]);
});

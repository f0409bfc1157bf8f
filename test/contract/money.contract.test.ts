// API.md's money section from the outside, on whichever host AVENIR_HOST names: integer cents,
// one atomic transfer, idempotency keys, refusals that change nothing, account.updated, the ledger check.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startContractHost, type ContractHost } from './host';
import type { Agent } from '../harness';
import { trustPayee } from '../sca';

let app: ContractHost;
beforeAll(async () => {
  app = await startContractHost();
}, 180_000);
afterAll(() => app?.stop());

const checking = async (a: Agent) =>
  (await a.get('/api/accounts')).body.items.find((x: any) => x.type === 'checking');

it('moves money between two clients once per key, refuses without effect, and the ledger holds', async () => {
  const [payer, payee, director] = await Promise.all([
    app.login('client1@avenir.test'),
    app.login('client2@avenir.test'),
    app.login('directeur@avenir.test'),
  ]);
  const [from, to] = await Promise.all([checking(payer), checking(payee)]);
  await trustPayee(payer, to.iban); // a saved beneficiary (test/contract/sca covers new payees)
  expect(Number.isInteger(from.balanceCents) && Number.isInteger(to.balanceCents)).toBe(true);
  const stream = await payee.sse();
  const body = {
    fromAccountId: from.id,
    toIban: to.iban.toLowerCase().replace(/(.{4})/g, '$1 '),
    amountCents: 1234,
    label: 'Contrat',
    beneficiaryName: 'Client Deux',
  };
  const key = { 'idempotency-key': `contract-${Date.now()}` };
  const sent = await payer.post('/api/transfers', body, key);
  expect(sent.status).toBe(201);
  expect(sent.body.transfer).toMatchObject({ amountCents: 1234, internal: true });
  const again = await payer.post('/api/transfers', body, key);
  expect([again.status, again.body.transfer.id]).toEqual([201, sent.body.transfer.id]);
  const changed = await payer.post('/api/transfers', { ...body, amountCents: 1 }, key);
  expect([changed.status, changed.body.error.code]).toEqual([409, 'idempotency_conflict']);
  expect((await payer.post('/api/transfers', body)).status).toBe(400); // no key
  const tooMuch = await payer.post(
    '/api/transfers',
    { ...body, amountCents: 10_000_000 },
    { 'idempotency-key': `contract-big-${Date.now()}` },
  );
  expect([tooMuch.status, tooMuch.body.error.code]).toEqual([409, 'insufficient_funds']);

  // Exactly one movement, on both sides, and the recipient was told.
  expect((await checking(payer)).balanceCents).toBe(from.balanceCents - 1234);
  expect((await checking(payee)).balanceCents).toBe(to.balanceCents + 1234);
  const updated = await stream.next((e) => e.event === 'account.updated');
  expect(updated.data.account.balanceCents).toBe(to.balanceCents + 1234);
  await stream.close();
  expect((await payee.get(`/api/accounts/${from.id}/operations`)).status).toBe(404);
  const check = await director.get('/api/admin/ledger/check');
  expect(check.body.ok).toBe(true);
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Agent, type TestApp } from '../../test/harness';
import { frenchIban, isValidIban } from '../accounts/iban';
import { freshIbanTx } from '../ledger/accounts';
import { postTransfer } from '../../test/sca';

let app: TestApp;
let c1: Agent, c2: Agent, c3: Agent;

beforeAll(async () => {
  app = await startTestApp();
  c1 = await app.login('client1@avenir.test');
  c2 = await app.login('client2@avenir.test');
  c3 = await app.login('client3@avenir.test');
}, 60_000);
afterAll(() => app?.stop());

const checking = async (c: Agent) =>
  (await c.get('/api/accounts')).body.items.find((a: any) => a.type === 'checking');
let keys = 0;
const send = (c: Agent, fromAccountId: number, toIban: string) =>
  postTransfer(
    c,
    { fromAccountId, toIban, amountCents: 1, beneficiaryName: 'Quelqu’un' },
    { 'idempotency-key': `enum-${++keys}` },
  );
/** The 11-digit account number inside an AVENIR IBAN (FR kk 30077 00001 NNNNNNNNNNN rr). */
const accountNumber = (iban: string) => Number(iban.slice(14, 25));

describe('IBANs reveal nothing about which accounts exist', { timeout: 60_000 }, () => {
  it('draws account numbers at random: valid, unique, unrelated to the order of opening', async () => {
    const opened = [];
    for (let i = 0; i < 4; i++)
      opened.push(
        (await c3.post('/api/accounts', { type: 'savings', label: `L${i}` })).body.account,
      );
    for (const a of opened) {
      expect(isValidIban(a.iban)).toBe(true);
      expect(a.iban).toBe(frenchIban(accountNumber(a.iban))); // RIB key and check digits
      expect(accountNumber(a.iban)).not.toBe(a.id);
    }
    const numbers = opened.map((a) => accountNumber(a.iban));
    expect(new Set(numbers).size).toBe(4);
    // Not a sequence: consecutive openings are not consecutive numbers.
    expect(numbers.slice(1).some((n, i) => Math.abs(n - numbers[i]) > 1000)).toBe(true);
    // A collision is drawn again.
    const taken = accountNumber(opened[0].iban);
    const draws = [taken, taken, 42];
    const iban = app.platform.db.transaction((tx) => freshIbanTx(tx, () => draws.shift()!));
    expect(iban).toBe(frenchIban(42));
    expect(draws).toEqual([]);
  });

  it('limits transfers to AVENIR IBANs that name no account: 10 an hour, then 429 whatever the IBAN', async () => {
    const from = await checking(c1);
    const known = (await checking(c2)).iban;
    for (let i = 0; i < 10; i++) {
      const res = await send(c1, from.id, frenchIban(10_000_000_000 + i));
      expect(res.status).toBe(400);
      expect(res.body.error.fields.toIban).toBeTruthy();
    }
    // Known before the 10th refusal is done, refused after: no oracle either way.
    for (const toIban of [frenchIban(20_000_000_000), known, 'FR1420041010050500013M02606']) {
      const res = await send(c1, from.id, toIban);
      expect(res.status).toBe(429);
      expect(res.body.error.code).toBe('rate_limited');
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    // Per user: someone else still sends.
    expect((await send(c3, (await checking(c3)).id, known)).status).toBe(201);
  });
});

describe('POST /api/payees/verify', () => {
  it('answers 400 validation_failed with fields.iban for an invalid IBAN', async () => {
    for (const iban of [
      'FR76 3007 7000 0100 0000 0000 0',
      'pas un iban',
      'FR0030077000010000000000000',
    ]) {
      const res = await c1.post('/api/payees/verify', { iban, name: 'Léa Dubois' });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
      expect(res.body.error.fields.iban).toMatch(/^IBAN invalide/);
    }
    const other = await c1.post('/api/payees/verify', {
      iban: 'FR1420041010050500013M02606',
      name: 'Léa Dubois',
    });
    expect(other.body).toEqual({ result: 'not_verifiable' });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Agent, type TestApp } from '../../test/harness';
import { scaByEmail } from '../../test/sca';
import { accountsOf, checkingOf, expectLedgerOk, key, transfer } from '../accounts/test-kit';

let app: TestApp;
let c1: Agent, c2: Agent, c4: Agent, dir: Agent;
const spaced = (iban: string) => iban.toLowerCase().replace(/(.{4})/g, '$1 ');

beforeAll(async () => {
  app = await startTestApp();
  // One after another: the hash gate admits only two logins per address at once.
  c1 = await app.login('client1@avenir.test');
  c2 = await app.login('client2@avenir.test');
  c4 = await app.login('client4@avenir.test');
  dir = await app.login('directeur@avenir.test');
}, 60_000);
afterAll(() => app?.stop());

describe('transfers', () => {
  it('moves money between two clients atomically, live, with a notification and safe retries', async () => {
    const from = await checkingOf(c1);
    const to = await checkingOf(c2);
    const s1 = await c1.sse();
    const s2 = await c2.sse();
    const body = {
      fromAccountId: from.id,
      toIban: spaced(to.iban),
      amountCents: 5_000,
      label: 'Dîner',
      beneficiaryName: 'Louis Michel',
    };
    const k = key();
    const res = await transfer(c1, body, k);
    expect(res.status).toBe(201);
    expect(res.body.transfer).toMatchObject({
      fromAccountId: from.id,
      toIban: to.iban,
      amountCents: 5_000,
      label: 'Dîner',
      beneficiaryName: 'Louis Michel',
      internal: true,
    });
    expect((await checkingOf(c1)).balanceCents).toBe(from.balanceCents - 5_000);
    expect((await checkingOf(c2)).balanceCents).toBe(to.balanceCents + 5_000);

    const mine = await s1.next((e) => e.event === 'account.updated');
    expect(mine.data.operation).toMatchObject({ amountCents: -5_000, kind: 'transfer' });
    const theirs = await s2.next((e) => e.event === 'account.updated');
    expect(theirs.data.account.balanceCents).toBe(to.balanceCents + 5_000);
    expect(theirs.data.operation.counterparty).toEqual({ name: 'Camille Durand', iban: from.iban });
    const n = await s2.next((e) => e.event === 'notification');
    expect(n.data).toMatchObject({
      kind: 'transfer',
      sender: null,
      title: 'Virement reçu : 50,00 € de Camille Durand',
    });
    const listed = (await c2.get('/api/notifications')).body.items[0];
    expect(listed).toMatchObject({ kind: 'transfer', sender: null });

    // Same key, same JSON value (keys reordered) → the first answer, nothing new.
    const again = await transfer(c1, { ...body, label: 'Dîner' }, k);
    expect(again.status).toBe(201);
    expect(again.body.transfer.id).toBe(res.body.transfer.id);
    expect((await checkingOf(c1)).balanceCents).toBe(from.balanceCents - 5_000);
    const conflict = await transfer(c1, { ...body, amountCents: 5_001 }, k);
    expect(conflict.status).toBe(409);
    expect(conflict.body.error.code).toBe('idempotency_conflict');
    // Keys are per user.
    const c2from = await checkingOf(c2);
    const other = await transfer(
      c2,
      { ...body, fromAccountId: c2from.id, toIban: from.iban, beneficiaryName: 'Camille Durand' },
      k,
    );
    expect(other.status).toBe(201);
    await s1.close();
    await s2.close();
    await expectLedgerOk(dir);
  });

  it('refuses bad input and uncovered, closed or restricted transfers, changing nothing', async () => {
    const from = await checkingOf(c1);
    const to = await checkingOf(c4);
    const base = {
      fromAccountId: from.id,
      toIban: to.iban,
      amountCents: 100,
      label: '',
      beneficiaryName: 'Hugo Laurent',
    };
    const noKey = await c1.post('/api/transfers', base);
    expect(noKey.status).toBe(400);
    expect((await transfer(c1, base, 'x'.repeat(65))).status).toBe(400);
    const badIban = await transfer(c1, { ...base, toIban: 'FR7630077000010000000000001' });
    expect(badIban.status).toBe(400);
    expect(badIban.body.error.fields.toIban).toBeTruthy();
    // A valid AVENIR IBAN that names no account.
    const { frenchIban } = await import('../accounts/iban');
    const ghost = await transfer(c1, { ...base, toIban: frenchIban(99_999) });
    expect(ghost.status).toBe(400);
    expect(ghost.body.error.fields.toIban).toBeTruthy();
    expect((await transfer(c1, { ...base, toIban: from.iban })).status).toBe(400);
    for (const amountCents of [0, -5, 1.5, 10_000_001, '100'])
      expect((await transfer(c1, { ...base, amountCents })).status).toBe(400);
    expect((await transfer(c1, { ...base, beneficiaryName: '' })).status).toBe(400);
    expect((await transfer(c1, { ...base, label: 'x'.repeat(141) })).status).toBe(400);

    const poor = await transfer(c1, { ...base, amountCents: from.availableCents + 1 });
    expect(poor.status).toBe(409);
    expect(poor.body.error.code).toBe('insufficient_funds');
    // Someone else's account as the source → 404.
    expect((await transfer(c4, base)).status).toBe(404);

    // A closed target.
    const spare = (await c4.post('/api/accounts', { type: 'checking', label: 'Fermé' })).body
      .account;
    expect((await c4.del(`/api/accounts/${spare.id}`)).status).toBe(204);
    const closed = await transfer(c1, { ...base, toIban: spare.iban });
    expect(closed.status).toBe(409);
    expect(closed.body.error.code).toBe('account_closed');

    // A Livret sends only to its owner's own accounts.
    const livret = (await accountsOf(c1)).find((a) => a.type === 'savings');
    const restricted = await transfer(c1, { ...base, fromAccountId: livret.id });
    expect(restricted.status).toBe(409);
    expect(restricted.body.error.code).toBe('savings_restricted');
    const external = await transfer(c1, {
      ...base,
      fromAccountId: livret.id,
      toIban: 'FR1420041010050500013M02606',
    });
    expect(external.body.error.code).toBe('savings_restricted');
    expect(
      (await transfer(c1, { ...base, fromAccountId: livret.id, toIban: from.iban })).status,
    ).toBe(201);

    expect((await checkingOf(c4)).balanceCents).toBe(to.balanceCents);
    expect((await checkingOf(c1)).balanceCents).toBe(from.balanceCents + 100);
    await expectLedgerOk(dir);
  });

  it('sends a simulated SEPA transfer to another bank', async () => {
    const from = await checkingOf(c4);
    const res = await transfer(c4, {
      fromAccountId: from.id,
      toIban: 'FR14 2004 1010 0505 0001 3M02 606',
      amountCents: 12_345,
      label: 'Facture plombier',
      beneficiaryName: 'Plomberie Martin',
    });
    expect(res.status).toBe(201);
    expect(res.body.transfer).toMatchObject({
      internal: false,
      toIban: 'FR1420041010050500013M02606',
    });
    const ops = (await c4.get(`/api/accounts/${from.id}/operations?limit=1`)).body.items;
    expect(ops[0]).toMatchObject({
      amountCents: -12_345,
      balanceAfterCents: from.balanceCents - 12_345,
      counterparty: { name: 'Plomberie Martin', iban: 'FR1420041010050500013M02606' },
    });
    await expectLedgerOk(dir);
  });
});

describe('payees, beneficiaries, dev deposit', () => {
  it('verifies payees: match, close match with the holder’s name, no match, not verifiable', async () => {
    const to = await checkingOf(c2); // Louis Garcia
    const vop = (name: string, iban = to.iban) => c1.post('/api/payees/verify', { iban, name });
    expect((await vop('louis GARCIA')).body).toEqual({ result: 'match' });
    expect((await vop('Garcia Louis')).body).toEqual({ result: 'match' });
    expect((await vop('Louis Garcai')).body).toEqual({
      result: 'close_match',
      name: 'Louis Garcia',
    });
    expect((await vop('L. García')).body).toEqual({ result: 'close_match', name: 'Louis Garcia' });
    expect((await vop('Marie Dubois')).body).toEqual({ result: 'no_match' });
    expect((await vop('Louis Garcia', 'FR1420041010050500013M02606')).body).toEqual({
      result: 'not_verifiable',
    });
    const me = await app.login('client5@avenir.test');
    let last = 0;
    for (let i = 0; i < 31; i++)
      last = (await me.post('/api/payees/verify', { iban: to.iban, name: 'x' })).status;
    expect(last).toBe(429);
  });

  it('saves beneficiaries only with strong authentication (the old password is refused)', async () => {
    const to = await checkingOf(c4);
    const old = await c1.post('/api/beneficiaries', {
      name: 'Hugo Laurent',
      iban: to.iban,
      password: 'Avenir-2026!',
    });
    expect(old.status).toBe(403);
    expect(old.body.error.code).toBe('sca_required');
    const sca = await scaByEmail(c1, 'beneficiary.add', { name: 'Hugo Laurent', iban: to.iban });
    const ok = await c1.post('/api/beneficiaries', {
      name: 'Hugo Laurent',
      iban: spaced(to.iban),
      sca,
    });
    expect(ok.status).toBe(201);
    expect(ok.body.beneficiary).toMatchObject({ iban: to.iban, verification: 'match' });
    const list = (await c1.get('/api/beneficiaries')).body.items;
    expect(list.map((b: any) => b.id)).toContain(ok.body.beneficiary.id);
    expect((await c4.del(`/api/beneficiaries/${ok.body.beneficiary.id}`)).status).toBe(404);
    expect((await c1.del(`/api/beneficiaries/${ok.body.beneficiary.id}`)).status).toBe(204);
  });

  it('credits a demo deposit from outside the bank', async () => {
    const a = await checkingOf(c4);
    const res = await c4.post('/dev/deposit', { accountId: a.id, amountCents: 10_000 });
    expect(res.status).toBe(201);
    expect(res.body.account.balanceCents).toBe(a.balanceCents + 10_000);
    expect((await c1.post('/dev/deposit', { accountId: a.id, amountCents: 1 })).status).toBe(404);
    expect((await c4.post('/dev/deposit', { accountId: a.id, amountCents: 0 })).status).toBe(400);
    await expectLedgerOk(dir);
  });
});

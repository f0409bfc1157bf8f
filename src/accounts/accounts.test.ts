// Accounts: the fixtures, opening, renaming and closing, and who may read whose money.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Agent, type TestApp } from '../../test/harness';
import { NEWCOMER_PROFILE } from '../../test/newcomer';
import { accountsOf, checkingOf, expectLedgerOk, transfer } from './test-kit';

let app: TestApp;
let c1: Agent, c2: Agent, c4: Agent, adv1: Agent, dir: Agent;

beforeAll(async () => {
  app = await startTestApp();
  // One after another: the hash gate admits only two logins per address at once.
  c1 = await app.login('client1@avenir.test');
  c2 = await app.login('client2@avenir.test');
  c4 = await app.login('client4@avenir.test');
  adv1 = await app.login('conseiller1@avenir.test');
  dir = await app.login('directeur@avenir.test');
}, 60_000);
afterAll(() => app?.stop());

describe('fixtures and accounts', () => {
  it('seeds balances, a Livret for client1 and ~3 months of history through the ledger', async () => {
    const items = await accountsOf(c1);
    expect(items.map((a) => a.type)).toEqual(['checking', 'savings']);
    const [checking, livret] = items;
    expect(checking).toMatchObject({ currency: 'EUR', overdraftLimitCents: 0, closedAt: null });
    expect(checking.iban).toMatch(/^FR\d{2}30077\d+$/);
    expect(checking.availableCents).toBe(checking.balanceCents);
    expect(livret.balanceCents).toBeGreaterThan(0);
    expect(livret.rateBasisPoints).toBe(300);
    const ops = (await c1.get(`/api/accounts/${checking.id}/operations?limit=100`)).body.items;
    expect(ops.length).toBeGreaterThan(15);
    const days = (Date.now() - Date.parse(ops[ops.length - 1].createdAt)) / 86_400_000;
    expect(days).toBeGreaterThan(80);
    expect(ops.map((o: any) => o.label)).toEqual(expect.arrayContaining(['Salaire', 'Loyer']));
    await expectLedgerOk(dir);
  });

  it('opens, renames and closes accounts with the contract’s refusals', async () => {
    const me = await app.login('client3@avenir.test');
    const opened = await me.post('/api/accounts', { type: 'savings', label: 'Projet vacances' });
    expect(opened.status).toBe(201);
    expect(opened.body.account).toMatchObject({
      type: 'savings',
      balanceCents: 0,
      label: 'Projet vacances',
      rateBasisPoints: 300,
      closedAt: null,
    });
    const id = opened.body.account.id;
    expect((await me.patch(`/api/accounts/${id}`, { label: 'Voyage' })).body.account.label).toBe(
      'Voyage',
    );
    expect((await me.patch(`/api/accounts/${id}`, { label: '' })).status).toBe(400);
    expect((await me.post('/api/accounts', { type: 'gold', label: 'x' })).status).toBe(400);
    const checking = await checkingOf(me);
    expect((await me.del(`/api/accounts/${checking.id}`)).body.error.code).toBe(
      'account_not_empty',
    );
    expect((await me.del(`/api/accounts/${id}`)).status).toBe(204);
    const after = await accountsOf(me);
    expect(after[after.length - 1]).toMatchObject({ id });
    expect(after[after.length - 1].closedAt).not.toBeNull();
    // History of a closed account stays readable.
    expect((await me.get(`/api/accounts/${id}/operations`)).status).toBe(200);
    // Ten open accounts at most.
    for (let i = after.filter((a) => !a.closedAt).length; i < 10; i++)
      expect((await me.post('/api/accounts', { type: 'checking', label: `C${i}` })).status).toBe(
        201,
      );
    const over = await me.post('/api/accounts', { type: 'checking', label: 'Onze' });
    expect(over.status).toBe(409);
    expect(over.body.error.code).toBe('account_limit');
    expect((await adv1.post('/api/accounts', { type: 'checking', label: 'x' })).status).toBe(403);
  });

  it('refuses to close the last open checking account', async () => {
    const res = await app.anon().post('/api/auth/register', {
      ...NEWCOMER_PROFILE,
      email: 'solo@avenir.test',
      password: 'Un-mot-de-passe-1',
      firstName: 'Solo',
      lastName: 'Test',
    });
    expect(res.status).toBe(202);
    const mails = (await app.anon().get('/dev/mailbox.json')).body.items;
    const token = /token=([\w-]+)/.exec(mails.find((m: any) => m.to.includes('solo')).text)![1];
    const solo = app.anon();
    expect((await solo.post('/api/auth/verify-email', { token })).status).toBe(200);
    const [only] = await accountsOf(solo);
    expect(only).toMatchObject({ balanceCents: 0, type: 'checking' });
    const closed = await solo.del(`/api/accounts/${only.id}`);
    expect(closed.status).toBe(409);
    expect(closed.body.error.code).toBe('last_checking_account');
  });
});

describe('authorization', () => {
  it('answers 404 for someone else’s account on every route', async () => {
    const theirs = await checkingOf(c2);
    const base = `/api/accounts/${theirs.id}`;
    for (const res of [
      await c1.patch(base, { label: 'x' }),
      await c1.del(base),
      await c1.get(`${base}/operations`),
      await c1.get(`${base}/operations.csv`),
      await c1.get(`${base}/statements/2026-01`),
      await c1.post('/dev/deposit', { accountId: theirs.id, amountCents: 1 }),
      await transfer(c1, {
        fromAccountId: theirs.id,
        toIban: (await checkingOf(c1)).iban,
        amountCents: 1,
        beneficiaryName: 'x',
      }),
    ])
      expect(res.status).toBe(404);
  });

  it('lets an advisor read only their clients’ money, the director everyone’s and the ledger check', async () => {
    const c1id = c1.user.id;
    const c4id = c4.user.id;
    const own = await adv1.get(`/api/clients/${c1id}/accounts`);
    expect(own.status).toBe(200);
    expect(own.body.items.length).toBe(2);
    const acc = own.body.items[0].id;
    const ops = await adv1.get(`/api/clients/${c1id}/accounts/${acc}/operations?limit=3`);
    expect(ops.status).toBe(200);
    expect(ops.body.items).toHaveLength(3);
    expect((await adv1.get(`/api/clients/${c4id}/accounts`)).status).toBe(404);
    const c4acc = (await checkingOf(c4)).id;
    expect((await adv1.get(`/api/clients/${c1id}/accounts/${c4acc}/operations`)).status).toBe(404);
    expect((await c1.get(`/api/clients/${c1id}/accounts`)).status).toBe(404);
    expect((await c2.get(`/api/clients/${c1id}/accounts/${acc}/operations`)).status).toBe(404);
    expect((await dir.get(`/api/clients/${c4id}/accounts`)).status).toBe(200);
    expect((await adv1.get('/api/admin/ledger/check')).status).toBe(403);
    expect((await c1.get('/api/admin/ledger/check')).status).toBe(403);
    expect((await app.anon().get('/api/admin/ledger/check')).status).toBe(401);
    expect((await adv1.post('/api/transfers', {}, { 'idempotency-key': 'a' })).status).toBe(403);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Agent, type TestApp } from '../../test/harness';
import { eq } from 'drizzle-orm';
import { bankAccounts } from '../db/schema';
import { expectLedgerOk, order } from '../market/test-kit';

let app: TestApp;
let director: Agent, c1: Agent, c2: Agent;

beforeAll(async () => {
  app = await startTestApp();
  director = await app.login('directeur@avenir.test');
  c1 = await app.login('client1@avenir.test');
  c2 = await app.login('client2@avenir.test');
}, 60_000);
afterAll(() => app?.stop());

const limit = (
  c: Agent,
  accountId: number,
  side: 'buy' | 'sell',
  quantity: number,
  price: number,
) => order(c, { stockId, side, type: 'limit', quantity, limitPriceCents: price, accountId });
let stockId = 0;

const checkingOf = async (c: Agent) =>
  (await c.get('/api/accounts')).body.items.find((a: any) => a.type === 'checking' && !a.closedAt);

describe('closing an account something still uses', { timeout: 60_000 }, () => {
  it('refuses 409 account_in_use while an open order pays through it, naming the order', async () => {
    stockId = (
      await director.post('/api/market/stocks', {
        symbol: 'CLOS',
        name: 'Clôture SA',
        ipoPriceCents: 1000,
        shares: 100,
      })
    ).body.stock.id;
    const a = await checkingOf(c1);
    await c1.post('/dev/deposit', { accountId: a.id, amountCents: 100_000 });
    const bought = await limit(c1, a.id, 'buy', 10, 1000);
    expect(bought.body.order.status).toBe('filled');
    // A second checking account B pays the sell's fee, then is emptied after the first fill.
    const b = (await c1.post('/api/accounts', { type: 'checking', label: 'B' })).body.account;
    await c1.post('/dev/deposit', { accountId: b.id, amountCents: 100 });
    const sell = await limit(c1, b.id, 'sell', 5, 990);
    expect(sell.status).toBe(201);
    const c2Checking = await checkingOf(c2);
    await c2.post('/dev/deposit', { accountId: c2Checking.id, amountCents: 10_000 });
    const hit = await limit(c2, c2Checking.id, 'buy', 1, 990);
    expect(hit.body.order.status).toBe('filled');
    const afterFill = (await c1.get('/api/accounts')).body.items.find((x: any) => x.id === b.id);
    expect(afterFill.availableCents).toBe(afterFill.balanceCents); // the fee hold is used up
    const back = await c1.post(
      '/api/transfers',
      {
        fromAccountId: b.id,
        toIban: a.iban,
        amountCents: afterFill.balanceCents,
        beneficiaryName: 'Moi',
      },
      { 'idempotency-key': 'empty-b' },
    );
    expect(back.status).toBe(201);

    const refused = await c1.del(`/api/accounts/${b.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('account_in_use');
    expect(refused.body.error.message).toContain(`n° ${sell.body.order.id} (vente CLOS)`);
    expect(
      (await c1.get('/api/accounts')).body.items.find((x: any) => x.id === b.id).closedAt,
    ).toBe(null);
    expectLedgerOk(app);
    // Had it closed (as before this rule), the ledger check would say so.
    const setClosed = (at: Date | null) =>
      app.platform.db
        .update(bankAccounts)
        .set({ closedAt: at })
        .where(eq(bankAccounts.id, b.id))
        .run();
    setClosed(new Date());
    const check = (await director.get('/api/admin/ledger/check')).body;
    expect(check.checks.filter((c: any) => !c.ok).map((c: any) => c.name)).toEqual([
      'nothing_open_on_closed_accounts',
    ]);
    setClosed(null);

    // Once the order is cancelled, the account closes.
    expect((await c1.del(`/api/orders/${sell.body.order.id}`)).status).toBe(200);
    expect((await c1.del(`/api/accounts/${b.id}`)).status).toBe(204);
    expectLedgerOk(app);
  });
});

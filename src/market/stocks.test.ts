// The director’s stocks (never a price nor a trade) and who may read which portfolio.
import { describe, expect, it } from 'vitest';
import { type Agent, type TestApp } from '../../test/harness';
import { expectLedgerOk, order, startMarketAppForFile, marketHelpers } from './test-kit';

let app: TestApp;
let director: Agent;
let c1: Agent, c2: Agent, c3: Agent, c4: Agent;

startMarketAppForFile(
  (w) =>
    ({
      app,
      director,
      clients: [c1, c2, c3, c4],
    } = w),
);
const { ipo, buy, sell } = marketHelpers(() => ({ app, director }));

describe('stocks and portfolios', () => {
  it('the director lists, renames, unlists and deletes stocks but never sets a price nor trades', async () => {
    const s = await ipo(700, 10);
    expect((await director.patch(`/api/market/stocks/${s.id}`, { lastPriceCents: 1 })).status).toBe(
      400,
    );
    expect(
      (await director.patch(`/api/market/stocks/${s.id}`, { name: 'X', ipoPriceCents: 1 })).status,
    ).toBe(400);
    const renamed = await director.patch(`/api/market/stocks/${s.id}`, { name: 'Renommée' });
    expect(renamed.body.stock).toMatchObject({ name: 'Renommée', lastPriceCents: 700 });
    expect(
      (
        await director.post('/api/market/stocks', {
          symbol: s.symbol,
          name: 'Bis',
          ipoPriceCents: 1,
          shares: 1,
        })
      ).status,
    ).toBe(409);
    expect(
      (
        await director.post('/api/market/stocks', {
          symbol: 'lower',
          name: 'Bis',
          ipoPriceCents: 1,
          shares: 1,
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await order(director, {
          stockId: s.id,
          side: 'buy',
          type: 'market',
          quantity: 1,
          accountId: 1,
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await c1.post('/api/market/stocks', {
          symbol: 'NOPE',
          name: 'Non',
          ipoPriceCents: 100,
          shares: 10,
        })
      ).status,
    ).toBe(403);
    expect((await c1.patch(`/api/market/stocks/${s.id}`, { name: 'Non' })).status).toBe(403);
    expect((await c1.del(`/api/market/stocks/${s.id}`)).status).toBe(403);
    // In use while a client holds it.
    await buy(c1, s.id, 1, 700);
    expect((await director.del(`/api/market/stocks/${s.id}`)).body.error.code).toBe('stock_in_use');
    await sell(c1, s.id, 1, 900); // an open order keeps it in use too
    expect((await director.del(`/api/market/stocks/${s.id}`)).status).toBe(409);
    await buy(c2, s.id, 1, 900); // c1's shares go to c2…
    await sell(c2, s.id, 1, 700); // …who sells them back to… nobody yet: rests
    expect((await director.del(`/api/market/stocks/${s.id}`)).status).toBe(409);
    const rest = (await c2.get('/api/orders')).body.items.find((o: any) => o.stockId === s.id);
    await c2.del(`/api/orders/${rest.id}`);
    // c2 still holds 1 share.
    expect((await director.del(`/api/market/stocks/${s.id}`)).status).toBe(409);
    // Unlisted: clients no longer see it or trade it.
    await director.patch(`/api/market/stocks/${s.id}`, { listed: false });
    expect(
      (await c2.get('/api/market/stocks')).body.items.find((x: any) => x.id === s.id),
    ).toBeUndefined();
    expect(
      (await director.get('/api/market/stocks')).body.items.find((x: any) => x.id === s.id),
    ).toMatchObject({ listed: false });
    expect((await sell(c2, s.id, 1, 700)).body.error.code).toBe('stock_not_listed');
    const fresh = await ipo(500, 5);
    expect((await director.del(`/api/market/stocks/${fresh.id}`)).status).toBe(204);
    expect((await c1.get(`/api/market/stocks/${fresh.id}`)).status).toBe(404);
    expectLedgerOk(app);
  });

  it('advisors see their own clients’ portfolios only; clients see none', async () => {
    const adv1 = await app.login('conseiller1@avenir.test');
    const adv2 = await app.login('conseiller2@avenir.test');
    const mine = await adv1.get(`/api/clients/${c1.user.id}/portfolio`);
    expect(mine.status).toBe(200);
    expect(mine.body).toEqual((await c1.get('/api/portfolio')).body);
    expect((await adv2.get(`/api/clients/${c1.user.id}/portfolio`)).status).toBe(404);
    expect((await director.get(`/api/clients/${c1.user.id}/portfolio`)).status).toBe(200);
    expect((await c2.get(`/api/clients/${c1.user.id}/portfolio`)).status).toBe(403);
    expect((await app.anon().get('/api/portfolio')).status).toBe(401);
  });
});

// API.md « Orders and portfolio » and « Trading phases » from the outside, on whichever host
// AVENIR_HOST names: trades at the resting price, self-trade prevention, the 50 % collar, a
// volatility auction ended by the host's own schedule (a Durable Object alarm on Workers), orders
// with their fills, and the ledger check.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startContractHost, type ContractHost } from './host';
import type { Agent } from '../harness';

let app: ContractHost;
beforeAll(async () => {
  app = await startContractHost({ MARKET_AUCTION_SECONDS: '2' });
}, 180_000);
afterAll(() => app?.stop());

let keys = 0;
const checkingId = async (a: Agent) =>
  (await a.get('/api/accounts')).body.items.find((x: any) => x.type === 'checking' && !x.closedAt)
    .id as number;
async function limit(a: Agent, stockId: number, side: string, quantity: number, price: number) {
  const body = {
    stockId,
    side,
    type: 'limit',
    quantity,
    limitPriceCents: price,
    accountId: await checkingId(a),
  };
  return a.post('/api/orders', body, { 'idempotency-key': `mc-${Date.now()}-${++keys}` });
}

it('trades at the resting price, never with oneself, within the collar, through a volatility auction', async () => {
  const [director, c1, c2] = await Promise.all([
    app.login('directeur@avenir.test'),
    app.login('client1@avenir.test'),
    app.login('client2@avenir.test'),
  ]);
  const listed = await director.post('/api/market/stocks', {
    symbol: 'CTRT',
    name: 'Contrat',
    ipoPriceCents: 1000,
    shares: 10,
  });
  expect(listed.status).toBe(201);
  const id = listed.body.stock.id;
  expect(listed.body.stock).toMatchObject({
    phase: 'continuous',
    referencePriceCents: 1000,
    auctionEndsAt: null,
    indicativePriceCents: null,
    indicativeQuantity: 0,
  });
  // A buy limited at 10,50 € pays the offer's 10,00 €.
  const bought = await limit(c1, id, 'buy', 10, 1050);
  expect(bought.body.order).toMatchObject({
    status: 'filled',
    filledQuantity: 10,
    averagePriceCents: 1000,
    feeCents: 100,
    cancelReason: null,
  });
  const detail = await c1.get(`/api/orders/${bought.body.order.id}`);
  expect(detail.body.fills).toEqual([{ priceCents: 1000, quantity: 10, at: expect.any(String) }]);
  expect((await c2.get(`/api/orders/${bought.body.order.id}`)).status).toBe(404);

  // Self-trade: c1's buy meets c1's own offer and is cancelled.
  await limit(c1, id, 'sell', 4, 1020);
  const self = await limit(c1, id, 'buy', 2, 1020);
  expect(self.body.order).toMatchObject({ status: 'cancelled', cancelReason: 'self_trade' });

  // Collar: more than 50 % from the reference.
  const far = await limit(c2, id, 'buy', 1, 1501);
  expect([far.status, Object.keys(far.body.error.fields)]).toEqual([400, ['limitPriceCents']]);

  // Outside the 10 % band: an auction, then the fixing at the equilibrium price.
  await limit(c1, id, 'sell', 3, 1150);
  const stream = await c2.sse();
  try {
    // c2's buy at 11,60 € first takes c1's 10,20 € (in the band), then would pay 11,50 €.
    const b = await limit(c2, id, 'buy', 6, 1160);
    expect(b.body.order).toMatchObject({ status: 'open', filledQuantity: 4 });
    const entered = await stream.next((e) => e.event === 'market.phase' && e.data.stockId === id);
    expect(entered.data).toMatchObject({
      phase: 'auction',
      indicativePriceCents: 1150,
      indicativeQuantity: 2,
    });
    const ended = await stream.next(
      (e) => e.event === 'market.phase' && e.data.stockId === id && e.data.phase === 'continuous',
      20_000,
    );
    expect(ended.data.auctionEndsAt).toBeNull();
  } finally {
    stream.close();
  }
  const after = (await c2.get(`/api/market/stocks/${id}`)).body;
  expect(after.stock).toMatchObject({
    phase: 'continuous',
    referencePriceCents: 1150,
    lastPriceCents: 1150,
  });
  expect(after.trades.slice(0, 2).map((t: any) => [t.priceCents, t.quantity])).toEqual([
    [1150, 2],
    [1020, 4],
  ]);
  expect(after.book.asks).toEqual([{ priceCents: 1150, quantity: 1 }]);
  const check = await director.get('/api/admin/ledger/check');
  expect(check.body.checks.filter((c: any) => !c.ok)).toEqual([]);
  expect(check.body.checks.map((c: any) => c.name)).toContain('book_not_crossed');
}, 60_000);

/**
 * The rewritten market rules over HTTP (API.md « Orders and portfolio »,
 * « Trading phases »): self-trade prevention, the 50 % collar, volatility
 * auctions seen over SSE, orders a customer can read, a resting order that
 * cannot settle, and a sweep sliced over several transactions.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { startTestApp, type Agent, type TestApp } from '../../test/harness';
import { bankAccounts, users } from '../db/schema';
import { checkingOf, deposit, expectLedgerOk, listTestStock, order } from './test-kit';
import { orders, trades } from './schema';
import { placeOrderTx } from './orders';
import { marketContext, runMarketDue } from './service';
import { MAX_FILLS_PER_SLICE } from './engine';
import { onOrderExecuted } from './settle';

let app: TestApp;
let director: Agent;
let c1: Agent, c2: Agent, c3: Agent;

beforeAll(async () => {
  app = await startTestApp({ MARKET_AUCTION_SECONDS: '2' });
  director = await app.login('directeur@avenir.test');
  c1 = await app.login('client1@avenir.test');
  c2 = await app.login('client2@avenir.test');
  c3 = await app.login('client3@avenir.test');
  for (const c of [c1, c2, c3]) deposit(app, checkingOf(app, c.user.id), 10_000_000);
}, 60_000);
afterAll(() => app?.stop());

const ipo = (priceCents = 1000, shares = 100) => listTestStock(director, 'U', priceCents, shares);
const limit = (
  c: Agent,
  stockId: number,
  side: 'buy' | 'sell',
  quantity: number,
  price: number,
  accountId = checkingOf(app, c.user.id),
) => order(c, { stockId, side, type: 'limit', quantity, limitPriceCents: price, accountId });
const stockOf = async (c: Agent, id: number) => (await c.get(`/api/market/stocks/${id}`)).body;

describe('trading rules', () => {
  it('never trades a customer with themselves: the incoming remainder is cancelled and the customer told why', async () => {
    const s = await ipo(9990, 10);
    expect((await limit(c1, s.id, 'buy', 10, 9990)).body.order.status).toBe('filled');
    const ask = await limit(c1, s.id, 'sell', 5, 9990);
    const stream = await c1.sse();
    try {
      const bid = await limit(c1, s.id, 'buy', 3, 9990);
      expect(bid.status).toBe(201);
      expect(bid.body.order).toMatchObject({
        status: 'cancelled',
        cancelReason: 'self_trade',
        filledQuantity: 0,
        feeCents: 0,
      });
      const n = await stream.next((e) => e.event === 'notification' && e.data.kind === 'trade');
      expect(n.data.body).toBe(
        'Votre ordre aurait été exécuté face à votre propre ordre de vente à 99,90 € : il a été annulé.',
      );
    } finally {
      stream.close();
    }
    const resting = (await c1.get(`/api/orders/${ask.body.order.id}`)).body.order;
    expect(resting).toMatchObject({ status: 'open', remainingQuantity: 5 });
    expect((await stockOf(c1, s.id)).trades).toHaveLength(1); // the IPO buy only
    expectLedgerOk(app);
  });

  it('refuses a limit more than 50 % from the reference price with fields.limitPriceCents', async () => {
    const s = await ipo(1000, 10);
    for (const price of [499, 1501]) {
      const r = await limit(c2, s.id, 'buy', 1, price);
      expect(r.status).toBe(400);
      expect(r.body.error.fields.limitPriceCents).toMatch(/référence/);
    }
    expect((await limit(c2, s.id, 'buy', 1, 500)).status).toBe(201);
    expect((await limit(c2, s.id, 'buy', 1, 1500)).status).toBe(201);
  });

  it('an order that would trade outside the 10 % band starts an auction that uncrosses at the equilibrium price', async () => {
    const s = await ipo(1000, 10);
    expect((await limit(c1, s.id, 'buy', 10, 1000)).body.order.status).toBe('filled');
    await limit(c1, s.id, 'sell', 5, 1150);
    const watcher = await c3.sse();
    try {
      const bid = await limit(c2, s.id, 'buy', 5, 1200);
      expect(bid.body.order).toMatchObject({ status: 'open', remainingQuantity: 5 });
      const entered = await watcher.next(
        (e) => e.event === 'market.phase' && e.data.stockId === s.id,
      );
      expect(entered.data).toMatchObject({
        phase: 'auction',
        indicativePriceCents: 1150,
        indicativeQuantity: 5,
      });
      const during = (await stockOf(c3, s.id)).stock;
      expect(during).toMatchObject({
        phase: 'auction',
        referencePriceCents: 1000,
        lastPriceCents: 1000,
      });
      expect(Date.parse(during.auctionEndsAt)).toBeGreaterThan(Date.now() - 5000);
      // Orders are accepted and nothing trades: a new bid moves the indicative figures.
      await limit(c3, s.id, 'buy', 2, 1160); // least surplus at 1200 now
      await watcher.next(
        (e) =>
          e.event === 'market.phase' &&
          e.data.stockId === s.id &&
          e.data.indicativeQuantity === 5 &&
          e.data.indicativePriceCents === 1200,
      );
      const ended = await watcher.next(
        (e) =>
          e.event === 'market.phase' && e.data.stockId === s.id && e.data.phase === 'continuous',
        10_000,
      );
      expect(ended.data).toMatchObject({ auctionEndsAt: null, indicativePriceCents: null });
    } finally {
      watcher.close();
    }
    const after = await stockOf(c2, s.id);
    expect(after.stock).toMatchObject({
      phase: 'continuous',
      referencePriceCents: 1200,
      lastPriceCents: 1200,
    });
    expect(after.trades[0]).toMatchObject({ priceCents: 1200, quantity: 5 });
    const filled = (
      await c2.get(
        `/api/orders/${(await c2.get('/api/orders?status=all')).body.items.find((o: any) => o.stockId === s.id).id}`,
      )
    ).body;
    expect(filled.order).toMatchObject({
      status: 'filled',
      averagePriceCents: 1200,
      feeCents: 100,
    });
    expect(filled.fills).toEqual([{ priceCents: 1200, quantity: 5, at: expect.any(String) }]);
    expectLedgerOk(app);
  });

  it('an order shows its fills, average price, fee and times; someone else’s is not found', async () => {
    const s = await ipo(2000, 10);
    // The seam for a trade confirmation: called once per order that executed and is over.
    const executed: number[] = [];
    onOrderExecuted((_tx, o, stock) => (stock.id === s.id && executed.push(o.id), []));
    const b = await limit(c2, s.id, 'buy', 4, 2100);
    expect(b.body.order).toMatchObject({
      symbol: s.symbol,
      status: 'filled',
      filledQuantity: 4,
      remainingQuantity: 0,
      averagePriceCents: 2000,
      feeCents: 100,
      cancelReason: null,
    });
    expect(Date.parse(b.body.order.updatedAt)).toBeGreaterThanOrEqual(
      Date.parse(b.body.order.createdAt),
    );
    const detail = (await c2.get(`/api/orders/${b.body.order.id}`)).body;
    expect(detail.fills).toEqual([{ priceCents: 2000, quantity: 4, at: expect.any(String) }]);
    expect(executed).toEqual([b.body.order.id]); // the bank's IPO order is still open
    expect((await c1.get(`/api/orders/${b.body.order.id}`)).status).toBe(404);
    expect((await c1.get('/api/orders/abc')).status).toBe(404);
    const cancelled = await c2.del(
      `/api/orders/${(await limit(c2, s.id, 'buy', 1, 1900)).body.order.id}`,
    );
    expect(cancelled.body.order).toMatchObject({ status: 'cancelled', cancelReason: 'user' });
  });

  it('a resting order whose account was closed is cancelled as unsettleable; the crossing buy goes on', async () => {
    const s = await ipo(1000, 5);
    expect((await limit(c3, s.id, 'buy', 5, 1000)).body.order.status).toBe('filled');
    const opened = await c3.post('/api/accounts', { type: 'checking', label: 'Compte B' });
    expect(opened.status).toBe(201);
    const b = opened.body.account.id as number;
    deposit(app, b, 100);
    const ask = await limit(c3, s.id, 'sell', 5, 1000, b);
    expect(ask.body.order.status).toBe('open');
    // However B came to be closed (the route now refuses it), its order must not freeze the book.
    app.platform.db
      .update(bankAccounts)
      .set({ closedAt: new Date() })
      .where(eq(bankAccounts.id, b))
      .run();
    const bid = await limit(c2, s.id, 'buy', 2, 1000);
    expect(bid.status).toBe(201);
    expect(bid.body.order).toMatchObject({ status: 'open', remainingQuantity: 2 });
    const gone = (await c3.get(`/api/orders/${ask.body.order.id}`)).body.order;
    expect(gone).toMatchObject({ status: 'cancelled', cancelReason: 'unsettleable' });
    expectLedgerOk(app);
  });

  it(`one incoming order fills at most ${MAX_FILLS_PER_SLICE} resting orders per transaction; the sweep goes on after`, async () => {
    const n = MAX_FILLS_PER_SLICE + 20;
    const s = await ipo(1000, n);
    expect((await limit(c1, s.id, 'buy', n, 1000)).body.order.status).toBe('filled');
    for (let i = 0; i < n; i++) expect((await limit(c1, s.id, 'sell', 1, 1000)).status).toBe(201);
    const user = app.platform.db.select().from(users).where(eq(users.id, c2.user.id)).get()!;
    const first = app.platform.db.transaction((tx) =>
      placeOrderTx(
        tx,
        user,
        {
          stockId: s.id,
          side: 'buy',
          type: 'limit',
          quantity: n,
          limitPriceCents: 1000,
          accountId: checkingOf(app, user.id),
        },
        marketContext(app.platform),
      ),
    );
    expect(first.ok && first.more).toBe(true);
    const id = first.ok ? first.order.id : 0;
    const count = () =>
      app.platform.db.get<{ n: number }>(
        sql`select count(*) as n from trades where buy_order_id = ${id}`,
      )!.n;
    expect(count()).toBe(MAX_FILLS_PER_SLICE);
    await runMarketDue(app.platform); // what a start after a stop mid-sweep does
    expect(count()).toBe(n);
    expect(app.platform.db.select().from(orders).where(eq(orders.id, id)).get()).toMatchObject({
      status: 'filled',
      remaining: 0,
    });
    expect(
      app.platform.db
        .select()
        .from(trades)
        .where(eq(trades.buyOrderId, id))
        .all()
        .every((t) => t.price === 1000),
    ).toBe(true);
    expectLedgerOk(app);
  });
});

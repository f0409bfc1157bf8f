import { describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { type Agent, type TestApp } from '../../test/harness';
import {
  checkingOf,
  deposit,
  expectLedgerOk,
  startMarketAppForFile,
  marketHelpers,
} from './test-kit';
import { trades } from './schema';

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
const { ipo, cash, buy, sell, position, feesCollected } = marketHelpers(() => ({ app, director }));

describe('market', () => {
  it('an IPO offers the bank’s shares at its price; a buy pays the price and exactly 1 €, the bank none', async () => {
    const s = await ipo(1000, 100);
    const detail = (await c1.get(`/api/market/stocks/${s.id}`)).body;
    expect(detail.stock).toMatchObject({
      lastPriceCents: 1000,
      bestAskCents: 1000,
      bestBidCents: null,
    });
    expect(detail.book.asks).toEqual([{ priceCents: 1000, quantity: 100 }]);
    const { balance: before, held } = cash(c1);
    const fees = feesCollected();
    const res = await buy(c1, s.id, 10, 1000);
    expect(res.status).toBe(201);
    expect(res.body.order).toMatchObject({ status: 'filled', remainingQuantity: 0, quantity: 10 });
    expect(before - cash(c1).balance).toBe(10 * 1000 + 100);
    expect(cash(c1).held).toBe(held); // the fixtures' resting orders only
    expect(feesCollected() - fees).toBe(100);
    expect(await position(c1, s.id)).toMatchObject({
      quantity: 10,
      availableQuantity: 10,
      averagePriceCents: 1000,
      valueCents: 10_000,
    });
    expectLedgerOk(app);
  });

  it('executes at the resting order’s price, limit or market, fees once per order', async () => {
    const s = await ipo(1000, 20);
    expect((await buy(c1, s.id, 20, 1000)).body.order.status).toBe('filled');
    // c1 offers 10 at 10,01 €; c2 bids 10,10 € for 4 then 3: both pay the offer's 10,01 €.
    const ask = await sell(c1, s.id, 10, 1001);
    expect(ask.body.order).toMatchObject({ status: 'open', remainingQuantity: 10 });
    const fees = feesCollected();
    const sellerBefore = cash(c1).balance;
    const b1 = await buy(c2, s.id, 4, 1010);
    expect(b1.body.order.status).toBe('filled');
    const b2 = await buy(c2, s.id, 3, 1010);
    expect(b2.body.order.status).toBe('filled');
    const prices = app.platform.db
      .select()
      .from(trades)
      .where(eq(trades.stockId, s.id))
      .all()
      .slice(-2)
      .map((t) => t.price);
    expect(prices).toEqual([1001, 1001]);
    // The seller's one order paid 1 € once, over two fills; each buy paid 1 €.
    expect(cash(c1).balance - sellerBefore).toBe(7 * 1001 - 100);
    expect(feesCollected() - fees).toBe(300);
    // A market buy takes the rest at the resting order's price.
    const m = await buy(c3, s.id, 3);
    expect(m.status).toBe(201);
    expect(m.body.order).toMatchObject({ status: 'filled', type: 'market', limitPriceCents: null });
    const stock = (await c3.get(`/api/market/stocks/${s.id}`)).body;
    expect(stock.stock.lastPriceCents).toBe(1001);
    expect(stock.trades[0]).toMatchObject({ priceCents: 1001, quantity: 3 });
    expect(stock.book.asks).toEqual([]);
    expect((await position(c2, s.id)).averagePriceCents).toBe(1001);
    expectLedgerOk(app);
  });

  it('reserves quantity × limit + 1 € and gives the rest back on cancel; an order never filled pays nothing', async () => {
    const s = await ipo(5000, 10);
    const before = cash(c4);
    const res = await buy(c4, s.id, 3, 4000); // below the ask: rests
    expect(res.body.order.status).toBe('open');
    expect(cash(c4).held - before.held).toBe(3 * 4000 + 100);
    const accounts = (await c4.get('/api/accounts')).body.items;
    const view = accounts.find((a: any) => a.id === before.id);
    if (view && 'availableCents' in view)
      expect(view.availableCents).toBe(
        before.balance - before.held - 12_100 + before.overdraftLimit,
      );
    expect((await c1.del(`/api/orders/${res.body.order.id}`)).status).toBe(404); // not the owner
    const cancelled = await c4.del(`/api/orders/${res.body.order.id}`);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.order).toMatchObject({ status: 'cancelled', remainingQuantity: 3 });
    expect(cash(c4)).toMatchObject({ balance: before.balance, held: before.held });
    expect((await c4.del(`/api/orders/${res.body.order.id}`)).status).toBe(409);
    expectLedgerOk(app);
  });

  it('partially filled limit buy keeps reserving its rest at its limit; cancel releases exactly that', async () => {
    const s = await ipo(1000, 5);
    const res = await buy(c2, s.id, 8, 1200); // 5 at floor((1200+1000)/2)=1100, 3 rest at 1200
    expect(res.body.order).toMatchObject({ status: 'open', remainingQuantity: 3 });
    const row = cash(c2);
    const holds = app.platform.db.get<{ a: number }>(
      sql`select amount as a from holds where owner_type = 'order' and owner_id = ${res.body.order.id}`,
    )!;
    expect(holds.a).toBe(3 * 1200); // the fee is paid: no longer reserved
    expectLedgerOk(app);
    await c2.del(`/api/orders/${res.body.order.id}`);
    expect(cash(c2).held).toBe(row.held - 3600);
    expectLedgerOk(app);
  });

  it('tells everyone about a trade and each side about its order, cash and a « trade » notification', async () => {
    const s = await ipo(1234, 10);
    const [buyerStream, watcher] = await Promise.all([c2.sse(), c4.sse()]);
    try {
      const r = await buy(c2, s.id, 10, 1234);
      expect(r.body.order.status).toBe('filled');
      const trade = await watcher.next(
        (e) => e.event === 'market.trade' && e.data.stockId === s.id,
      );
      expect(trade.data).toMatchObject({ priceCents: 1234, quantity: 10 });
      await buyerStream.next(
        (e) =>
          e.event === 'order.updated' &&
          e.data.order.id === r.body.order.id &&
          e.data.order.status === 'filled',
      );
      await buyerStream.next(
        (e) => e.event === 'account.updated' && e.data.operation?.kind === 'trade',
      );
      const n = await buyerStream.next(
        (e) => e.event === 'notification' && e.data.kind === 'trade',
      );
      expect(n.data.title).toBe(`Ordre exécuté : 10 ${s.symbol} à 12,34 €`);
      expect(n.data.sender).toBeNull();
      expect(
        watcher.of('order.updated').filter((e) => e.data.order.id === r.body.order.id),
      ).toEqual([]);
    } finally {
      await Promise.all([buyerStream.close(), watcher.close()]);
    }
  });
});

describe('market under concurrency', () => {
  it('many clients placing crossing orders at once: every trade once, book uncrossed, nothing leaked', async () => {
    const s = await ipo(1000, 400);
    const traders: Agent[] = [c1, c2, c3, c4];
    for (const i of [5, 6]) traders.push(await app.login(`client${i}@avenir.test`));
    for (const t of traders.slice(4)) deposit(app, checkingOf(app, t.user.id), 10_000_000);
    // Everyone buys a stock of shares from the bank first, then they all trade at once.
    await Promise.all(traders.map((t) => buy(t, s.id, 50, 1000)));
    const fees = feesCollected();
    const results = await Promise.all(
      Array.from({ length: 120 }, (_, i) => {
        const t = traders[i % traders.length];
        const price = 990 + ((i * 7) % 21);
        return i % 2 ? buy(t, s.id, 1 + (i % 3), price) : sell(t, s.id, 1 + (i % 2), price);
      }),
    );
    for (const r of results) expect([201, 409]).toContain(r.status);
    const placed = results.filter((r) => r.status === 201).map((r) => r.body.order.id);
    const db = app.platform.db;
    // Each trade once: every executed share was matched by exactly one trade row per side.
    const filled = db.get<{ q: number; n: number }>(sql`
      select coalesce(sum(quantity - remaining), 0) as q, count(*) as n from orders
      where id in (${sql.join(
        placed.map((id) => sql`${id}`),
        sql`, `,
      )}) and quantity > remaining`)!;
    const traded = db.get<{ q: number }>(sql`
      select coalesce(sum(quantity), 0) * 1 as q from (
        select quantity from trades where buy_order_id in (${sql.join(
          placed.map((id) => sql`${id}`),
          sql`, `,
        )})
        union all
        select quantity from trades where sell_order_id in (${sql.join(
          placed.map((id) => sql`${id}`),
          sql`, `,
        )}))`)!;
    expect(traded.q).toBe(filled.q);
    // Exactly 1 € per executed order.
    expect(feesCollected() - fees).toBe(100 * filled.n);
    expectLedgerOk(app); // includes holds = open orders' reservations and an uncrossed book
    // Cancelling everything left gives every reservation back.
    for (const t of traders) {
      const open = (await t.get('/api/orders?status=open')).body.items;
      await Promise.all(open.map((o: any) => t.del(`/api/orders/${o.id}`)));
    }
    const held = db.get<{ h: number }>(
      sql`select coalesce(sum(held), 0) as h from bank_accounts where user_id is not null`,
    )!;
    expect(held.h).toBe(0);
    expectLedgerOk(app);
  }, 60_000);
});

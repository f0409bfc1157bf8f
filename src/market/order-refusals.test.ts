// What an order may not do: refusals that write nothing, and one order per Idempotency-Key.
import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { type Agent, type TestApp } from '../../test/harness';
import {
  checkingOf,
  expectLedgerOk,
  order,
  startMarketAppForFile,
  marketHelpers,
} from './test-kit';

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
const { ipo, cash, buy, sell } = marketHelpers(() => ({ app, director }));

describe('orders refused', () => {
  it('refuses what cannot be paid or delivered, and writes nothing', async () => {
    const s = await ipo(1000, 10);
    const acc = checkingOf(app, c3.user.id);
    const ordersBefore = app.platform.db.get<{ n: number }>(
      sql`select count(*) as n from orders`,
    )!.n;
    const poor = cash(c3);
    expect((await buy(c3, s.id, 100_000, 1500)).body.error.code).toBe('insufficient_funds');
    expect((await sell(c3, s.id, 1, 1000)).body.error.code).toBe('insufficient_shares');
    expect((await buy(c3, s.id, 11)).body.error.code).toBe('insufficient_liquidity');
    expect((await buy(c3, s.id, 11)).status).toBe(409);
    // A valid limit order but for the one field each case gets wrong.
    const limit = (wrong: object) => ({
      stockId: s.id,
      side: 'buy',
      type: 'limit',
      quantity: 1,
      limitPriceCents: 5,
      accountId: acc,
      ...wrong,
    });
    const bad = [
      limit({ limitPriceCents: undefined }),
      limit({ type: 'market' }),
      limit({ quantity: 0 }),
      limit({ quantity: 1.5 }),
      limit({ side: 'hold' }),
      limit({ limitPriceCents: '5' }),
    ];
    // A market order that the server must refuse for its account or stock.
    const market = (over: object) => ({
      stockId: s.id,
      side: 'buy',
      type: 'market',
      quantity: 1,
      accountId: acc,
      ...over,
    });
    for (const body of bad) {
      const r = await order(c3, body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.error.code).toBe('validation_failed');
    }
    expect((await c3.post('/api/orders', market({}))).status).toBe(400); // no key
    const other = checkingOf(app, c1.user.id);
    expect((await order(c3, market({ accountId: other }))).status).toBe(404);
    expect((await order(c3, market({ stockId: 999_999 }))).status).toBe(404);
    expect(app.platform.db.get<{ n: number }>(sql`select count(*) as n from orders`)!.n).toBe(
      ordersBefore,
    );
    expect(cash(c3)).toMatchObject({ balance: poor.balance, held: poor.held });
  });

  it('answers a repeated Idempotency-Key with the first order and a different body with 409', async () => {
    const s = await ipo(1000, 10);
    const body = {
      stockId: s.id,
      side: 'buy',
      type: 'limit',
      quantity: 1,
      limitPriceCents: 900,
      accountId: checkingOf(app, c1.user.id),
    };
    const a = await order(c1, body, 'same-key-1');
    const b = await order(c1, { ...body }, 'same-key-1');
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    expect(b.body.order.id).toBe(a.body.order.id);
    expect((await order(c1, { ...body, quantity: 2 }, 'same-key-1')).body.error.code).toBe(
      'idempotency_conflict',
    );
    const mine = (await c1.get('/api/orders')).body.items.filter((o: any) => o.stockId === s.id);
    expect(mine).toHaveLength(1);
    expectLedgerOk(app);
  });
});

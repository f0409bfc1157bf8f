/**
 * The market model against the real app: an order placed once even when its
 * answer is lost, the reservation (price × quantity + the fee the server
 * charges) seen on the cash account, a cancellation merged into « Mes ordres »,
 * and an order placed elsewhere merged live from the real event stream.
 */
import { describe, expect, it } from 'vitest';
import { ApiError } from '../api';
import { createMarket, ORDER_FEE_CENTS } from './market';
import { createStreamBridge, useModelServer } from './model-harness';

const server = useModelServer();

describe('market model', () => {
  it('places an order once after a lost answer, shows the reservation, merges the cancellation and live updates', async () => {
    const agent = await server.signIn('client4@avenir.test');
    const live = createStreamBridge();
    const market = createMarket({ stream: live.stream });
    const { cancelOrder, checkingAccounts, loadCashAccounts, loadOrders } = market;
    const { loadStocks, orders, placeOrder, stocks } = market;
    const events = await agent.sse();
    await Promise.all([loadStocks(), loadOrders(), loadCashAccounts()]);
    const stock = stocks.value!.find((s) => s.phase === 'continuous' && s.bestBidCents !== null)!;
    const account = checkingAccounts.value![0];
    await agent.post('/dev/deposit', { accountId: account.id, amountCents: 1_000_00 });
    await loadCashAccounts();
    const available = checkingAccounts.value![0].availableCents;

    // Below the best bid: it rests in the book, nothing trades
    const price = stock.bestBidCents! - 1;
    const draft = {
      stockId: stock.id,
      side: 'buy' as const,
      type: 'limit' as const,
      quantity: 2,
      limitPriceCents: price,
      accountId: account.id,
    };
    server.loseAnswers = 1;
    expect(await placeOrder(draft).catch((e) => e)).toBeInstanceOf(ApiError);
    const order = await placeOrder(draft);
    const keys = server.sent
      .filter((s) => s.path === '/api/orders' && s.method === 'POST')
      .map((s) => s.headers['idempotency-key']);
    expect(keys).toEqual([keys[0], keys[0]]);
    const open = (await agent.get('/api/orders?status=open')).body.items as (typeof order)[];
    const mine = open.filter((o) => o.stockId === stock.id && o.limitPriceCents === price);
    expect(mine.map((o) => o.id)).toEqual([order.id]);
    expect(orders.value![0]).toMatchObject({ id: order.id, status: 'open', symbol: stock.symbol });
    expect(checkingAccounts.value![0].availableCents).toBe(available - 2 * price - ORDER_FEE_CENTS);

    await cancelOrder(order.id);
    expect(orders.value!.find((o) => o.id === order.id)).toMatchObject({
      status: 'cancelled',
      cancelReason: 'user',
      symbol: stock.symbol,
    });
    expect(checkingAccounts.value![0].availableCents).toBe(available);

    // Placed from another tab: the stream's order.updated puts it at the top of « Mes ordres »
    const elsewhere = await agent.post(
      '/api/orders',
      { ...draft, quantity: 1 },
      { 'idempotency-key': `other-tab-${Date.now()}` },
    );
    expect(elsewhere.status).toBe(201);
    const id = elsewhere.body.order.id;
    live.deliver(
      await events.next((e) => e.event === 'order.updated' && e.data.order.id === id, 10_000),
    );
    expect(orders.value![0]).toMatchObject({ id, status: 'open', quantity: 1 });
    market.dispose();
    await events.close();
  });
});

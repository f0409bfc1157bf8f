/**
 * The market's transactions: each commits, then publishes what it wrote. They
 * return domain results ({ok:false, reason}); the routes choose the statuses.
 */
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Platform } from '../platform';
import { users, type User } from '../db/schema';
import { portfolioOf } from './portfolio';
import { hashRequest, runIdempotent, type Published } from '../ledger';
import { noticesAmong, publish } from '../realtime/publish';
import { orders, stocks, type Order } from './schema';
import { createStockTx, findStock, stockInUse, toStockView } from './stocks';
import { cancelOrderByOwnerTx, placeOrderTx, type OrderInput, type Refusal } from './orders';
import { cancelOrderTx } from './settle';
import { crossingOrderTx, matchIncomingTx, type MarketContext } from './matching';
import { dueAuctionsTx, uncrossTx } from './auction';
import { toOrderView, type OrderView } from './views';
import { issueTradeConfirmations } from '../documents/schedule';

/**
 * Hands a committed transaction's events to the hub, in order, and pushes the
 * notifications among them (Web Push, deferred) to their recipients.
 */
export function publishMarketEvents(p: Platform, published: readonly Published[] | undefined) {
  publish(p, { published, pushes: noticesAmong(published ?? []) });
  if (published?.length) p.defer(issueTradeConfirmations(p, published)); // avis d'opéré
}

export const marketContext = (p: Platform): MarketContext => ({
  now: p.clock.now(),
  auctionMs: p.config.marketAuctionSeconds * 1000,
});

const immediate = { behavior: 'immediate' } as const;

/**
 * Matches an order again until nothing more of it crosses, one slice of fills
 * per transaction (see MAX_FILLS_PER_SLICE), publishing after each.
 */
function continueMatching(p: Platform, orderId: number) {
  for (let more = true; more;) {
    more = false;
    const published = p.db.transaction((tx) => {
      const o = tx.select().from(orders).where(eq(orders.id, orderId)).get();
      const stock = o && findStock(tx, o.stockId);
      if (!o || !stock || o.status !== 'open') return [];
      const r = matchIncomingTx(tx, stock, o, marketContext(p));
      more = r.more;
      return r.published;
    }, immediate);
    publishMarketEvents(p, published);
  }
}

export type PlaceOrderResult =
  { ok: true; order: OrderView } | Refusal | { ok: false; reason: 'idempotency_conflict' };

/**
 * A client's order, once per Idempotency-Key: placed and matched in one
 * transaction (with its first slice of fills); a sweep through a deep book goes
 * on in further transactions before the answer, which shows the order then.
 */
export function placeOrder(
  p: Platform,
  user: User,
  key: string,
  input: OrderInput,
): PlaceOrderResult {
  let more = false;
  let published: Published[] = [];
  const requestHash = hashRequest('POST /api/orders', input);
  const r = runIdempotent(p.db, { userId: user.id, key, requestHash, now: p.clock.now() }, (tx) => {
    const placed = placeOrderTx(tx, user, input, marketContext(p));
    if (!placed.ok) return placed;
    ({ more, published } = placed);
    return { ok: true, value: { order: toOrderView(placed.order, placed.stock.symbol) } };
  });
  if (!r.ok) return r;
  publishMarketEvents(p, published);
  const first = r.value.order;
  if (!more) return { ok: true, order: first };
  continueMatching(p, first.id);
  const now = p.db.select().from(orders).where(eq(orders.id, first.id)).get()!;
  return { ok: true, order: toOrderView(now, first.symbol) };
}

/** A client's portfolio for their advisor or the director (read-only); null for anyone else. */
export function clientPortfolio(p: Platform, me: User, clientId: number) {
  const client = p.db.select().from(users).where(eq(users.id, clientId)).get();
  if (!client || client.role !== 'client' || (me.role === 'advisor' && client.advisorId !== me.id))
    return null;
  return portfolioOf(p.db, client.id, p.clock.now());
}

export function cancelOrder(p: Platform, user: User, orderId: number) {
  const now = p.clock.now();
  const r = p.db.transaction((tx) => cancelOrderByOwnerTx(tx, user, orderId, now), immediate);
  if (!r.ok) return r;
  publishMarketEvents(p, r.published);
  return { ok: true as const, order: toOrderView(r.order, r.symbol) };
}

export function createStock(
  p: Platform,
  input: { symbol: string; name: string; ipoPriceCents: number; shares: number },
) {
  const now = p.clock.now();
  return p.db.transaction((tx) => {
    const s = createStockTx(tx, input, now);
    return s === 'symbol_taken'
      ? { ok: false as const, reason: s }
      : { ok: true as const, stock: toStockView(tx, s, now) };
  }, immediate);
}

export function updateStock(p: Platform, id: number, changes: { name?: string; listed?: boolean }) {
  const stock = findStock(p.db, id);
  if (!stock) return null;
  const updated = p.db.update(stocks).set(changes).where(eq(stocks.id, stock.id)).returning().get();
  return toStockView(p.db, updated, p.clock.now());
}

/** Deletes a stock no client holds or trades; the bank's own offers go with it, the history stays. */
export function deleteStock(p: Platform, id: number) {
  const now = p.clock.now();
  const r = p.db.transaction((tx) => {
    const stock = findStock(tx, id);
    if (!stock) return { ok: false as const, reason: 'not_found' as const };
    if (stockInUse(tx, stock.id)) return { ok: false as const, reason: 'stock_in_use' as const };
    const published = tx
      .select()
      .from(orders)
      .where(and(eq(orders.stockId, stock.id), eq(orders.status, 'open')))
      .all()
      .flatMap((o: Order) => cancelOrderTx(tx, o, 'user', now, stock));
    tx.update(stocks).set({ deletedAt: now, listed: false }).where(eq(stocks.id, stock.id)).run();
    return { ok: true as const, published };
  }, immediate);
  if (r.ok) publishMarketEvents(p, r.published);
  return r;
}

/**
 * What falls due in the market: every auction past its end uncrosses (one
 * transaction each), then any book left crossed (by an uncross, or by a sweep a
 * stop interrupted) is matched again.
 */
export async function runMarketDue(p: Platform) {
  const due = dueAuctionsTx(p.db, p.clock.now());
  for (const s of due) {
    const published = p.db.transaction((tx) => {
      const stock = findStock(tx, s.id);
      const now = p.clock.now();
      return stock?.phase === 'auction' && stock.auctionEndsAt! <= now
        ? uncrossTx(tx, stock, now)
        : [];
    }, immediate);
    publishMarketEvents(p, published);
  }
  for (const s of p.db.select().from(stocks).where(isNull(stocks.deletedAt)).all()) {
    for (let guard = 0; guard < 1000; guard++) {
      const crossing = crossingOrderTx(p.db, findStock(p.db, s.id) ?? s);
      if (!crossing) break;
      continueMatching(p, crossing.id);
    }
  }
}

/** How often auctions' ends are looked for (an auction lasts MARKET_AUCTION_SECONDS). */
export const MARKET_TICK_MS = 1000;

/**
 * At start: fills in the executed amounts of orders older than that column
 * (their average price), ends the auctions that ended while stopped and
 * resumes crossed books; then every tick.
 */
export async function startMarket(p: Platform) {
  p.db.run(sql`update orders set filled_cents = (select coalesce(sum(t.price * t.quantity), 0)
    from trades t where t.buy_order_id = orders.id or t.sell_order_id = orders.id)
    where filled_cents = 0 and remaining < quantity`);
  await runMarketDue(p);
  p.schedule('market-auctions', MARKET_TICK_MS, () => runMarketDue(p));
}

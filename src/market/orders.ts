import { and, asc, desc, eq, or } from 'drizzle-orm';
import type { Executor } from '../db/client';
import type { User } from '../db/schema';
import {
  availableOf,
  findAccountTx,
  openCustomerAccountTx,
  placeHold,
  stockAsset,
  type Published,
} from '../ledger';
import { orders, stocks, trades, type Order, type Stock } from './schema';
import { findStock } from './stocks';
import { marketStatements } from './statements';
import { COLLAR_PERCENT, withinCollar } from './engine';
import { matchIncomingTx, referenceOf, type MarketContext } from './matching';
import { phaseEventTx, uncrossTx } from './auction';
import { cancelOrderTx, ORDER_FEE_CENTS, orderUpdatedTx } from './settle';
import { formatEuros } from './text';
import { toOrderView } from './views';

export type OrderInput = {
  stockId: number;
  side: 'buy' | 'sell';
  type: 'limit' | 'market';
  quantity: number;
  limitPriceCents?: number | null;
  accountId: number;
};

export type Refusal = {
  ok: false;
  reason:
    | 'not_found'
    | 'validation_failed'
    | 'account_closed'
    | 'stock_not_listed'
    | 'insufficient_liquidity'
    | 'insufficient_funds'
    | 'insufficient_shares'
    | 'order_closed';
  message?: string;
  fields?: Record<string, string>;
};
const refuse = (
  reason: Refusal['reason'],
  message?: string,
  fields?: Record<string, string>,
): Refusal => ({
  ok: false,
  reason,
  message,
  fields,
});

export type Placed = {
  ok: true;
  order: Order;
  stock: Stock;
  published: Published[];
  more: boolean;
};

/** A client's securities position for a stock, if any. */
export const findPositionTx = (tx: Executor, userId: number, stockId: number) =>
  marketStatements(tx).position.get({ userId, asset: stockAsset(stockId) }) ?? null;

/** A client's securities position for a stock, opened the first time it is needed. */
export const positionOfTx = (tx: Executor, userId: number, stock: Stock, now: Date) =>
  findPositionTx(tx, userId, stock.id) ??
  openCustomerAccountTx(
    tx,
    { userId, type: 'securities', label: stock.symbol, asset: stockAsset(stock.id) },
    now,
  );

/** What buying `quantity` at market would cost at the current asks; null if the book lacks shares. */
function marketBuyCost(tx: Executor, stockId: number, quantity: number): number | null {
  const asks = marketStatements(tx).asks.all({ stockId });
  let left = quantity;
  let cost = 0;
  for (const a of asks) {
    const q = Math.min(left, a.remaining);
    cost += q * a.price!;
    left -= q;
    if (left === 0) return cost;
  }
  return null;
}

/**
 * Places a client's order in the caller's (idempotent) transaction: reserves what
 * it may spend (a buy: quantity × limit + the 1 € fee, a market buy: its cost at
 * the current asks + the fee; a sell: the shares, and the fee on the cash
 * account), then matches it against the book. A market order's unfilled rest is
 * cancelled. Refusals are checked before anything is written.
 */
export function placeOrderTx(
  tx: Executor,
  user: User,
  input: OrderInput,
  ctx: MarketContext,
): Placed | Refusal {
  const { now } = ctx;
  const account = findAccountTx(tx, input.accountId);
  if (
    !account ||
    account.userId !== user.id ||
    (account.type !== 'checking' && account.type !== 'savings')
  )
    return refuse('not_found', 'Compte introuvable.');
  if (account.type !== 'checking')
    return refuse('validation_failed', undefined, {
      accountId: 'Les ordres se règlent sur un compte courant.',
    });
  if (account.closedAt) return refuse('account_closed', 'Ce compte est clôturé.');
  const stock = findStock(tx, input.stockId);
  if (!stock) return refuse('not_found', 'Action introuvable.');
  if (!stock.listed) return refuse('stock_not_listed', 'Cette action n’est plus cotée.');
  const limitPrice = input.type === 'limit' ? input.limitPriceCents! : null;
  const reference = referenceOf(stock, now);
  if (limitPrice !== null && !withinCollar(limitPrice, reference))
    return refuse('validation_failed', undefined, {
      limitPriceCents: `Prix limite trop éloigné du cours de référence (${formatEuros(reference)}) : ${COLLAR_PERCENT} % au plus.`,
    });
  const existing = findPositionTx(tx, user.id, stock.id);

  let reserve: number;
  if (input.side === 'buy') {
    const cost =
      limitPrice !== null
        ? input.quantity * limitPrice
        : marketBuyCost(tx, stock.id, input.quantity);
    if (cost === null)
      return refuse(
        'insufficient_liquidity',
        'Pas assez de titres à la vente pour cet ordre au marché.',
      );
    reserve = cost + ORDER_FEE_CENTS;
    if (availableOf(account) < reserve)
      return refuse(
        'insufficient_funds',
        'Solde disponible insuffisant (montant réservé et frais de 1 €).',
      );
  } else {
    reserve = input.quantity;
    if (!existing || availableOf(existing) < reserve)
      return refuse('insufficient_shares', 'Vous ne détenez pas assez de titres disponibles.');
    if (availableOf(account) < ORDER_FEE_CENTS)
      return refuse('insufficient_funds', 'Solde disponible insuffisant pour les frais de 1 €.');
  }

  const position = existing ?? positionOfTx(tx, user.id, stock, now);
  const st = marketStatements(tx);
  const order = st.insertOrder.get({
    userId: user.id,
    stockId: stock.id,
    side: input.side,
    type: input.type,
    quantity: input.quantity,
    limitPrice,
    accountId: account.id,
    positionId: position.id,
    createdAt: now,
  })!;
  const published: Published[] = [];
  const hold = (accountId: number, amount: number) => {
    const h = placeHold(tx, { accountId, amount, ownerType: 'order', ownerId: order.id }, now);
    if (!h.ok) throw new Error(`hold refused after its check: ${h.reason}`);
    published.push(...h.published);
    return h.hold.id;
  };
  order.holdId = hold(input.side === 'buy' ? account.id : position.id, reserve);
  if (input.side === 'sell') order.feeHoldId = hold(account.id, ORDER_FEE_CENTS);
  st.setOrderHolds.run({ id: order.id, holdId: order.holdId, feeHoldId: order.feeHoldId });

  // An auction past its end uncrosses first: the order then meets continuous trading.
  if (stock.phase === 'auction' && stock.auctionEndsAt! <= now)
    published.push(...uncrossTx(tx, stock, now));
  const matched = matchIncomingTx(tx, stock, order, ctx);
  published.push(...matched.published);
  if (order.status === 'open' && order.remaining === order.quantity)
    published.push(...orderUpdatedTx(tx, order, now, stock));
  // Every change of an auction's book moves its indicative price.
  if (stock.phase === 'auction' && !published.some((e) => e.event.type === 'market.phase'))
    published.push(phaseEventTx(tx, stock, now));
  return { ok: true, order, stock, published, more: matched.more };
}

/** The owner cancels what remains of an open order; anyone else's order is not found. */
export function cancelOrderByOwnerTx(tx: Executor, user: User, orderId: number, now: Date) {
  const o = tx.select().from(orders).where(eq(orders.id, orderId)).get();
  if (!o || o.userId !== user.id) return refuse('not_found');
  if (o.status !== 'open') return refuse('order_closed', 'Cet ordre n’est plus ouvert.');
  const stock = findStock(tx, o.stockId) ?? undefined;
  const published = cancelOrderTx(tx, o, 'user', now, stock);
  if (stock?.phase === 'auction') published.push(phaseEventTx(tx, stock, now));
  return { ok: true as const, order: o, symbol: stock?.symbol, published };
}

/** One of the caller's orders with its fills, oldest first. */
export function orderDetail(tx: Executor, userId: number, orderId: number) {
  const row = tx
    .select({ o: orders, symbol: stocks.symbol })
    .from(orders)
    .innerJoin(stocks, eq(stocks.id, orders.stockId))
    .where(and(eq(orders.id, orderId), eq(orders.userId, userId)))
    .get();
  if (!row) return null;
  const fills = tx
    .select({ price: trades.price, quantity: trades.quantity, at: trades.createdAt })
    .from(trades)
    .where(or(eq(trades.buyOrderId, orderId), eq(trades.sellOrderId, orderId)))
    .orderBy(asc(trades.id))
    .all()
    .map((t) => ({ priceCents: t.price, quantity: t.quantity, at: t.at.toISOString() }));
  return { order: toOrderView(row.o, row.symbol), fills };
}

/** The caller's orders, newest first (at most 200). */
export function listOrders(tx: Executor, userId: number, status: 'open' | 'all') {
  const where =
    status === 'open'
      ? and(eq(orders.userId, userId), eq(orders.status, 'open'))
      : eq(orders.userId, userId);
  return tx
    .select({ o: orders, symbol: stocks.symbol })
    .from(orders)
    .innerJoin(stocks, eq(stocks.id, orders.stockId))
    .where(where)
    .orderBy(desc(orders.id))
    .limit(200)
    .all()
    .map((r) => toOrderView(r.o, r.symbol));
}

export type { Order };

import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { Executor, Tx } from '../db/client';
import { bankAccounts, type User } from '../db/schema';
import {
  availableOf,
  findAccountTx,
  openCustomerAccountTx,
  placeHold,
  stockAsset,
  type Answer,
  type Published,
} from '../ledger';
import { errorBody } from '../http/errors';
import { orders, stocks, type Order, type Stock } from './schema';
import { findStock } from './stocks';
import { marketStatements } from './statements';
import { cancelOrderTx, matchOrderTx, ORDER_FEE_CENTS, orderUpdatedTx } from './matching';
import { toOrderView } from './views';

export type OrderInput = {
  stockId: number;
  side: 'buy' | 'sell';
  type: 'limit' | 'market';
  quantity: number;
  limitPriceCents?: number | null;
  accountId: number;
};

const refuse = (
  status: number,
  code: string,
  message?: string,
  fields?: Record<string, string>,
): Answer => ({
  status,
  body: errorBody(code, message, fields),
});

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
export function placeOrderTx(tx: Tx, user: User, input: OrderInput, now: Date): Answer {
  const account = findAccountTx(tx, input.accountId);
  if (
    !account ||
    account.userId !== user.id ||
    (account.type !== 'checking' && account.type !== 'savings')
  )
    return refuse(404, 'not_found', 'Compte introuvable.');
  if (account.type !== 'checking')
    return refuse(400, 'validation_failed', undefined, {
      accountId: 'Les ordres se règlent sur un compte courant.',
    });
  if (account.closedAt) return refuse(409, 'account_closed', 'Ce compte est clôturé.');
  const stock = findStock(tx, input.stockId);
  if (!stock) return refuse(404, 'not_found', 'Action introuvable.');
  if (!stock.listed) return refuse(409, 'stock_not_listed', 'Cette action n’est plus cotée.');
  const existing = findPositionTx(tx, user.id, stock.id);

  const limitPrice = input.type === 'limit' ? input.limitPriceCents! : null;
  let reserve: number;
  if (input.side === 'buy') {
    const cost =
      limitPrice !== null
        ? input.quantity * limitPrice
        : marketBuyCost(tx, stock.id, input.quantity);
    if (cost === null)
      return refuse(
        409,
        'insufficient_liquidity',
        'Pas assez de titres à la vente pour cet ordre au marché.',
      );
    reserve = cost + ORDER_FEE_CENTS;
    if (availableOf(account) < reserve)
      return refuse(
        409,
        'insufficient_funds',
        'Solde disponible insuffisant (montant réservé et frais de 1 €).',
      );
  } else {
    reserve = input.quantity;
    if (!existing || availableOf(existing) < reserve)
      return refuse(409, 'insufficient_shares', 'Vous ne détenez pas assez de titres disponibles.');
    if (availableOf(account) < ORDER_FEE_CENTS)
      return refuse(
        409,
        'insufficient_funds',
        'Solde disponible insuffisant pour les frais de 1 €.',
      );
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

  published.push(...matchOrderTx(tx, stock, order, now));
  if (order.type === 'market') published.push(...cancelOrderTx(tx, order, now));
  else if (order.remaining === order.quantity) published.push(...orderUpdatedTx(tx, order, now));
  return { status: 201, body: { order: toOrderView(order, stock.symbol) }, published };
}

/** The owner cancels what remains of an open order; anyone else's order is not found. */
export function cancelOrderByOwnerTx(tx: Tx, user: User, orderId: number, now: Date) {
  const o = tx.select().from(orders).where(eq(orders.id, orderId)).get();
  if (!o || o.userId !== user.id) return { ok: false as const, reason: 'not_found' as const };
  if (o.status !== 'open') return { ok: false as const, reason: 'order_closed' as const, order: o };
  const published = cancelOrderTx(tx, o, now);
  return { ok: true as const, order: o, published };
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

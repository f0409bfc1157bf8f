import { and, asc, desc, eq, isNotNull, isNull, sql } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { prepareUpdateById, preparedPer } from '../db/prepared';
import { bankAccounts } from '../db/schema';
import { orders, stocks, trades } from './schema';

const stockId = sql.placeholder('stockId');

/** The best resting priced order on `side`: price then time priority (the engine decides if it crosses). */
function bestOn(db: Executor, side: 'buy' | 'sell') {
  return db
    .select()
    .from(orders)
    .where(
      and(
        eq(orders.stockId, stockId),
        eq(orders.status, 'open'),
        eq(orders.side, side),
        isNotNull(orders.limitPrice),
      ),
    )
    .orderBy(side === 'sell' ? asc(orders.limitPrice) : desc(orders.limitPrice), asc(orders.id))
    .limit(1)
    .prepare();
}

/**
 * The order path's statements, prepared once per database: building and
 * preparing drizzle queries cost more than running them (the `orders` bench's
 * profile: ~50 % of the server's time in drizzle's query builder and
 * sqlite3_prepare). They run on the same connection, inside the open transaction.
 */
export const marketStatements = preparedPer((db) => ({
  stock: db
    .select()
    .from(stocks)
    .where(and(eq(stocks.id, stockId), isNull(stocks.deletedAt)))
    .prepare(),
  position: db
    .select()
    .from(bankAccounts)
    .where(
      and(
        eq(bankAccounts.userId, sql.placeholder('userId')),
        eq(bankAccounts.asset, sql.placeholder('asset')),
      ),
    )
    .prepare(),
  asks: db
    .select({ price: orders.limitPrice, remaining: orders.remaining })
    .from(orders)
    .where(
      and(
        eq(orders.stockId, stockId),
        eq(orders.status, 'open'),
        eq(orders.side, 'sell'),
        isNotNull(orders.limitPrice),
      ),
    )
    .orderBy(asc(orders.limitPrice), asc(orders.id))
    .prepare(),
  /** Keyed by the resting side. */
  best: { sell: bestOn(db, 'sell'), buy: bestOn(db, 'buy') },
  insertOrder: db
    .insert(orders)
    .values({
      userId: sql.placeholder('userId'),
      stockId,
      side: sql.placeholder('side'),
      type: sql.placeholder('type'),
      quantity: sql.placeholder('quantity'),
      remaining: sql.placeholder('quantity'),
      limitPrice: sql.placeholder('limitPrice'),
      status: 'open',
      accountId: sql.placeholder('accountId'),
      positionId: sql.placeholder('positionId'),
      createdAt: sql.placeholder('createdAt'),
      updatedAt: sql.placeholder('createdAt'),
    })
    .returning()
    .prepare(),
  setOrderHolds: prepareUpdateById(db, orders, 'holdId', 'feeHoldId'),
  setOrderFill: prepareUpdateById(
    db,
    orders,
    'remaining',
    'feePaid',
    'filledCents',
    'status',
    'updatedAt',
  ),
  setOrderStatus: prepareUpdateById(db, orders, 'status', 'cancelReason', 'updatedAt'),
  insertTrade: db
    .insert(trades)
    .values({
      stockId,
      price: sql.placeholder('price'),
      quantity: sql.placeholder('quantity'),
      buyOrderId: sql.placeholder('buyOrderId'),
      sellOrderId: sql.placeholder('sellOrderId'),
      operationId: sql.placeholder('operationId'),
      createdAt: sql.placeholder('createdAt'),
    })
    .returning()
    .prepare(),
  setReference: prepareUpdateById(db, stocks, 'referencePrice', 'referenceDay'),
  /** Every open order of a stock: an auction's book. */
  book: db
    .select()
    .from(orders)
    .where(and(eq(orders.stockId, stockId), eq(orders.status, 'open')))
    .orderBy(asc(orders.id))
    .prepare(),
  setLastPrice: db
    .update(stocks)
    .set({ lastPrice: sql.placeholder('price') } as never)
    .where(eq(stocks.id, stockId))
    .prepare(),
}));

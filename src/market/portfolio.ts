import { and, asc, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { bankAccounts } from '../db/schema';
import { orders, stocks, trades } from './schema';
import { toStockView } from './stocks';
import type { StockView } from './views';

export type Position = {
  stock: StockView;
  quantity: number;
  availableQuantity: number;
  /** Average purchase price without fees (average-cost method: sells keep it). */
  averagePriceCents: number;
  valueCents: number;
};

/** The average purchase price of a user's current shares of one stock, from their trades. */
function averagePrice(tx: Executor, userId: number, stockId: number): number {
  const rows = tx
    .select({
      price: trades.price,
      quantity: trades.quantity,
      buyer: sql<number | null>`(select user_id from orders where id = ${trades.buyOrderId})`,
      seller: sql<number | null>`(select user_id from orders where id = ${trades.sellOrderId})`,
    })
    .from(trades)
    .where(
      and(
        eq(trades.stockId, stockId),
        or(
          inArray(
            trades.buyOrderId,
            tx.select({ id: orders.id }).from(orders).where(eq(orders.userId, userId)),
          ),
          inArray(
            trades.sellOrderId,
            tx.select({ id: orders.id }).from(orders).where(eq(orders.userId, userId)),
          ),
        ),
      ),
    )
    .orderBy(asc(trades.id))
    .all();
  let quantity = 0;
  let cost = 0;
  for (const t of rows) {
    if (t.buyer === userId) {
      quantity += t.quantity;
      cost += t.price * t.quantity;
    }
    if (t.seller === userId && quantity > 0) {
      const left = Math.max(0, quantity - t.quantity);
      cost = Math.floor((cost * left) / quantity);
      quantity = left;
    }
  }
  return quantity > 0 ? Math.round(cost / quantity) : 0;
}

/** A client's positions (shares held or reserved) valued at the last price. */
export function portfolioOf(tx: Executor, userId: number, now: Date) {
  const rows = tx
    .select({ account: bankAccounts, stock: stocks })
    .from(bankAccounts)
    .innerJoin(stocks, sql`${bankAccounts.asset} = 'STOCK:' || ${stocks.id}`)
    .where(
      and(
        eq(bankAccounts.userId, userId),
        eq(bankAccounts.type, 'securities'),
        isNull(stocks.deletedAt),
        sql`${bankAccounts.balance} > 0`,
      ),
    )
    .orderBy(asc(stocks.symbol))
    .all();
  const positions: Position[] = rows.map(({ account, stock }) => ({
    stock: toStockView(tx, stock, now),
    quantity: account.balance,
    availableQuantity: account.balance - account.held,
    averagePriceCents: averagePrice(tx, userId, stock.id),
    valueCents: account.balance * stock.lastPrice,
  }));
  return { positions, totalValueCents: positions.reduce((s, p) => s + p.valueCents, 0) };
}

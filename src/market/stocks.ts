import { and, desc, eq, gte, isNull, lt, sql } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { bankAccounts } from '../db/schema';
import { placeHold, postOperation, stockAsset, systemAccountTx, EUR } from '../ledger';
import { parisDayOf, parisDayStart } from '../savings/days';
import { orders, stocks, trades, type Stock } from './schema';
import { marketStatements } from './statements';
import type { BookLevel, StockView, TradeView } from './views';
import { referenceOf } from './matching';
import { phaseViewTx } from './auction';

/** The bank's own side of the market: the shares it issued, and what it holds and sells. */
export const BANK_MARKET = { issuer: 'issuer', market: 'market' } as const;

const bestPrice = (tx: Executor, stockId: number, side: 'buy' | 'sell') =>
  tx
    .select({
      p:
        side === 'buy'
          ? sql<number | null>`max(${orders.limitPrice})`
          : sql<number | null>`min(${orders.limitPrice})`,
    })
    .from(orders)
    .where(and(eq(orders.stockId, stockId), eq(orders.status, 'open'), eq(orders.side, side)))
    .get()?.p ?? null;

/** A stock as the API shows it: prices from trades and the book only. */
export function toStockView(tx: Executor, s: Stock, now: Date): StockView {
  const todayStart = parisDayStart(parisDayOf(now));
  const previous = tx
    .select({ price: trades.price })
    .from(trades)
    .where(and(eq(trades.stockId, s.id), lt(trades.createdAt, todayStart)))
    .orderBy(desc(trades.id))
    .limit(1)
    .get();
  const volume = tx
    .select({ v: sql<number>`coalesce(sum(${trades.quantity}), 0)` })
    .from(trades)
    .where(and(eq(trades.stockId, s.id), gte(trades.createdAt, todayStart)))
    .get()!.v;
  const { stockId: _, ...phase } = phaseViewTx(tx, s, now);
  return {
    id: s.id,
    symbol: s.symbol,
    name: s.name,
    lastPriceCents: s.lastPrice,
    previousCloseCents: previous?.price ?? s.ipoPrice,
    bestBidCents: bestPrice(tx, s.id, 'buy'),
    bestAskCents: bestPrice(tx, s.id, 'sell'),
    volume,
    listed: s.listed,
    referencePriceCents: referenceOf(s, now),
    ...phase,
  };
}

export const findStock = (tx: Executor, id: number) =>
  marketStatements(tx).stock.get({ stockId: id }) ?? null;

/** Every stock not deleted; clients see the listed ones only. */
export function listStocks(tx: Executor, now: Date, opts: { unlisted: boolean }): StockView[] {
  const where = opts.unlisted
    ? isNull(stocks.deletedAt)
    : and(isNull(stocks.deletedAt), eq(stocks.listed, true));
  return tx
    .select()
    .from(stocks)
    .where(where)
    .orderBy(stocks.symbol)
    .all()
    .map((s) => toStockView(tx, s, now));
}

/** The book aggregated by price, best first, and the last 50 trades, newest first. */
export function stockDetail(tx: Executor, s: Stock, now: Date) {
  const level = (side: 'buy' | 'sell'): BookLevel[] =>
    tx
      .select({
        priceCents: sql<number>`${orders.limitPrice}`,
        quantity: sql<number>`sum(${orders.remaining})`,
      })
      .from(orders)
      .where(and(eq(orders.stockId, s.id), eq(orders.status, 'open'), eq(orders.side, side)))
      .groupBy(orders.limitPrice)
      .orderBy(side === 'buy' ? desc(orders.limitPrice) : orders.limitPrice)
      .limit(50)
      .all();
  const recent: TradeView[] = tx
    .select()
    .from(trades)
    .where(eq(trades.stockId, s.id))
    .orderBy(desc(trades.id))
    .limit(50)
    .all()
    .map((t) => ({ priceCents: t.price, quantity: t.quantity, at: t.createdAt.toISOString() }));
  return {
    stock: toStockView(tx, s, now),
    book: { bids: level('buy'), asks: level('sell') },
    trades: recent,
  };
}

/**
 * Lists a stock (IPO): the bank issues `shares` into its market account and
 * offers them all at the IPO price, a resting sell order that pays no fee.
 */
export function createStockTx(
  tx: Executor,
  input: { symbol: string; name: string; ipoPriceCents: number; shares: number },
  now: Date,
): Stock | 'symbol_taken' {
  const taken = tx
    .select({ id: stocks.id })
    .from(stocks)
    .where(eq(stocks.symbol, input.symbol))
    .get();
  if (taken) return 'symbol_taken';
  const stock = tx
    .insert(stocks)
    .values({
      symbol: input.symbol,
      name: input.name,
      ipoPrice: input.ipoPriceCents,
      lastPrice: input.ipoPriceCents,
      createdAt: now,
    })
    .returning()
    .get();
  const asset = stockAsset(stock.id);
  const issuer = systemAccountTx(tx, BANK_MARKET.issuer, asset);
  const held = systemAccountTx(tx, BANK_MARKET.market, asset);
  const cash = systemAccountTx(tx, BANK_MARKET.market, EUR);
  const issued = postOperation(
    tx,
    {
      kind: 'opening',
      label: `Introduction en bourse ${input.symbol}`,
      postings: [
        { accountId: issuer.id, amount: -input.shares },
        { accountId: held.id, amount: input.shares },
      ],
    },
    now,
  );
  if (!issued.ok) throw new Error(`IPO refused: ${issued.reason}`);
  const order = tx
    .insert(orders)
    .values({
      userId: null,
      stockId: stock.id,
      side: 'sell',
      type: 'limit',
      quantity: input.shares,
      remaining: input.shares,
      limitPrice: input.ipoPriceCents,
      status: 'open',
      accountId: cash.id,
      positionId: held.id,
      createdAt: now,
    })
    .returning()
    .get();
  const hold = placeHold(
    tx,
    { accountId: held.id, amount: input.shares, ownerType: 'order', ownerId: order.id },
    now,
  );
  if (!hold.ok) throw new Error(`IPO hold refused: ${hold.reason}`);
  tx.update(orders).set({ holdId: hold.hold.id }).where(eq(orders.id, order.id)).run();
  return stock;
}

/** True while a client holds shares of the stock or has an open order on it. */
export function stockInUse(tx: Executor, stockId: number): boolean {
  const held = tx
    .select({ id: bankAccounts.id })
    .from(bankAccounts)
    .where(
      and(
        eq(bankAccounts.asset, stockAsset(stockId)),
        sql`${bankAccounts.userId} is not null`,
        sql`${bankAccounts.balance} != 0`,
      ),
    )
    .limit(1)
    .get();
  const open = tx
    .select({ id: orders.id })
    .from(orders)
    .where(
      and(
        eq(orders.stockId, stockId),
        eq(orders.status, 'open'),
        sql`${orders.userId} is not null`,
      ),
    )
    .limit(1)
    .get();
  return !!held || !!open;
}

/** The director's figures: shares traded today (Paris) and the trading fees collected, today and in all. */
export function marketSummary(tx: Executor, now: Date) {
  const todayStart = parisDayStart(parisDayOf(now)).getTime();
  const fees = tx.get<{ today: number; total: number }>(sql`select
      coalesce(sum(case when p.created_at >= ${todayStart} then p.amount end), 0) as today,
      coalesce(sum(p.amount), 0) as total
    from postings p join bank_accounts a on a.id = p.account_id
    join operations o on o.id = p.operation_id
    where a.system_code = 'fees' and o.kind = 'trade'`)!;
  const volume = tx.get<{ v: number }>(
    sql`select coalesce(sum(quantity), 0) as v from trades where created_at >= ${todayStart}`,
  )!.v;
  return { volumeToday: volume, feesTodayCents: fees.today, feesCents: fees.total };
}

/**
 * Volatility auctions (API.md « Trading phases »): entering one, the indicative
 * price published on every change, and the uncross at the equilibrium price.
 */
import { and, eq, lte } from 'drizzle-orm';
import type { Executor } from '../db/client';
import type { Published } from '../ledger';
import { parisDayOf } from '../ledger/paris-time';
import { appendEventTx } from '../realtime/events';
import { topics } from '../realtime/hub';
import { equilibrium, indicative, pairAt, type Book } from './engine';
import { stocks, type Order, type Stock } from './schema';
import { cancelOrderTx, notifyTradeTx, settleTradeTx } from './settle';
import { marketStatements } from './statements';
import { cancelUnsettleableTx, referenceOf, toBookOrder, type MarketContext } from './matching';
import type { PhaseView } from './views';

/** A stock's open orders, as the engine's book and by id. */
export function loadBookTx(tx: Executor, stockId: number) {
  const open = marketStatements(tx).book.all({ stockId });
  const byId = new Map(open.map((o) => [o.id, o]));
  return { book: bookOf(open), byId };
}

const bookOf = (open: Order[]): Book => ({
  bids: open.filter((o) => o.side === 'buy' && o.status === 'open').map(toBookOrder),
  asks: open.filter((o) => o.side === 'sell' && o.status === 'open').map(toBookOrder),
});

/** The phase as SSE `market.phase` and the stock view show it. */
export function phaseViewTx(tx: Executor, s: Stock, now: Date): PhaseView {
  const live =
    s.phase === 'auction' ? indicative(loadBookTx(tx, s.id).book, referenceOf(s, now)) : null;
  return {
    stockId: s.id,
    phase: s.phase,
    auctionEndsAt: s.auctionEndsAt?.toISOString() ?? null,
    indicativePriceCents: live?.priceCents ?? null,
    indicativeQuantity: live?.quantity ?? 0,
  };
}

/** SSE `market.phase` to every signed-in user. */
export const phaseEventTx = (tx: Executor, s: Stock, now: Date): Published =>
  appendEventTx(tx, topics.all, 'market.phase', phaseViewTx(tx, s, now), now);

function setPhaseTx(tx: Executor, s: Stock, phase: Stock['phase'], endsAt: Date | null) {
  s.phase = phase;
  s.auctionEndsAt = endsAt;
  // Not prepared: drizzle cannot map a null placeholder of a timestamp column (and this is rare).
  tx.update(stocks).set({ phase, auctionEndsAt: endsAt }).where(eq(stocks.id, s.id)).run();
}

/** A trade would have left the band: the stock goes to auction for MARKET_AUCTION_SECONDS. */
export function enterAuctionTx(tx: Executor, s: Stock, ctx: MarketContext): Published[] {
  setPhaseTx(tx, s, 'auction', new Date(ctx.now.getTime() + ctx.auctionMs));
  return [phaseEventTx(tx, s, ctx.now)];
}

/**
 * Ends an auction: every match at the equilibrium price (each its own ledger
 * operation), a later order meeting its customer's own cancelled (`self_trade`),
 * an order that cannot settle cancelled (`unsettleable`) and the rest paired
 * again at the same price; market orders' remainders cancelled. The price
 * becomes the day's reference if anything traded; then continuous trading.
 * One transaction (an auction's book is bounded by its few minutes).
 */
export function uncrossTx(tx: Executor, s: Stock, now: Date): Published[] {
  const published: Published[] = [];
  const { book, byId } = loadBookTx(tx, s.id);
  const price = equilibrium(book, referenceOf(s, now))?.price;
  let traded = false;
  for (let settledAll = price === undefined; !settledAll;) {
    settledAll = true;
    const { fills, selfTrades } = pairAt(bookOf([...byId.values()]), price!);
    for (const later of selfTrades) {
      const o = byId.get(later.id)!;
      published.push(
        ...notifyTradeTx(
          tx,
          o,
          s,
          `Ordre annulé : ${s.symbol}`,
          'Votre ordre aurait été exécuté face à votre propre ordre lors du fixing : il a été annulé.',
          now,
        ),
        ...cancelOrderTx(tx, o, 'self_trade', now, s),
      );
    }
    for (const f of fills) {
      const done = settleTradeTx(
        tx,
        s,
        byId.get(f.buy.id)!,
        byId.get(f.sell.id)!,
        price!,
        f.quantity,
        now,
      );
      if (done.ok) {
        published.push(...done.published);
        traded = true;
        continue;
      }
      published.push(...cancelUnsettleableTx(tx, s, done.failed, now));
      settledAll = false;
      break;
    }
  }
  if (traded) {
    s.referencePrice = price!;
    s.referenceDay = parisDayOf(now);
    marketStatements(tx).setReference.run({
      id: s.id,
      referencePrice: price!,
      referenceDay: s.referenceDay,
    });
  }
  setPhaseTx(tx, s, 'continuous', null);
  for (const o of byId.values())
    if (o.status === 'open' && o.type === 'market')
      published.push(...cancelOrderTx(tx, o, 'market_remainder', now, s));
  published.push(phaseEventTx(tx, s, now));
  return published;
}

/** Stocks whose auction has ended by `now`. */
export const dueAuctionsTx = (tx: Executor, now: Date) =>
  tx
    .select()
    .from(stocks)
    .where(and(eq(stocks.phase, 'auction'), lte(stocks.auctionEndsAt, now)))
    .all();

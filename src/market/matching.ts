/**
 * Continuous trading against the book in SQLite: the engine's nextStep decides,
 * ./settle.ts settles. The book is read one best order at a time (the common
 * order meets one or two resting orders), through prepared statements.
 */
import type { Executor } from '../db/client';
import type { Published } from '../ledger';
import { parisDayOf } from '../ledger/paris-time';
import { MAX_FILLS_PER_SLICE, nextStep, type BookOrder } from './engine';
import type { Order, Stock } from './schema';
import { cancelOrderTx, notifyTradeTx, settleTradeTx } from './settle';
import { marketStatements } from './statements';
import { formatEuros } from './text';
import { enterAuctionTx } from './auction';

/** What the market's transactions need beside the database: the time, and how long an auction lasts. */
export type MarketContext = { now: Date; auctionMs: number };

export const toBookOrder = (o: Order): BookOrder => ({
  id: o.id,
  owner: o.userId,
  side: o.side,
  limit: o.limitPrice,
  remaining: o.remaining,
});

/** The reference price at `now`: the day's own (set by an auction or the day's first order), else the last trade. */
export const referenceOf = (s: Stock, now: Date) =>
  s.referenceDay === parisDayOf(now) ? s.referencePrice : s.lastPrice;

/** Fixes the Paris day's reference price before the day's first trade (the last trade before it). */
export function rollReferenceTx(tx: Executor, s: Stock, now: Date): number {
  const day = parisDayOf(now);
  if (s.referenceDay !== day) {
    s.referencePrice = s.lastPrice;
    s.referenceDay = day;
    marketStatements(tx).setReference.run({
      id: s.id,
      referencePrice: s.referencePrice,
      referenceDay: day,
    });
  }
  return s.referencePrice;
}

/** Tells a customer why their order did not trade with their own. */
function selfTradeNoticeTx(tx: Executor, stock: Stock, incoming: Order, resting: Order, now: Date) {
  const theirs = resting.side === 'sell' ? 'de vente' : 'd’achat';
  return notifyTradeTx(
    tx,
    incoming,
    stock,
    `Ordre annulé : ${stock.symbol}`,
    `Votre ordre aurait été exécuté face à votre propre ordre ${theirs} à ${formatEuros(resting.limitPrice!)} : il a été annulé.`,
    now,
  );
}

/** Cancels an order whose account can no longer settle, and tells its owner. */
export function cancelUnsettleableTx(tx: Executor, stock: Stock, o: Order, now: Date): Published[] {
  const side = o.side === 'buy' ? 'd’achat' : 'de vente';
  return [
    ...cancelOrderTx(tx, o, 'unsettleable', now, stock),
    ...notifyTradeTx(
      tx,
      o,
      stock,
      `Ordre annulé : ${stock.symbol}`,
      `Votre ordre ${side} de ${o.remaining} ${stock.symbol} a été annulé : son compte ne permet plus de le régler.`,
      now,
    ),
  ];
}

/**
 * Continuous matching of an open order against the book, in the caller's
 * transaction: trades at the resting orders' prices while they cross, at most
 * MAX_FILLS_PER_SLICE of them (`more` then says another slice must follow). A
 * resting order that cannot settle is cancelled (`unsettleable`) and matching
 * goes on; a trade with the same customer cancels the incoming remainder; a
 * price outside the band starts an auction, where the order rests. A market
 * order's remainder is cancelled once nothing more crosses.
 */
export function matchIncomingTx(
  tx: Executor,
  stock: Stock,
  incoming: Order,
  ctx: MarketContext,
): { published: Published[]; more: boolean } {
  const { now } = ctx;
  const published: Published[] = [];
  const reference = rollReferenceTx(tx, stock, now);
  const best = marketStatements(tx).best[incoming.side === 'buy' ? 'sell' : 'buy'];
  let fills = 0;
  while (stock.phase === 'continuous' && incoming.status === 'open') {
    const resting = best.get({ stockId: stock.id });
    const step = nextStep(toBookOrder(incoming), resting && toBookOrder(resting), reference);
    if (step.kind === 'rest') break;
    if (step.kind === 'self_trade') {
      published.push(...selfTradeNoticeTx(tx, stock, incoming, resting!, now));
      published.push(...cancelOrderTx(tx, incoming, 'self_trade', now, stock));
      break;
    }
    if (step.kind === 'auction') {
      published.push(...enterAuctionTx(tx, stock, ctx));
      break;
    }
    if (fills === MAX_FILLS_PER_SLICE) return { published, more: true };
    const [buy, sell] = incoming.side === 'buy' ? [incoming, resting!] : [resting!, incoming];
    const settled = settleTradeTx(tx, stock, buy, sell, step.price, step.quantity, now);
    if (settled.ok) {
      published.push(...settled.published);
      fills++;
    } else published.push(...cancelUnsettleableTx(tx, stock, settled.failed, now));
  }
  if (incoming.status === 'open' && incoming.type === 'market' && stock.phase === 'continuous')
    published.push(...cancelOrderTx(tx, incoming, 'market_remainder', now, stock));
  return { published, more: false };
}

/**
 * The order that still crosses the book of a stock in continuous trading, if
 * any: of the best bid and the best ask, the later one (it arrived as the
 * incoming order; a slice or a crash left it there). Matching it again resumes.
 */
export function crossingOrderTx(tx: Executor, stock: Stock): Order | null {
  if (stock.phase !== 'continuous') return null;
  const st = marketStatements(tx);
  const bid = st.best.buy.get({ stockId: stock.id });
  const ask = st.best.sell.get({ stockId: stock.id });
  if (!bid || !ask || bid.limitPrice! < ask.limitPrice!) return null;
  return bid.id > ask.id ? bid : ask;
}

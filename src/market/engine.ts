/**
 * The matching engine: the market's rules as pure functions over orders held in
 * memory (no database, no clock, no money). The service (./matching.ts,
 * ./auction.ts) feeds it from the book in SQLite and settles what it decides
 * through the ledger; the property test (engine.property.test.ts) runs it alone.
 */

export type Side = 'buy' | 'sell';

/** An order as the engine sees it; `id` is its time priority, `owner` null is the bank. */
export type BookOrder = {
  id: number;
  owner: number | null;
  side: Side;
  /** null: a market order (it rests only during an auction). */
  limit: number | null;
  remaining: number;
};

export type Book = { bids: BookOrder[]; asks: BookOrder[] };
export type Fill = { buy: BookOrder; sell: BookOrder; price: number; quantity: number };

/** The fee per executed order, charged at its first fill (the bank pays none). */
export const ORDER_FEE_CENTS = 100;
/** Continuous trading never executes further than this from the reference price (percent). */
export const BAND_PERCENT = 10;
/** A limit further than this from the reference price is refused outright (percent). */
export const COLLAR_PERCENT = 50;
/**
 * Fills one transaction may settle for one incoming order: a sweep through a
 * deep book goes on in further transactions (./matching.ts), so one order never
 * holds the database for thousands of trades.
 */
export const MAX_FILLS_PER_SLICE = 100;

const within = (price: number, reference: number, percent: number) =>
  price * 100 >= reference * (100 - percent) && price * 100 <= reference * (100 + percent);

export const withinBand = (price: number, reference: number) =>
  within(price, reference, BAND_PERCENT);
export const withinCollar = (limit: number, reference: number) =>
  within(limit, reference, COLLAR_PERCENT);

/** Price then time priority on one side: market orders first, then the best limit, then the oldest. */
export function byPriority(a: BookOrder, b: BookOrder): number {
  if (a.limit !== b.limit) {
    if (a.limit === null) return -1;
    if (b.limit === null) return 1;
    return a.side === 'buy' ? b.limit - a.limit : a.limit - b.limit;
  }
  return a.id - b.id;
}

/** Whether an order would accept a trade at `price`. */
export const accepts = (o: BookOrder, price: number) =>
  o.limit === null || (o.side === 'buy' ? price <= o.limit : price >= o.limit);

const sameCustomer = (a: BookOrder, b: BookOrder) => a.owner !== null && a.owner === b.owner;

/** What continuous trading does next with an incoming order facing the best resting order opposite. */
export type Step =
  | { kind: 'fill'; price: number; quantity: number }
  | { kind: 'self_trade' }
  | { kind: 'auction' }
  | { kind: 'rest' };

/**
 * One step of continuous trading: a trade at the resting order's price if the
 * incoming order accepts it, unless both belong to one customer (the incoming
 * remainder is cancelled) or the price lies outside the band (the stock goes to
 * auction and the incoming order rests).
 */
export function nextStep(
  incoming: BookOrder,
  best: BookOrder | undefined,
  reference: number,
): Step {
  if (!best || incoming.remaining === 0 || best.limit === null || !accepts(incoming, best.limit))
    return { kind: 'rest' };
  if (sameCustomer(incoming, best)) return { kind: 'self_trade' };
  if (!withinBand(best.limit, reference)) return { kind: 'auction' };
  return {
    kind: 'fill',
    price: best.limit,
    quantity: Math.min(incoming.remaining, best.remaining),
  };
}

export type ContinuousResult = {
  fills: Fill[];
  outcome: Step['kind'] | 'capped';
  book: Book;
};

/**
 * Continuous matching of one incoming order against an in-memory book (copied,
 * never changed): what ./matching.ts does step by step against SQLite. The
 * incoming order is left out of the returned book; the caller decides whether
 * its remainder rests (limit, or any order during an auction) or is cancelled.
 */
export function matchContinuous(
  book: Book,
  incoming: BookOrder,
  reference: number,
  maxFills = MAX_FILLS_PER_SLICE,
): ContinuousResult & { incoming: BookOrder } {
  const me = { ...incoming };
  const opposite = (me.side === 'buy' ? book.asks : book.bids)
    .map((o) => ({ ...o }))
    .sort(byPriority);
  const fills: Fill[] = [];
  let outcome: ContinuousResult['outcome'] = 'rest';
  for (;;) {
    if (me.remaining === 0) break;
    if (fills.length === maxFills) {
      outcome = 'capped';
      break;
    }
    const best = opposite[0];
    const step = nextStep(me, best, reference);
    if (step.kind !== 'fill') {
      outcome = step.kind;
      break;
    }
    fills.push(
      me.side === 'buy'
        ? { buy: me, sell: best, price: step.price, quantity: step.quantity }
        : { buy: best, sell: me, price: step.price, quantity: step.quantity },
    );
    me.remaining -= step.quantity;
    best.remaining -= step.quantity;
    if (best.remaining === 0) opposite.shift();
  }
  const same = (me.side === 'buy' ? book.bids : book.asks).map((o) => ({ ...o }));
  const rest = {
    bids: me.side === 'buy' ? same : opposite,
    asks: me.side === 'buy' ? opposite : same,
  };
  return {
    fills: fills.map((f) => ({ ...f, buy: { ...f.buy }, sell: { ...f.sell } })),
    outcome,
    book: rest,
    incoming: me,
  };
}

export type Equilibrium = { price: number; quantity: number; surplus: number };

/** Shares bid at `price` or better, and offered at `price` or better. */
function volumesAt(book: Book, price: number) {
  let demand = 0;
  let supply = 0;
  for (const b of book.bids) if (accepts(b, price)) demand += b.remaining;
  for (const a of book.asks) if (accepts(a, price)) supply += a.remaining;
  return { demand, supply };
}

/**
 * The auction's equilibrium price (Euronext's rules): the price that executes
 * the most shares; on a tie, the one leaving the least surplus; on a tie, the
 * highest if every tied price leaves its surplus on the buy side, the lowest if
 * on the sell side; otherwise the nearest to the reference price (the lower of
 * two equally near). Candidates are the limits in the book (the reference price
 * when only market orders are there). Null when nothing can execute.
 */
export function equilibrium(book: Book, reference: number): Equilibrium | null {
  const limits = [...book.bids, ...book.asks].flatMap((o) => (o.limit === null ? [] : [o.limit]));
  const candidates = [...new Set(limits.length ? limits : [reference])].sort((a, b) => a - b);
  let tied: Equilibrium[] = [];
  let bestQ = 0;
  let bestS = Infinity;
  for (const price of candidates) {
    const { demand, supply } = volumesAt(book, price);
    const quantity = Math.min(demand, supply);
    const surplus = demand - supply;
    if (quantity === 0) continue;
    if (quantity > bestQ || (quantity === bestQ && Math.abs(surplus) < bestS)) {
      tied = [];
      bestQ = quantity;
      bestS = Math.abs(surplus);
    }
    if (quantity === bestQ && Math.abs(surplus) === bestS) tied.push({ price, quantity, surplus });
  }
  if (tied.length === 0) return null;
  if (tied.every((t) => t.surplus > 0)) return tied[tied.length - 1];
  if (tied.every((t) => t.surplus < 0)) return tied[0];
  return tied.reduce((a, b) =>
    Math.abs(b.price - reference) < Math.abs(a.price - reference) ? b : a,
  );
}

export type Pairing = { fills: Fill[]; selfTrades: BookOrder[] };

/**
 * Every match of an auction at its equilibrium price: the orders that accept
 * it, each side in price then time priority, paired in turn. Two orders of one
 * customer never meet: the later one's remainder is cancelled (`selfTrades`).
 * Works on copies; the fills carry copies as they were just before each fill.
 */
export function pairAt(book: Book, price: number): Pairing {
  const take = (side: BookOrder[]) =>
    side
      .filter((o) => accepts(o, price) && o.remaining > 0)
      .map((o) => ({ ...o }))
      .sort(byPriority);
  const bids = take(book.bids);
  const asks = take(book.asks);
  const fills: Fill[] = [];
  const selfTrades: BookOrder[] = [];
  let i = 0;
  let j = 0;
  while (i < bids.length && j < asks.length) {
    const b = bids[i];
    const a = asks[j];
    if (sameCustomer(a, b)) {
      const later = a.id > b.id ? a : b;
      selfTrades.push({ ...later });
      if (later === a) j++;
      else i++;
      continue;
    }
    const quantity = Math.min(a.remaining, b.remaining);
    fills.push({ buy: { ...b }, sell: { ...a }, price, quantity });
    b.remaining -= quantity;
    a.remaining -= quantity;
    if (b.remaining === 0) i++;
    if (a.remaining === 0) j++;
  }
  return { fills, selfTrades };
}

/** The indicative price and volume published during an auction. */
export const indicative = (book: Book, reference: number) => {
  const e = equilibrium(book, reference);
  return { priceCents: e?.price ?? null, quantity: e?.quantity ?? 0 };
};

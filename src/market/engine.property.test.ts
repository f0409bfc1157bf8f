/**
 * Properties of the pure matching engine (no database, no HTTP): random
 * sequences of orders, cancellations, auction ends and day changes run through
 * a tiny exchange built only from ./engine.ts. After every step: no continuous
 * trade outside the band of its moment, no customer trading with themselves,
 * every trade within both orders' limits, the book never crossed in continuous
 * trading, shares conserved; at every uncross, the price executes the most
 * shares of any price (brute force over every cent between the book's limits).
 * The ledger side (holds, postings, the ledger check) is market.property.test.ts.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  accepts,
  equilibrium,
  matchContinuous,
  pairAt,
  withinBand,
  type Book,
  type BookOrder,
  type Fill,
} from './engine';

type Step =
  | {
      t: 'order';
      owner: number;
      side: 'buy' | 'sell';
      market: boolean;
      quantity: number;
      offset: number;
    }
  | { t: 'cancel'; pick: number }
  | { t: 'end_auction' }
  | { t: 'new_day' };

const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record({
      t: fc.constant('order' as const),
      owner: fc.integer({ min: 1, max: 3 }),
      side: fc.constantFrom('buy' as const, 'sell' as const),
      market: fc.integer({ min: 0, max: 9 }).map((n) => n < 2),
      quantity: fc.integer({ min: 1, max: 20 }),
      offset: fc.integer({ min: -20, max: 20 }), // percent around the reference
    }),
  },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('cancel' as const), pick: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('end_auction' as const) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('new_day' as const) }) },
);

/**
 * The most shares any price executes: every limit in the book is tried (the executed volume,
 * min(demand, supply), only changes at a limit, so its maximum over every cent is reached at one;
 * trying every cent made one unlucky seed run for many minutes).
 */
function bruteForceBest(book: Book): number {
  const limits = [...book.bids, ...book.asks].flatMap((o) => (o.limit === null ? [] : [o.limit]));
  let best = 0;
  for (const p of new Set(limits)) {
    const d = book.bids.filter((o) => accepts(o, p)).reduce((s, o) => s + o.remaining, 0);
    const s = book.asks.filter((o) => accepts(o, p)).reduce((t, o) => t + o.remaining, 0);
    best = Math.max(best, Math.min(d, s));
  }
  return best;
}

const crossed = (b: Book) => {
  const bid = Math.max(...b.bids.map((o) => o.limit ?? Infinity));
  const ask = Math.min(...b.asks.map((o) => o.limit ?? -Infinity));
  return b.bids.length > 0 && b.asks.length > 0 && bid >= ask;
};

/** Price then time priority: the best bid is the highest (a market order first), the best ask the lowest. */
function bestOf(side: BookOrder[], sign: 1 | -1) {
  const key = (o: BookOrder) => (o.limit === null ? -Infinity : sign * o.limit);
  return [...side].sort((a, b) => key(a) - key(b) || a.id - b.id)[0];
}

/** The later of the best bid and the best ask (what the market resumes a crossed book with). */
function laterOfBest(b: Book) {
  const bid = bestOf(b.bids, -1);
  const ask = bestOf(b.asks, 1);
  return bid.id > ask.id ? bid : ask;
}

function checkFill(f: Fill, orders: Map<number, BookOrder>) {
  const buy = orders.get(f.buy.id)!;
  const sell = orders.get(f.sell.id)!;
  expect(buy.owner === null || buy.owner !== sell.owner).toBe(true);
  expect(accepts(buy, f.price) && accepts(sell, f.price)).toBe(true);
  expect(f.quantity).toBeGreaterThan(0);
}

describe('matching engine (pure, property-based)', () => {
  it('keeps the market’s rules after every step', () => {
    const seed = Number(process.env.FC_SEED ?? Math.floor(Math.random() * 2 ** 31));
    console.log(`engine property test seed: ${seed} (FC_SEED=${seed} replays it)`);
    const seen = { continuous: 0, auctions: 0, auctionTrades: 0, selfTrades: 0 };
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 60 }), (plan) => {
        let book: Book = {
          bids: [],
          asks: [{ id: 1, owner: null, side: 'sell', limit: 1000, remaining: 50 }],
        };
        const all = new Map<number, BookOrder>([[1, book.asks[0]]]);
        let reference = 1000;
        let last = 1000;
        let phase: 'continuous' | 'auction' = 'continuous';
        let nextId = 2;
        for (const s of plan) {
          if (s.t === 'order') {
            const limit = s.market
              ? null
              : Math.max(1, reference + Math.trunc((reference * s.offset) / 100));
            const o: BookOrder = {
              id: nextId++,
              owner: s.owner,
              side: s.side,
              limit,
              remaining: s.quantity,
            };
            all.set(o.id, o);
            const mine = (b: Book) => (o.side === 'buy' ? b.bids : b.asks);
            if (phase === 'auction') {
              mine(book).push(o);
            } else {
              const r = matchContinuous(book, o, reference, Infinity);
              for (const f of r.fills) {
                checkFill(f, all);
                expect(withinBand(f.price, reference)).toBe(true);
                // At the resting order's price.
                expect(f.price).toBe((o.side === 'buy' ? f.sell : f.buy).limit);
                last = f.price;
                seen.continuous++;
              }
              book = r.book;
              if (r.outcome === 'self_trade') seen.selfTrades++;
              if (r.outcome === 'auction') phase = 'auction';
              const restsNow =
                r.incoming.remaining > 0 &&
                r.outcome !== 'self_trade' &&
                (phase === 'auction' || limit !== null);
              if (restsNow) mine(book).push(r.incoming);
            }
          } else if (s.t === 'cancel') {
            const open = [...book.bids, ...book.asks];
            if (open.length) {
              const gone = open[s.pick % open.length].id;
              book = {
                bids: book.bids.filter((o) => o.id !== gone),
                asks: book.asks.filter((o) => o.id !== gone),
              };
            }
          } else if (s.t === 'end_auction' && phase === 'auction') {
            const e = equilibrium(book, reference);
            const limits = [...book.bids, ...book.asks].some((o) => o.limit !== null);
            if (e && limits) expect(e.quantity).toBe(bruteForceBest(book));
            if (e) {
              const { fills, selfTrades } = pairAt(book, e.price);
              const done = new Map<number, number>();
              for (const f of fills) {
                checkFill(f, all);
                expect(f.price).toBe(e.price);
                done.set(f.buy.id, (done.get(f.buy.id) ?? 0) + f.quantity);
                done.set(f.sell.id, (done.get(f.sell.id) ?? 0) + f.quantity);
                seen.auctionTrades++;
              }
              const cancelled = new Set(selfTrades.map((o) => o.id));
              const rest = (side: BookOrder[]) =>
                side
                  .map((o) => ({ ...o, remaining: o.remaining - (done.get(o.id) ?? 0) }))
                  .filter((o) => o.remaining > 0 && !cancelled.has(o.id) && o.limit !== null);
              book = { bids: rest(book.bids), asks: rest(book.asks) };
              if (fills.length) reference = last = e.price;
              if (selfTrades.length === 0)
                expect(fills.reduce((q, f) => q + f.quantity, 0)).toBe(e.quantity);
            } else
              book = {
                bids: book.bids.filter((o) => o.limit !== null),
                asks: book.asks.filter((o) => o.limit !== null),
              };
            phase = 'continuous';
            seen.auctions++;
            // Orders the uncross left crossed (a self-trade skipped) meet again in continuous
            // trading, as runMarketDue does: the later of the best bid and the best ask meets
            // the book (it crosses the other, so every round trades or cancels something).
            for (let round = 0; crossed(book); round++) {
              if (round > 200) throw new Error(`book still crossed: ${JSON.stringify(book)}`);
              const later = laterOfBest(book);
              const without = {
                bids: book.bids.filter((o) => o.id !== later.id),
                asks: book.asks.filter((o) => o.id !== later.id),
              };
              const r = matchContinuous(without, later, reference, Infinity);
              r.fills.forEach((f) => checkFill(f, all));
              book = r.book;
              if (r.outcome === 'auction') {
                phase = 'auction';
                (later.side === 'buy' ? book.bids : book.asks).push(r.incoming);
                break;
              }
              if (r.incoming.remaining > 0 && r.outcome === 'rest')
                (later.side === 'buy' ? book.bids : book.asks).push(r.incoming);
            }
          } else if (s.t === 'new_day' && phase === 'continuous') {
            reference = last;
          }
          if (phase === 'continuous') expect(crossed(book)).toBe(false);
        }
      }),
      { seed, numRuns: 600 },
    );
    console.log('engine property test saw', seen);
    expect(seen.auctions).toBeGreaterThan(0);
    expect(seen.auctionTrades).toBeGreaterThan(0);
    expect(seen.selfTrades).toBeGreaterThan(0);
  });

  it('picks the equilibrium price by Euronext’s tie-breaks', () => {
    const o = (
      id: number,
      side: 'buy' | 'sell',
      limit: number | null,
      remaining: number,
      owner = id,
    ): BookOrder => ({
      id,
      owner,
      side,
      limit,
      remaining,
    });
    // Most shares: 10 at 101 or 102 (not 5 at 98 or 99); then the sell surplus picks the lower.
    expect(
      equilibrium(
        {
          bids: [o(1, 'buy', 102, 10), o(2, 'buy', 99, 5)],
          asks: [o(3, 'sell', 101, 10), o(4, 'sell', 98, 5)],
        },
        100,
      ),
    ).toMatchObject({ quantity: 10, price: 101 });
    // Least surplus: 5 execute at 100, 101 and 102; at 102 nothing is left over.
    expect(
      equilibrium(
        { bids: [o(1, 'buy', 102, 5), o(2, 'buy', 101, 3)], asks: [o(3, 'sell', 100, 5)] },
        100,
      )?.price,
    ).toBe(102);
    // Surplus on the buy side everywhere: the highest price.
    expect(
      equilibrium({ bids: [o(1, 'buy', 110, 8)], asks: [o(2, 'sell', 100, 5)] }, 100)?.price,
    ).toBe(110);
    // Surplus on the sell side everywhere: the lowest.
    expect(
      equilibrium({ bids: [o(1, 'buy', 110, 5)], asks: [o(2, 'sell', 100, 8)] }, 105)?.price,
    ).toBe(100);
    // No surplus either way: the nearest to the reference.
    expect(
      equilibrium({ bids: [o(1, 'buy', 110, 5)], asks: [o(2, 'sell', 100, 5)] }, 108)?.price,
    ).toBe(110);
    expect(
      equilibrium({ bids: [o(1, 'buy', 110, 5)], asks: [o(2, 'sell', 100, 5)] }, 101)?.price,
    ).toBe(100);
    // Nothing matchable.
    expect(
      equilibrium({ bids: [o(1, 'buy', 90, 5)], asks: [o(2, 'sell', 100, 5)] }, 95),
    ).toBeNull();
    // One customer on both sides: the later order's remainder is cancelled; nothing else meets.
    const p = pairAt(
      { bids: [o(1, 'buy', 110, 5, 7), o(3, 'buy', 105, 5)], asks: [o(2, 'sell', 100, 5, 7)] },
      100,
    );
    expect(p.selfTrades.map((x) => x.id)).toEqual([2]);
    expect(p.fills).toEqual([]);
  });
});

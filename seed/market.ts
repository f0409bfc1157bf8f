import { and, eq } from 'drizzle-orm';
import type { Tx } from '../src/db/client';
import { bankAccounts, type User } from '../src/db/schema';
import { createStockTx } from '../src/market/stocks';
import { placeOrderTx, type OrderInput } from '../src/market/orders';
import { insertRateTx } from '../src/savings/service';

const HOUR = 3_600_000;

/** Five listed stocks: symbol, name, IPO price in cents. */
const STOCKS = [
  ['AVNR', 'AVENIR Banque', 1234],
  ['SOLR', 'Solaris Énergies', 850],
  ['VRDI', 'Verdi Mobilité', 2310],
  ['ALPN', 'Alpina Santé', 4120],
  ['OCEA', 'Océane Logistique', 1575],
] as const;

/**
 * Moves in percent between trades, rotated per stock: a varied but reproducible
 * history whose prices stay within 5 % of one another, inside the 10 % band of
 * any day's reference price (so the fixtures never start an auction).
 */
const MOVES = [2, -1, 2, 1, -2, 1, -1, 2, -1, 1, 2, -1];
const SHARES_EACH = 10;

/**
 * The savings rate history (2,50 % then 3 % since yesterday, as the seeded news
 * says) and the market: five IPOs bought out by the first fixture clients, a
 * history of trades between them over the last two days, and resting orders on
 * both sides of every book. Everything goes through the market's own order
 * path (reservations, matching, one ledger operation per trade).
 */
export function seedMarketTx(tx: Tx, clients: User[], now: number) {
  const at = (hoursAgo: number) => new Date(now - hoursAgo * HOUR);
  insertRateTx(tx, 250, at(24 * 120), null);
  insertRateTx(tx, 300, at(26), null);

  // The first six clients buy at the IPO (client1 thus holds shares); clients 2–6 trade
  // among themselves (each pair fills completely), and only 4–6 leave orders on the book.
  const holders = clients.slice(0, 6);
  const traders = holders.slice(1);
  // Resting orders (and so reservations) only from clients 4–6 when there are that many.
  const makers = holders.length > 3 ? holders.slice(3) : traders;
  const cashOf = (u: User) =>
    tx
      .select()
      .from(bankAccounts)
      .where(and(eq(bankAccounts.userId, u.id), eq(bankAccounts.type, 'checking')))
      .get()!.id;
  const order = (u: User, input: Omit<OrderInput, 'accountId'>, when: Date) => {
    const placed = placeOrderTx(
      tx,
      u,
      { ...input, accountId: cashOf(u) },
      { now: when, auctionMs: 0 },
    );
    if (!placed.ok || placed.stock.phase !== 'continuous')
      throw new Error(`market fixture refused: ${placed.ok ? 'auction' : placed.reason}`);
  };

  // Everything in time order across the stocks, so that operation ids grow with time.
  const listed = STOCKS.map(([symbol, name, ipo], k) => {
    const stock = createStockTx(
      tx,
      { symbol, name, ipoPriceCents: ipo, shares: Math.max(1, holders.length) * SHARES_EACH },
      at(50 - k * 0.01),
    );
    return stock === 'symbol_taken'
      ? null
      : { id: stock.id, ipo: ipo as number, price: ipo as number };
  });
  listed.forEach((s, k) => {
    if (!s) return;
    holders.forEach((u, j) =>
      order(
        u,
        {
          stockId: s.id,
          side: 'buy',
          type: 'limit',
          quantity: SHARES_EACH,
          limitPriceCents: s.ipo,
        },
        at(49 - k * 0.1 - j * 0.01),
      ),
    );
  });
  if (traders.length < 2) return;
  for (let t = 0; t < MOVES.length; t++) {
    listed.forEach((s, k) => {
      if (!s) return;
      s.price += Math.trunc((s.price * MOVES[(t + k) % MOVES.length]) / 100);
      const seller = traders[(t + k) % traders.length];
      const buyer = traders[(t + k + 1) % traders.length];
      const when = at(46 - t * 3.8 - k * 0.01);
      const quantity = 1 + (t % 3);
      order(
        seller,
        { stockId: s.id, side: 'sell', type: 'limit', quantity, limitPriceCents: s.price },
        when,
      );
      order(
        buyer,
        { stockId: s.id, side: 'buy', type: 'limit', quantity, limitPriceCents: s.price },
        when,
      );
    });
  }
  // The book today: bids below the last price, asks above, from different clients.
  listed.forEach((s, k) => {
    if (!s) return;
    for (let level = 1; level <= 3; level++) {
      const bidder = makers[(k + level) % makers.length];
      const asker = makers[(k + level + 1) % makers.length];
      const step = Math.max(1, Math.trunc((s.price * level) / 100));
      const when = at(1 - k * 0.01 - level * 0.001);
      order(
        bidder,
        {
          stockId: s.id,
          side: 'buy',
          type: 'limit',
          quantity: 5 * level,
          limitPriceCents: s.price - step,
        },
        when,
      );
      order(
        asker,
        {
          stockId: s.id,
          side: 'sell',
          type: 'limit',
          quantity: level,
          limitPriceCents: s.price + step,
        },
        when,
      );
    }
  });
}

import type { Executor } from '../db/client';
import {
  postOperation,
  releaseHold,
  SYSTEM,
  systemAccountTx,
  EUR,
  type Published,
} from '../ledger';
import { appendEventTx } from '../realtime/events';
import { topics } from '../realtime/hub';
import { insertNotificationTx } from '../notifications/notifications';
import type { Order, Stock } from './schema';
import { marketStatements } from './statements';
import { formatEuros } from './text';
import { toOrderView } from './views';

/** The fee per executed order, charged at its first fill (the bank, userId null, pays none). */
export const ORDER_FEE_CENTS = 100;

const feeDue = (o: Order) => (o.userId !== null && o.feePaid === 0 ? ORDER_FEE_CENTS : 0);

/** What an open order must have reserved (the ledger check compares the holds with it). */
export const reservationOf = (o: Order) =>
  o.side === 'buy' ? o.remaining * (o.limitPrice ?? 0) + feeDue(o) : o.remaining;

/** The best resting order on the other side that `o` may trade with: price, then time priority. */
function bestOpposite(tx: Executor, o: Order): Order | undefined {
  const best = marketStatements(tx).best[o.side === 'buy' ? 'sell' : 'buy'];
  return o.type === 'limit'
    ? best.limit.get({ stockId: o.stockId, limit: o.limitPrice })
    : best.market.get({ stockId: o.stockId });
}

/** Tells an order's owner it changed. */
export function orderUpdatedTx(tx: Executor, o: Order, now: Date): Published[] {
  if (o.userId === null) return [];
  return [
    appendEventTx(tx, topics.user(o.userId), 'order.updated', { order: toOrderView(o) }, now),
  ];
}

/**
 * One execution: ONE ledger operation moves the cash (buyer → seller), the shares
 * (seller → buyer) and the fees (each side's first fill → the bank's fee account),
 * consuming the orders' reservations; a buy's reservation above the trade price
 * is released. Then the orders, the trade, the last price and the events.
 */
function executeTradeTx(
  tx: Executor,
  stock: Stock,
  buy: Order,
  sell: Order,
  price: number,
  quantity: number,
  now: Date,
): Published[] {
  const cost = price * quantity;
  const buyerFee = feeDue(buy);
  const sellerFee = feeDue(sell);
  const what = `${quantity} ${stock.symbol} à ${formatEuros(price)}`;
  const postings = [
    {
      accountId: buy.accountId,
      amount: -(cost + buyerFee),
      counterparty: { name: `Achat ${stock.symbol}`, iban: null },
    },
    {
      accountId: sell.accountId,
      amount: cost - sellerFee,
      counterparty: { name: `Vente ${stock.symbol}`, iban: null },
    },
    { accountId: sell.positionId, amount: -quantity },
    { accountId: buy.positionId, amount: quantity },
  ];
  if (buyerFee + sellerFee > 0)
    postings.push({
      accountId: systemAccountTx(tx, SYSTEM.fees, EUR).id,
      amount: buyerFee + sellerFee,
    });
  const consumeHolds = [
    { holdId: buy.holdId!, amount: cost + buyerFee },
    { holdId: sell.holdId!, amount: quantity },
  ];
  if (sellerFee) consumeHolds.push({ holdId: sell.feeHoldId!, amount: sellerFee });
  const posted = postOperation(
    tx,
    { kind: 'trade', label: `Bourse : ${what}`, postings, consumeHolds, userId: null },
    now,
  );
  // Reservations guarantee every leg: a refusal here is a bug, and rolls everything back.
  if (!posted.ok) throw new Error(`trade refused: ${posted.reason} (account ${posted.accountId})`);
  const published: Published[] = [...posted.published];
  if (buy.type === 'limit' && buy.limitPrice! > price)
    published.push(...releaseHold(tx, buy.holdId!, now, (buy.limitPrice! - price) * quantity));

  const st = marketStatements(tx);
  const trade = st.insertTrade.get({
    stockId: stock.id,
    price,
    quantity,
    buyOrderId: buy.id,
    sellOrderId: sell.id,
    operationId: posted.operationId,
    createdAt: now,
  })!;
  st.setLastPrice.run({ stockId: stock.id, price });
  stock.lastPrice = price;
  for (const [o, fee] of [
    [buy, buyerFee],
    [sell, sellerFee],
  ] as const) {
    o.remaining -= quantity;
    o.feePaid += fee;
    if (o.remaining === 0) o.status = 'filled';
    st.setOrderFill.run({ id: o.id, remaining: o.remaining, feePaid: o.feePaid, status: o.status });
    published.push(...orderUpdatedTx(tx, o, now));
    if (o.userId !== null) {
      const n = insertNotificationTx(
        tx,
        null,
        {
          recipientId: o.userId,
          kind: 'trade',
          title: `Ordre exécuté : ${what}`,
          body: `${o.side === 'buy' ? 'Achat' : 'Vente'} de ${what}${fee ? `, frais ${formatEuros(fee)}` : ''}.`,
          link: `/bourse/${stock.id}`,
        },
        now,
      );
      published.push(n.published);
    }
  }
  published.push(
    appendEventTx(
      tx,
      topics.all,
      'market.trade',
      { stockId: stock.id, priceCents: price, quantity, at: trade.createdAt.toISOString() },
      now,
    ),
  );
  return published;
}

/**
 * Continuous matching of an incoming order against the book, in the caller's
 * transaction: price then time priority; a limit-against-limit trade executes at
 * floor((B + S) / 2), against a market order at the resting order's price.
 */
export function matchOrderTx(tx: Executor, stock: Stock, incoming: Order, now: Date): Published[] {
  const published: Published[] = [];
  while (incoming.remaining > 0) {
    const resting = bestOpposite(tx, incoming);
    if (!resting) break;
    const [buy, sell] = incoming.side === 'buy' ? [incoming, resting] : [resting, incoming];
    const price =
      incoming.type === 'market'
        ? resting.limitPrice!
        : Math.floor((buy.limitPrice! + sell.limitPrice!) / 2);
    const quantity = Math.min(incoming.remaining, resting.remaining);
    published.push(...executeTradeTx(tx, stock, buy, sell, price, quantity, now));
  }
  return published;
}

/** Cancels what remains of an open order and gives back its reservations. */
export function cancelOrderTx(tx: Executor, o: Order, now: Date): Published[] {
  const published: Published[] = [];
  for (const holdId of [o.holdId, o.feeHoldId])
    if (holdId) published.push(...releaseHold(tx, holdId, now));
  o.status = o.remaining === 0 ? 'filled' : 'cancelled';
  marketStatements(tx).setOrderStatus.run({ id: o.id, status: o.status });
  return [...published, ...orderUpdatedTx(tx, o, now)];
}

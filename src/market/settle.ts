/**
 * Settlement of what the engine decided: one ledger operation per trade, the
 * orders' rows, reservations released, and the events each change owes.
 */
import { eq } from 'drizzle-orm';
import type { Executor } from '../db/client';
import {
  postOperation,
  releaseHold,
  SYSTEM,
  systemAccountTx,
  EUR,
  type Published,
} from '../ledger';
import { holds } from '../ledger/schema';
import { appendEventTx } from '../realtime/events';
import { topics } from '../realtime/hub';
import { insertNotificationTx } from '../notifications/notifications';
import type { CancelReason, Order, Stock } from './schema';
import { marketStatements } from './statements';
import { formatEuros } from './text';
import { toOrderView } from './views';

import { ORDER_FEE_CENTS } from './engine';

export { ORDER_FEE_CENTS };

const feeDue = (o: Order) => (o.userId !== null && o.feePaid === 0 ? ORDER_FEE_CENTS : 0);

/**
 * What an open limit order must have reserved (the ledger check compares the
 * holds with it). A market order resting in an auction keeps what it reserved
 * at its cost then, and pays any difference from its account at the uncross.
 */
export const reservationOf = (o: Order) =>
  o.side === 'buy' ? o.remaining * (o.limitPrice ?? 0) + feeDue(o) : o.remaining;

/**
 * Called in the transaction when an order has executed and is over (filled, or
 * cancelled after at least one fill): the seam for what follows an execution,
 * e.g. a trade confirmation (« avis d'opéré »). Registered explicitly at start.
 */
export type OrderExecutedListener = (
  tx: Executor,
  order: Order,
  stock: Stock,
  now: Date,
) => Published[];
const executedListeners: OrderExecutedListener[] = [];
export function onOrderExecuted(listener: OrderExecutedListener) {
  if (!executedListeners.includes(listener)) executedListeners.push(listener);
}

/** Tells an order's owner it changed; when it is over and executed, runs the listeners. */
export function orderUpdatedTx(tx: Executor, o: Order, now: Date, stock?: Stock): Published[] {
  if (o.userId === null) return [];
  const published = [
    appendEventTx(
      tx,
      topics.user(o.userId),
      'order.updated',
      { order: toOrderView(o, stock?.symbol) },
      now,
    ),
  ];
  if (stock && o.status !== 'open' && o.remaining < o.quantity)
    for (const listener of executedListeners) published.push(...listener(tx, o, stock, now));
  return published;
}

/** A notification of kind `trade` from the bank to an order's owner. */
export function notifyTradeTx(
  tx: Executor,
  o: Order,
  stock: Stock,
  title: string,
  body: string,
  now: Date,
) {
  if (o.userId === null) return [];
  const link = `/bourse/${stock.id}`;
  return [
    insertNotificationTx(tx, null, { recipientId: o.userId, kind: 'trade', title, body, link }, now)
      .published,
  ];
}

/** Cancels what remains of an open order with its reason and gives back its reservations. */
export function cancelOrderTx(
  tx: Executor,
  o: Order,
  reason: CancelReason,
  now: Date,
  stock?: Stock,
): Published[] {
  const published: Published[] = [];
  for (const holdId of [o.holdId, o.feeHoldId])
    if (holdId) published.push(...releaseHold(tx, holdId, now));
  o.status = o.remaining === 0 ? 'filled' : 'cancelled';
  o.cancelReason = o.status === 'cancelled' ? reason : null;
  o.updatedAt = now;
  marketStatements(tx).setOrderStatus.run({
    id: o.id,
    status: o.status,
    cancelReason: o.cancelReason,
    updatedAt: now,
  });
  return [...published, ...orderUpdatedTx(tx, o, now, stock)];
}

export type Settled = { ok: true; published: Published[] } | { ok: false; failed: Order };

const holdAmount = (tx: Executor, id: number) =>
  tx.select({ amount: holds.amount }).from(holds).where(eq(holds.id, id)).get()?.amount ?? 0;

/**
 * One execution: ONE ledger operation moves the cash (buyer → seller), the
 * shares (seller → buyer) and the fees (each side's first fill → the bank's fee
 * account), consuming the orders' reservations; a limit buy's reservation above
 * the trade price is released. A leg the ledger refuses (e.g. a closed account)
 * writes nothing and names the order that cannot settle.
 */
export function settleTradeTx(
  tx: Executor,
  stock: Stock,
  buy: Order,
  sell: Order,
  price: number,
  quantity: number,
  now: Date,
): Settled {
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
  // A market buy's hold was its cost when placed: it pays any excess from its account.
  const buyerHeld =
    buy.type === 'market'
      ? Math.min(holdAmount(tx, buy.holdId!), cost + buyerFee)
      : cost + buyerFee;
  const consumeHolds = [
    { holdId: buy.holdId!, amount: buyerHeld },
    { holdId: sell.holdId!, amount: quantity },
    { holdId: sell.feeHoldId!, amount: sellerFee },
  ].filter((h) => h.amount > 0);
  const posted = postOperation(
    tx,
    { kind: 'trade', label: `Bourse : ${what}`, postings, consumeHolds, userId: null },
    now,
  );
  if (!posted.ok) {
    const of = (o: Order) => posted.accountId === o.accountId || posted.accountId === o.positionId;
    if (of(sell)) return { ok: false, failed: sell };
    if (of(buy)) return { ok: false, failed: buy };
    throw new Error(`trade refused: ${posted.reason}`);
  }
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
    o.filledCents += cost;
    o.updatedAt = now;
    if (o.remaining === 0) o.status = 'filled';
    st.setOrderFill.run({
      id: o.id,
      remaining: o.remaining,
      feePaid: o.feePaid,
      filledCents: o.filledCents,
      status: o.status,
      updatedAt: now,
    });
    // A filled market buy gives back what its reservation had above its cost.
    if (o.status === 'filled' && o.type === 'market' && o.holdId)
      published.push(...releaseHold(tx, o.holdId, now));
    published.push(...orderUpdatedTx(tx, o, now, stock));
    const verb = o.side === 'buy' ? 'Achat' : 'Vente';
    published.push(
      ...notifyTradeTx(
        tx,
        o,
        stock,
        `Ordre exécuté : ${what}`,
        `${verb} de ${what}, soit ${formatEuros(cost)}${fee ? `, frais ${formatEuros(fee)}` : ''}.`,
        now,
      ),
    );
  }
  const at = trade.createdAt.toISOString();
  published.push(
    appendEventTx(
      tx,
      topics.all,
      'market.trade',
      { stockId: stock.id, priceCents: price, quantity, at },
      now,
    ),
  );
  return { ok: true, published };
}

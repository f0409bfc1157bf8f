/** The hostile model test's market steps: limit orders, and a cancel raced against a fill. */
import { expect } from 'vitest';
import { order } from '../market/test-kit';
import * as k from './hostile-kit';

const cashOf = (m: k.Model, who: number, acc: number) =>
  k.pick(
    m.owners[who].filter((a) => a.type === 'checking'),
    acc,
  );

/** A limit order near the IPO price from one of the client's checking accounts. */
export const place = (
  who: number,
  acc: number,
  side: 'buy' | 'sell',
  qty: number,
  offset: number,
) =>
  k.command(`Order(${who}#${acc} ${side} ${qty} @${offset})`, async (m, r) => {
    const a = cashOf(m, who, acc);
    const res = await order(r.clients[who], {
      stockId: r.stockId,
      side,
      type: 'limit',
      quantity: qty,
      limitPriceCents: 1000 + offset,
      accountId: a.id,
    });
    expect([201, 409, 400]).toContain(res.status);
    if (a.closed) expect(res.status).not.toBe(201);
    await k.adoptMarket(m, r.clients);
  });

/** Cancels the client's oldest open order while another client's buy may fill it. */
export const race = (who: number, other: number) =>
  k.command(`Race(${who} cancels, ${other} buys)`, async (m, r) => {
    const open = (await r.clients[who].get('/api/orders?status=open')).body.items as any[];
    const target = open.at(-1);
    const buyer = cashOf(m, other, 0);
    await Promise.all([
      target ? r.clients[who].del(`/api/orders/${target.id}`) : null,
      order(r.clients[other], {
        stockId: r.stockId,
        side: 'buy',
        type: 'limit',
        quantity: 3,
        limitPriceCents: target?.limitPriceCents ?? 1000,
        accountId: buyer.id,
      }),
    ]);
    await k.adoptMarket(m, r.clients);
  });

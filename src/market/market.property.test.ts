/**
 * Model-based property test of the market and the Livret on the ledger: random
 * sequences of order placements and cancels from a few clients on two stocks,
 * rate changes and day ticks. After every step: the ledger's invariants (its
 * own checks plus the market's: holds equal open orders' reservations, book
 * never crossed), shares and cash conserved, every trade at the contract's
 * price, exactly 1 € per executed order, interest within one cent of the exact
 * sum. The seed is printed; FC_SEED=… replays a run.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { openDatabase } from '../hosts/node/db';
import { users, type User } from '../db/schema';
import { openCustomerAccountTx, postOperation, SYSTEM, systemAccountTx } from '../ledger';
import { createMemoryHub } from '../realtime/hub';
import { createStoredClock } from '../clock/stored-clock';
import type { Platform } from '../platform';
import { createStockTx } from './stocks';
import { cancelOrderByOwnerTx, placeOrderTx } from './orders';
import { publishMarketEvents, runMarketDue } from './service';
import { accrueDueInterest, insertRateTx } from '../savings/service';
import { checkMarketInvariants, one } from './property-kit';

const CLIENTS = 4;
const IPO = [
  { symbol: 'AAA', name: 'A', ipoPriceCents: 1000, shares: 400 },
  { symbol: 'BBB', name: 'B', ipoPriceCents: 250, shares: 600 },
];
const CASH = 200_000;
const AUCTION_MS = 300_000;
const SAVINGS = 1_234_567;

type Step =
  | {
      t: 'order';
      who: number;
      stock: number;
      side: 'buy' | 'sell';
      type: 'limit' | 'market';
      quantity: number;
      price: number;
    }
  | { t: 'cancel'; who: number; pick: number }
  | { t: 'rate'; bp: number }
  | { t: 'days'; n: number }
  | { t: 'minutes'; n: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record({
      t: fc.constant('order' as const),
      who: fc.integer({ min: 0, max: CLIENTS - 1 }),
      stock: fc.integer({ min: 0, max: IPO.length - 1 }),
      side: fc.constantFrom('buy' as const, 'sell' as const),
      type: fc.constantFrom('limit' as const, 'limit' as const, 'market' as const),
      quantity: fc.integer({ min: 1, max: 25 }),
      price: fc.integer({ min: -15, max: 15 }), // percent around the IPO price
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      t: fc.constant('cancel' as const),
      who: fc.integer({ min: 0, max: CLIENTS - 1 }),
      pick: fc.nat(),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      t: fc.constant('rate' as const),
      bp: fc.integer({ min: 0, max: 2000 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ t: fc.constant('days' as const), n: fc.integer({ min: 1, max: 3 }) }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ t: fc.constant('minutes' as const), n: fc.integer({ min: 1, max: 8 }) }),
  },
);

function world() {
  const dir = mkdtempSync(join(tmpdir(), 'avenir-prop-'));
  const { db, sqlite } = openDatabase(join(dir, 'p.db'));
  const clock = createStoredClock(db);
  const config = { marketAuctionSeconds: AUCTION_MS / 1000 };
  // Deferred work (trade confirmations) settles before the database closes, as on the hosts.
  const deferred: Promise<unknown>[] = [];
  const defer = (task: Promise<unknown>) => void deferred.push(task);
  const p = { db, clock, config, hub: createMemoryHub(), defer } as unknown as Platform;
  const now = clock.now();
  const setup = db.transaction((tx) => {
    insertRateTx(tx, 300, new Date(now.getTime() - 1), null);
    const external = systemAccountTx(tx, SYSTEM.external).id;
    const fund = (accountId: number, amount: number) =>
      postOperation(
        tx,
        {
          kind: 'deposit',
          label: 'Dépôt',
          postings: [
            { accountId: external, amount: -amount },
            { accountId, amount },
          ],
        },
        now,
      );
    const clients: { user: User; cash: number; savings: number }[] = [];
    for (let i = 0; i < CLIENTS; i++) {
      const user = tx
        .insert(users)
        .values({
          email: `p${i}@x.test`,
          passwordHash: 'x',
          firstName: 'P',
          lastName: `${i}`,
          role: 'client',
        })
        .returning()
        .get();
      const cash = openCustomerAccountTx(
        tx,
        { userId: user.id, type: 'checking', label: 'CC' },
        now,
      ).id;
      const savings = openCustomerAccountTx(
        tx,
        { userId: user.id, type: 'savings', label: 'Livret', rateBasisPoints: 300 },
        now,
      ).id;
      fund(cash, CASH);
      fund(savings, SAVINGS + i * 1000);
      clients.push({ user, cash, savings });
    }
    const stocks = IPO.map((s) => {
      const created = createStockTx(tx, s, now);
      if (created === 'symbol_taken') throw new Error('taken');
      return created;
    });
    // Every client starts with shares bought from the bank, so sells meet buys from the first step.
    for (const c of clients)
      for (const [k, st] of stocks.entries())
        placeOrderTx(
          tx,
          c.user,
          {
            stockId: st.id,
            side: 'buy',
            type: 'limit',
            quantity: 50,
            limitPriceCents: IPO[k].ipoPriceCents,
            accountId: c.cash,
          },
          { now, auctionMs: AUCTION_MS },
        );
    return { clients, stocks };
  });
  return {
    dir,
    db,
    p,
    ...setup,
    close: async () => {
      await Promise.all(deferred);
      sqlite.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

describe('market and savings on the ledger (model-based)', () => {
  it('keeps every invariant after every step', async () => {
    const seed = Number(process.env.FC_SEED ?? Math.floor(Math.random() * 2 ** 31));
    console.log(`market property test seed: ${seed} (FC_SEED=${seed} replays it)`);
    let steps = 0;
    const seen = { trades: 0, multiFill: 0, accruals: 0 };
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 5, maxLength: 40 }), async (plan) => {
        const w = world();
        try {
          const deposits = CLIENTS * (CASH + SAVINGS) + (1000 * CLIENTS * (CLIENTS - 1)) / 2;
          for (const s of plan) {
            steps++;
            const now = w.p.clock.now();
            if (s.t === 'order') {
              const c = w.clients[s.who];
              const ipo = IPO[s.stock];
              const price = Math.max(
                1,
                ipo.ipoPriceCents + Math.trunc((ipo.ipoPriceCents * s.price) / 100),
              );
              const answer = w.db.transaction((tx) =>
                placeOrderTx(
                  tx,
                  c.user,
                  {
                    stockId: w.stocks[s.stock].id,
                    side: s.side,
                    type: s.type,
                    quantity: s.quantity,
                    limitPriceCents: s.type === 'limit' ? price : null,
                    accountId: c.cash,
                  },
                  { now, auctionMs: AUCTION_MS },
                ),
              );
              if (!answer.ok)
                expect([
                  'insufficient_funds',
                  'insufficient_shares',
                  'insufficient_liquidity',
                  'validation_failed',
                ]).toContain(answer.reason);
              else publishMarketEvents(w.p, answer.published);
            } else if (s.t === 'cancel') {
              const open = w.db.all<{ id: number }>(
                sql`select id from orders where user_id = ${w.clients[s.who].user.id} and status = 'open' order by id`,
              );
              if (open.length) {
                const r = w.db.transaction((tx) =>
                  cancelOrderByOwnerTx(
                    tx,
                    w.clients[s.who].user,
                    open[s.pick % open.length].id,
                    now,
                  ),
                );
                expect(r.ok).toBe(true);
              }
            } else if (s.t === 'rate') {
              w.db.transaction((tx) => insertRateTx(tx, s.bp, now, null));
            } else if (s.t === 'days') {
              w.p.clock.advance!(s.n * 86_400_000);
              await accrueDueInterest(w.p);
              await runMarketDue(w.p);
            } else if (s.t === 'minutes') {
              w.p.clock.advance!(s.n * 60_000);
              await runMarketDue(w.p);
            }
            checkMarketInvariants(w.db, deposits, IPO);
          }
          const stats = one<{ t: number; m: number; a: number }>(
            w.db,
            sql`select
            (select count(*) from trades) as t,
            (select count(*) from (select buy_order_id from trades group by buy_order_id having count(*) > 1
              union all select sell_order_id from trades group by sell_order_id having count(*) > 1)) as m,
            (select count(*) from savings_accruals) as a`,
          );
          seen.trades += stats.t;
          seen.multiFill += stats.m;
          seen.accruals += stats.a;
        } finally {
          await w.close();
        }
      }),
      { seed, numRuns: Number(process.env.FC_RUNS ?? 25) },
    );
    console.log(`market property test: ${steps} steps checked`, seen);
  }, 240_000);
});

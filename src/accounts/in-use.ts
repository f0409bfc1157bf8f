import { and, asc, eq, or } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { orders, stocks } from '../market/schema';
import { activeSchedulesUsingAccount } from '../transfers/scheduled';

/**
 * Something that keeps an account from closing: a feature's open orders, its
 * active scheduled transfers… It returns the French words naming what uses the
 * account (for the 409 `account_in_use` message), or null when nothing does.
 * The list the app runs is explicit: src/bank-rules.ts's `accountUses`.
 */
export type AccountUse = (tx: Executor, accountId: number) => string | null;

/** The open stock orders that pay or are paid through the account. */
export const openOrdersUsing: AccountUse = (tx, accountId) => {
  const rows = tx
    .select({ id: orders.id, side: orders.side, symbol: stocks.symbol })
    .from(orders)
    .innerJoin(stocks, eq(stocks.id, orders.stockId))
    .where(
      and(
        eq(orders.status, 'open'),
        or(eq(orders.accountId, accountId), eq(orders.positionId, accountId)),
      ),
    )
    .orderBy(asc(orders.id))
    .all();
  if (rows.length === 0) return null;
  const named = rows.map((o) => `n° ${o.id} (${o.side === 'buy' ? 'achat' : 'vente'} ${o.symbol})`);
  return `${rows.length > 1 ? 'les ordres ouverts' : 'l’ordre ouvert'} ${named.join(', ')}`;
};

/** What uses the account, in one French sentence, or null when nothing does. */
export function accountInUse(
  tx: Executor,
  accountId: number,
  uses: readonly AccountUse[],
): string | null {
  const found = uses.map((use) => use(tx, accountId)).filter((s): s is string => !!s);
  if (found.length === 0) return null;
  return `Ce compte sert encore à ${found.join(' et à ')} : annulez-les avant de le clôturer.`;
}

/** The active scheduled transfers that pay from the account, or into it from its owner's. */
export const activeSchedulesUsing: AccountUse = (tx, accountId) => {
  const rows = activeSchedulesUsingAccount(tx, accountId);
  if (rows.length === 0) return null;
  const named = rows.map((s) => `n° ${s.id} (« ${s.label} »)`);
  return `${rows.length > 1 ? 'les virements programmés' : 'le virement programmé'} ${named.join(', ')}`;
};

import { eq } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { bankAccounts } from '../db/schema';
import { appendEventTx } from '../realtime/events';
import { topics } from '../realtime/hub';
import { holds, type Hold } from './schema';
import { availableOf, isCustomerCash, toAccountView } from './views';
import type { Published } from './post';

/** Tells the owner of a cash account that its available amount changed (no operation). */
function heldChangedTx(tx: Executor, accountId: number, now: Date): Published[] {
  const a = tx.select().from(bankAccounts).where(eq(bankAccounts.id, accountId)).get()!;
  if (!isCustomerCash(a)) return [];
  const data = { account: toAccountView(a), operation: null };
  return [appendEventTx(tx, topics.user(a.userId!), 'account.updated', data, now)];
}

/**
 * Reserves `amount` on an account for an owner (e.g. an order), in the caller's
 * transaction: refused unless the account is open and its available amount covers it.
 */
export function placeHold(
  tx: Executor,
  input: { accountId: number; amount: number; ownerType: string; ownerId: number },
  now: Date,
):
  | { ok: true; hold: Hold; published: Published[] }
  | { ok: false; reason: 'insufficient_funds' | 'account_closed' | 'invalid' } {
  if (!Number.isSafeInteger(input.amount) || input.amount <= 0)
    return { ok: false, reason: 'invalid' };
  const a = tx.select().from(bankAccounts).where(eq(bankAccounts.id, input.accountId)).get();
  if (!a) return { ok: false, reason: 'invalid' };
  if (a.closedAt) return { ok: false, reason: 'account_closed' };
  if (availableOf(a) < input.amount) return { ok: false, reason: 'insufficient_funds' };
  const hold = tx
    .insert(holds)
    .values({ ...input, asset: a.asset, status: 'open', createdAt: now })
    .returning()
    .get();
  tx.update(bankAccounts)
    .set({ held: a.held + input.amount })
    .where(eq(bankAccounts.id, a.id))
    .run();
  return { ok: true, hold, published: heldChangedTx(tx, a.id, now) };
}

/**
 * Gives back what remains of a hold (or only `amount` of it), in the caller's
 * transaction. Releasing a hold that is no longer open does nothing.
 */
export function releaseHold(tx: Executor, holdId: number, now: Date, amount?: number): Published[] {
  const h = tx.select().from(holds).where(eq(holds.id, holdId)).get();
  if (!h || h.status !== 'open') return [];
  const give = Math.min(h.amount, amount ?? h.amount);
  if (give <= 0) return [];
  const left = h.amount - give;
  tx.update(holds)
    .set({ amount: left, status: left === 0 ? 'released' : 'open' })
    .where(eq(holds.id, h.id))
    .run();
  const a = tx.select().from(bankAccounts).where(eq(bankAccounts.id, h.accountId)).get()!;
  tx.update(bankAccounts)
    .set({ held: a.held - give })
    .where(eq(bankAccounts.id, a.id))
    .run();
  return heldChangedTx(tx, a.id, now);
}

/** Consuming a hold happens inside an operation: see postOperation's `consumeHolds`. */
export type { Hold };

import { eq, sql } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { prepareUpdateById, preparedPer } from '../db/prepared';
import { bankAccounts } from '../db/schema';
import { appendEventTx } from '../realtime/events';
import { topics } from '../realtime/hub';
import { holds, type Hold } from './schema';
import { availableOf, isCustomerCash, toAccountView } from './views';
import { findAccountTx, ledgerStatements, type Published } from './post';

/** Every order places and releases holds: prepared once, like ./post.ts's statements. */
const holdStatements = preparedPer((db) => ({
  insert: db
    .insert(holds)
    .values({
      accountId: sql.placeholder('accountId'),
      amount: sql.placeholder('amount'),
      ownerType: sql.placeholder('ownerType'),
      ownerId: sql.placeholder('ownerId'),
      asset: sql.placeholder('asset'),
      status: 'open',
      createdAt: sql.placeholder('createdAt'),
    })
    .returning()
    .prepare(),
  setHeld: prepareUpdateById(db, bankAccounts, 'held'),
}));

/** Tells the owner of a cash account that its available amount changed (no operation). */
function heldChangedTx(tx: Executor, accountId: number, now: Date): Published[] {
  const a = findAccountTx(tx, accountId)!;
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
  const a = findAccountTx(tx, input.accountId);
  if (!a) return { ok: false, reason: 'invalid' };
  if (a.closedAt) return { ok: false, reason: 'account_closed' };
  if (availableOf(a) < input.amount) return { ok: false, reason: 'insufficient_funds' };
  const st = holdStatements(tx);
  const hold = st.insert.get({ ...input, asset: a.asset, createdAt: now })!;
  st.setHeld.run({ id: a.id, held: a.held + input.amount });
  return { ok: true, hold, published: heldChangedTx(tx, a.id, now) };
}

/**
 * Gives back what remains of a hold (or only `amount` of it), in the caller's
 * transaction. Releasing a hold that is no longer open does nothing.
 */
export function releaseHold(tx: Executor, holdId: number, now: Date, amount?: number): Published[] {
  const h = ledgerStatements(tx).hold.get({ id: holdId });
  if (!h || h.status !== 'open') return [];
  const give = Math.min(h.amount, amount ?? h.amount);
  if (give <= 0) return [];
  const left = h.amount - give;
  ledgerStatements(tx).updateHold.run({
    id: h.id,
    amount: left,
    status: left === 0 ? 'released' : 'open',
  });
  const a = findAccountTx(tx, h.accountId)!;
  holdStatements(tx).setHeld.run({ id: a.id, held: a.held - give });
  return heldChangedTx(tx, a.id, now);
}

/** Consuming a hold happens inside an operation: see postOperation's `consumeHolds`. */
export type { Hold };

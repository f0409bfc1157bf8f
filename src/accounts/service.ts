import { and, asc, count, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db, Executor } from '../db/client';
import { bankAccounts, settings } from '../db/schema';
import { appendEventTx } from '../realtime/events';
import { topics } from '../realtime/hub';
import {
  openCustomerAccountTx,
  type BankAccount,
  type Published,
  postOperation,
  systemAccountTx,
  SYSTEM,
  toAccountView,
  type AccountView,
} from '../ledger';
import { accrueAccountThroughTx } from '../savings/accrual';
import { parisDayOf, parisDayStart } from '../savings/days';
import { accountInUse, type AccountUse } from './in-use';

export type { AccountView };

/**
 * Opens the checking account every client gets at sign-up (a fresh French IBAN),
 * through the ledger; fixtures may give it an opening balance from outside the bank.
 */
export function openCheckingAccountTx(tx: Executor, userId: number, now: Date, balanceCents = 0) {
  const account = openCustomerAccountTx(
    tx,
    { userId, type: 'checking', label: 'Compte courant' },
    now,
  );
  if (balanceCents > 0) {
    const external = systemAccountTx(tx, SYSTEM.external);
    postOperation(
      tx,
      {
        kind: 'opening',
        label: 'Solde d’ouverture',
        silent: true,
        postings: [
          { accountId: external.id, amount: -balanceCents },
          { accountId: account.id, amount: balanceCents },
        ],
      },
      now,
    );
  }
  return account.id;
}

/** A user's checking and savings accounts, open ones first. */
export async function listAccounts(db: Executor, userId: number): Promise<AccountView[]> {
  const rows = db
    .select()
    .from(bankAccounts)
    .where(eq(bankAccounts.userId, userId))
    .orderBy(sql`${bankAccounts.closedAt} is not null`, asc(bankAccounts.id))
    .all();
  return rows.filter((a) => a.type === 'checking' || a.type === 'savings').map(toAccountView);
}

/** A savings account's rate until the savings feature sets one (settings 'savings.rateBasisPoints'). */
export const DEFAULT_SAVINGS_RATE_BP = 300;
export const MAX_OPEN_ACCOUNTS = 10;

function savingsRateTx(tx: Executor): number {
  const row = tx.select().from(settings).where(eq(settings.key, 'savings.rateBasisPoints')).get();
  return row ? Number(row.value) : DEFAULT_SAVINGS_RATE_BP;
}

/** A user's own checking or savings account (open or closed), or null: someone else's is not found. */
export function findOwnAccount(db: Executor, userId: number, accountId: number) {
  const a = db.select().from(bankAccounts).where(eq(bankAccounts.id, accountId)).get();
  return a && a.userId === userId && (a.type === 'checking' || a.type === 'savings') ? a : null;
}

/** Tells the owner's tabs that an account changed without a movement (opened, renamed, closed). */
function accountChangedTx(tx: Executor, a: BankAccount, now: Date): Published {
  const data = { account: toAccountView(a), operation: null };
  return appendEventTx(tx, topics.user(a.userId!), 'account.updated', data, now);
}

/** How many open accounts of these types a user has. */
const countOpen = (tx: Executor, userId: number, types: ('checking' | 'savings')[]) =>
  tx
    .select({ n: count() })
    .from(bankAccounts)
    .where(
      and(
        eq(bankAccounts.userId, userId),
        inArray(bankAccounts.type, types),
        isNull(bankAccounts.closedAt),
      ),
    )
    .get()!.n;

export function openAccount(
  db: Db,
  userId: number,
  input: { type: 'checking' | 'savings'; label: string },
  now: Date,
):
  | { ok: true; account: AccountView; published: Published }
  | { ok: false; reason: 'account_limit' } {
  return db.transaction((tx) => {
    if (countOpen(tx, userId, ['checking', 'savings']) >= MAX_OPEN_ACCOUNTS)
      return { ok: false as const, reason: 'account_limit' as const };
    const rate = input.type === 'savings' ? savingsRateTx(tx) : null;
    const a = openCustomerAccountTx(tx, { userId, ...input, rateBasisPoints: rate }, now);
    return {
      ok: true as const,
      account: toAccountView(a),
      published: accountChangedTx(tx, a, now),
    };
  });
}

export function renameAccount(db: Db, userId: number, accountId: number, label: string, now: Date) {
  return db.transaction((tx) => {
    if (!findOwnAccount(tx, userId, accountId)) return null;
    const a = tx
      .update(bankAccounts)
      .set({ label })
      .where(eq(bankAccounts.id, accountId))
      .returning()
      .get();
    return { account: toAccountView(a), published: accountChangedTx(tx, a, now) };
  });
}

export type CloseRefusal =
  'not_found' | 'account_not_empty' | 'last_checking_account' | 'account_in_use';

/**
 * Closes an empty account (history kept); the last open checking account stays,
 * and so does one that something still uses (`uses`: open orders…). A savings
 * account first earns its interest through yesterday, in the same transaction:
 * that stays posted (and published) even when it keeps the account from closing.
 */
export function closeAccount(
  db: Db,
  userId: number,
  accountId: number,
  now: Date,
  uses: readonly AccountUse[],
):
  | { ok: true; published: Published[] }
  | { ok: false; reason: CloseRefusal; message?: string; published: Published[] } {
  return db.transaction(
    (tx) => {
      const found = findOwnAccount(tx, userId, accountId);
      if (!found || found.closedAt)
        return { ok: false as const, reason: 'not_found', published: [] };
      const published =
        found.type === 'savings' ? accrueAccountThroughTx(tx, found, yesterdayOf(now), now) : [];
      const refuse = (reason: CloseRefusal, message?: string) => ({
        ok: false as const,
        reason,
        message,
        published,
      });
      const a = findOwnAccount(tx, userId, accountId)!;
      const inUse = accountInUse(tx, a.id, uses);
      if (inUse) return refuse('account_in_use', inUse);
      if (a.balance !== 0 || a.held !== 0) return refuse('account_not_empty');
      if (a.type === 'checking' && countOpen(tx, userId, ['checking']) <= 1)
        return refuse('last_checking_account');
      const closed = tx
        .update(bankAccounts)
        .set({ closedAt: now })
        .where(eq(bankAccounts.id, a.id))
        .returning()
        .get();
      return { ok: true as const, published: [...published, accountChangedTx(tx, closed, now)] };
    },
    { behavior: 'immediate' },
  );
}

/** The Paris day before `now`'s. */
const yesterdayOf = (now: Date) =>
  parisDayOf(new Date(parisDayStart(parisDayOf(now)).getTime() - 1));

import { asc, eq, sql } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { bankAccounts } from '../db/schema';
import {
  openCustomerAccountTx,
  postOperation,
  systemAccountTx,
  SYSTEM,
  toAccountView,
  type AccountView,
} from '../ledger';

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

import { and, eq } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { bankAccounts, type AccountType } from '../db/schema';
import { frenchIban } from '../accounts/iban';
import { EUR } from './assets';

export type BankAccount = typeof bankAccounts.$inferSelect;

/** The bank's own accounts: money from or to the outside world, interest paid, fees earned. */
export const SYSTEM = {
  external: 'external',
  interest: 'interest',
  fees: 'fees',
} as const;

const SYSTEM_LABELS: Record<string, string> = {
  external: 'Monde extérieur (SEPA)',
  interest: 'Intérêts versés',
  fees: 'Frais perçus',
};

/**
 * Opens a customer account (checking or savings with a fresh French IBAN, or a
 * securities position for a stock asset), balance 0.
 */
export function openCustomerAccountTx(
  tx: Executor,
  input: {
    userId: number;
    type: Exclude<AccountType, 'bank'>;
    label: string;
    asset?: string;
    overdraftLimit?: number;
    rateBasisPoints?: number | null;
  },
  now: Date,
): BankAccount {
  const row = tx
    .insert(bankAccounts)
    .values({
      userId: input.userId,
      label: input.label,
      type: input.type,
      asset: input.asset ?? EUR,
      overdraftLimit: input.overdraftLimit ?? 0,
      rateBasisPoints: input.type === 'savings' ? (input.rateBasisPoints ?? 0) : null,
      createdAt: now,
    })
    .returning()
    .get();
  if (input.type === 'securities') return row;
  // The account id is unique, so the IBAN built from it is too.
  return tx
    .update(bankAccounts)
    .set({ iban: frenchIban(row.id) })
    .where(eq(bankAccounts.id, row.id))
    .returning()
    .get();
}

/** One of the bank's own accounts for an asset, created the first time it is needed. */
export function systemAccountTx(tx: Executor, code: string, asset: string = EUR): BankAccount {
  const where = and(eq(bankAccounts.systemCode, code), eq(bankAccounts.asset, asset));
  const found = tx.select().from(bankAccounts).where(where).get();
  if (found) return found;
  return tx
    .insert(bankAccounts)
    .values({ type: 'bank', systemCode: code, asset, label: SYSTEM_LABELS[code] ?? code })
    .returning()
    .get();
}

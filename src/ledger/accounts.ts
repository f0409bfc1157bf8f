import { and, eq, sql } from 'drizzle-orm';
import { preparedPer } from '../db/prepared';
import type { Executor } from '../db/client';
import { bankAccounts, type AccountType } from '../db/schema';
import { frenchIban, randomAccountNumber } from '../accounts/iban';
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

// Prepared once: fixtures open thousands of accounts.
const statements = preparedPer((db) => ({
  insert: db
    .insert(bankAccounts)
    .values({
      userId: sql.placeholder('userId'),
      label: sql.placeholder('label'),
      type: sql.placeholder('type'),
      asset: sql.placeholder('asset'),
      overdraftLimit: sql.placeholder('overdraftLimit'),
      rateBasisPoints: sql.placeholder('rateBasisPoints'),
      iban: sql.placeholder('iban'),
      createdAt: sql.placeholder('createdAt'),
    })
    .returning()
    .prepare(),
  ibanTaken: db
    .select({ id: bankAccounts.id })
    .from(bankAccounts)
    .where(eq(bankAccounts.iban, sql.placeholder('iban')))
    .prepare(),
}));

/** A fresh IBAN on a random account number, drawn again on the rare collision. */
export function freshIbanTx(tx: Executor, draw: () => number = randomAccountNumber): string {
  for (;;) {
    const iban = frenchIban(draw());
    if (!statements(tx).ibanTaken.get({ iban })) return iban;
  }
}

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
  const row = statements(tx).insert.get({
    userId: input.userId,
    label: input.label,
    type: input.type,
    asset: input.asset ?? EUR,
    overdraftLimit: input.overdraftLimit ?? 0,
    rateBasisPoints: input.type === 'savings' ? (input.rateBasisPoints ?? 0) : null,
    iban: input.type === 'securities' ? null : freshIbanTx(tx),
    createdAt: now,
  })!;
  return row;
}

/** One of the bank's own accounts for an asset, created the first time it is needed. */
const systemAccount = preparedPer((db) =>
  db
    .select()
    .from(bankAccounts)
    .where(
      and(
        eq(bankAccounts.systemCode, sql.placeholder('code')),
        eq(bankAccounts.asset, sql.placeholder('asset')),
      ),
    )
    .prepare(),
);

export function systemAccountTx(tx: Executor, code: string, asset: string = EUR): BankAccount {
  const found = systemAccount(tx).get({ code, asset }); // every trade and external transfer
  if (found) return found;
  return tx
    .insert(bankAccounts)
    .values({ type: 'bank', systemCode: code, asset, label: SYSTEM_LABELS[code] ?? code })
    .returning()
    .get();
}

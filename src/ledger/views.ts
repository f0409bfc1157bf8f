import type { bankAccounts } from '../db/schema';
import type { OperationKind } from './schema';

type AccountRow = typeof bankAccounts.$inferSelect;

/** The public shape of a customer account (API.md "Money › Accounts"). */
export type AccountView = {
  id: number;
  iban: string;
  label: string;
  type: 'checking' | 'savings';
  balanceCents: number;
  availableCents: number;
  overdraftLimitCents: number;
  currency: string;
  rateBasisPoints?: number;
  createdAt: string;
  closedAt: string | null;
};

/** An operation as one account sees it. */
export type OperationView = {
  id: number;
  kind: OperationKind;
  label: string;
  amountCents: number;
  balanceAfterCents: number;
  counterparty: { name: string; iban: string | null } | null;
  createdAt: string;
};

/** What can be spent: balance − holds + overdraft limit. */
export const availableOf = (a: Pick<AccountRow, 'balance' | 'held' | 'overdraftLimit'>) =>
  a.balance - a.held + a.overdraftLimit;

export function toAccountView(a: AccountRow): AccountView {
  return {
    id: a.id,
    iban: a.iban ?? '',
    label: a.label,
    type: a.type === 'savings' ? 'savings' : 'checking',
    balanceCents: a.balance,
    availableCents: availableOf(a),
    overdraftLimitCents: a.overdraftLimit,
    currency: a.asset,
    ...(a.type === 'savings' ? { rateBasisPoints: a.rateBasisPoints ?? 0 } : {}),
    createdAt: a.createdAt.toISOString(),
    closedAt: a.closedAt ? a.closedAt.toISOString() : null,
  };
}

export function toOperationView(
  op: { id: number; kind: OperationKind; label: string; createdAt: Date },
  posting: {
    amount: number;
    balanceAfter: number;
    counterpartyName: string | null;
    counterpartyIban: string | null;
  },
): OperationView {
  return {
    id: op.id,
    kind: op.kind,
    label: op.label,
    amountCents: posting.amount,
    balanceAfterCents: posting.balanceAfter,
    counterparty: posting.counterpartyName
      ? { name: posting.counterpartyName, iban: posting.counterpartyIban }
      : null,
    createdAt: op.createdAt.toISOString(),
  };
}

/** Customer cash accounts (checking, savings) are the ones the API shows and tells about. */
export const isCustomerCash = (a: Pick<AccountRow, 'userId' | 'type'>) =>
  a.userId !== null && (a.type === 'checking' || a.type === 'savings');

/**
 * The bank's rules that span features, listed here explicitly (not registered
 * by importing a module for its side effects): what keeps an account from
 * closing, and the business checks the ledger check runs besides its sums.
 * A feature adds its own by adding it to a list below.
 */
import type { Executor } from './db/client';
import { checkLedger, type BusinessCheck } from './ledger';
import { activeSchedulesUsing, openOrdersUsing, type AccountUse } from './accounts/in-use';
import { checkNothingOpenOnClosedAccounts } from './accounts/checks';
import { checkSavingsAccrued } from './savings/checks';
import { marketLedgerChecks } from './market/check';
import { checkOccurrencesOnce } from './transfers/check';

/** What may use an account (409 `account_in_use` on DELETE): open orders, active scheduled transfers… */
export const accountUses: readonly AccountUse[] = [openOrdersUsing, activeSchedulesUsing];

export const businessChecks: readonly BusinessCheck[] = [
  checkNothingOpenOnClosedAccounts,
  checkSavingsAccrued,
  ...marketLedgerChecks,
  checkOccurrencesOnce,
];

/** The whole check (GET /api/admin/ledger/check): the ledger's sums, then the bank's rules at `now`. */
export const checkBank = (db: Executor, now: Date = new Date()) =>
  checkLedger(db, businessChecks, now);

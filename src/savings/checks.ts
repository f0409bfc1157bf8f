import { sql } from 'drizzle-orm';
import { checkResult, countOf, type BusinessCheck } from '../ledger';
import { parisDayEnd, parisDayOf, parisDayStart } from './days';

/** How long after a Paris midnight the day's accrual may still be running (it checks every minute). */
export const ACCRUAL_GRACE_MS = 5 * 60_000;

/**
 * Every open savings account has its interest accrued through yesterday (Paris):
 * each one opened before yesterday ended has yesterday's row (a refusal is
 * recorded there too). Just after midnight the day's run has a few minutes.
 */
export const checkSavingsAccrued: BusinessCheck = (db, now) => {
  const today = parisDayOf(new Date(now.getTime() - ACCRUAL_GRACE_MS));
  const yesterday = parisDayOf(new Date(parisDayStart(today).getTime() - 1));
  const endMs = parisDayEnd(yesterday).getTime();
  return checkResult(
    'savings_accrued_through_yesterday',
    countOf(
      db,
      sql`select a.id from bank_accounts a
        where a.type = 'savings' and a.closed_at is null and a.created_at < ${endMs}
          and not exists (select 1 from savings_accruals s where s.account_id = a.id and s.day = ${yesterday})`,
    ),
    `livret(s) ouvert(s) sans intérêts calculés pour le ${yesterday.split('-').reverse().join('/')}`,
  );
};

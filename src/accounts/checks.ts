import { sql } from 'drizzle-orm';
import { checkResult, countOf, type BusinessCheck } from '../ledger';

/**
 * Nothing is reserved on, or pays through, a closed account: no open hold on
 * one, and no open order whose cash account or position is closed (a trade
 * could not settle on it).
 */
export const checkNothingOpenOnClosedAccounts: BusinessCheck = (db) =>
  checkResult(
    'nothing_open_on_closed_accounts',
    countOf(
      db,
      sql`select h.id from holds h join bank_accounts a on a.id = h.account_id
          where h.status = 'open' and a.closed_at is not null
        union all
        select o.id from orders o join bank_accounts a on a.id in (o.account_id, o.position_id)
          where o.status = 'open' and a.closed_at is not null`,
    ),
    'ordre(s) ou réservation(s) ouverts sur un compte clôturé',
  );

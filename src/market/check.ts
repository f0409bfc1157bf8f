import { sql } from 'drizzle-orm';
import type { Executor } from '../db/client';
import type { BusinessCheck, LedgerCheck } from '../ledger';
import { ORDER_FEE_CENTS } from './settle';

const countOf = (db: Executor, query: ReturnType<typeof sql>) =>
  db.get<{ n: number }>(sql`select count(*) as n from (${query})`)?.n ?? 0;

/**
 * Holds equal open orders' reservations: an open buy holds remaining × limit
 * (+ the fee until its first fill), an open sell its remaining shares (and a
 * client's, the fee until its first fill); a closed order holds nothing, and
 * no open order hold belongs to anything else. A market order rests only
 * during an auction (its hold, its cost when placed, is not compared).
 */
export function checkOrderReservations(db: Executor): LedgerCheck {
  const fee = ORDER_FEE_CENTS;
  const wrong = countOf(
    db,
    sql`select o.id from orders o
      left join holds h on h.id = o.hold_id
      left join holds f on f.id = o.fee_hold_id
      join stocks s on s.id = o.stock_id
      where (o.status = 'open' and o.type = 'limit' and (
          h.status is not 'open'
          or h.amount != case when o.side = 'buy'
            then o.remaining * o.limit_price
              + case when o.user_id is not null and o.fee_paid = 0 then ${fee} else 0 end
            else o.remaining end
          or (o.side = 'sell' and o.user_id is not null and o.fee_paid = 0
              and (f.status is not 'open' or f.amount != ${fee}))
          or (o.fee_paid > 0 and f.status is 'open')))
        or (o.status != 'open' and (h.status is 'open' or f.status is 'open'))
        or (o.status = 'open' and o.type = 'market' and s.phase != 'auction')
      union all
      select h.id from holds h where h.status = 'open' and h.owner_type = 'order'
        and not exists (select 1 from orders o where o.status = 'open' and (o.hold_id = h.id or o.fee_hold_id = h.id))`,
  );
  return {
    name: 'order_reservations',
    ok: wrong === 0,
    detail: wrong === 0 ? 'ok' : `${wrong} ordre(s) ou réservation(s) incohérent(s)`,
  };
}

/** In continuous trading the book is never crossed: every open bid is below every open ask. */
export function checkBookNotCrossed(db: Executor): LedgerCheck {
  const crossed = countOf(
    db,
    sql`select b.stock_id from
      (select stock_id, max(limit_price) as bid from orders where status = 'open' and side = 'buy' group by stock_id) b
      join (select stock_id, min(limit_price) as ask from orders where status = 'open' and side = 'sell' group by stock_id) a
      on a.stock_id = b.stock_id
      join stocks s on s.id = b.stock_id where s.phase = 'continuous' and b.bid >= a.ask`,
  );
  return {
    name: 'book_not_crossed',
    ok: crossed === 0,
    detail: crossed === 0 ? 'ok' : `${crossed} carnet(s) croisé(s)`,
  };
}

/** The market's rules, run by the ledger check (src/bank-rules.ts lists them). */
export const marketLedgerChecks: BusinessCheck[] = [checkOrderReservations, checkBookNotCrossed];

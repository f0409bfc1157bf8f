import { sql } from 'drizzle-orm';
import type { Executor } from '../db/client';
import type { LedgerCheck } from '../ledger';

/**
 * « Occurrences never twice »: one run per (schedule, date), each executed run
 * with exactly its own transfer, and no scheduled transfer without its run.
 */
export function checkOccurrencesOnce(db: Executor): LedgerCheck {
  const n =
    db.get<{ n: number }>(sql`select count(*) as n from (
      select scheduled_id from scheduled_transfer_runs group by scheduled_id, date having count(*) > 1
      union all
      select id from scheduled_transfer_runs where (result = 'executed') != (transfer_id is not null)
      union all
      select transfer_id from scheduled_transfer_runs where transfer_id is not null
        group by transfer_id having count(*) > 1
      union all
      select t.id from transfers t where t.scheduled_id is not null and not exists
        (select 1 from scheduled_transfer_runs r where r.transfer_id = t.id and r.scheduled_id = t.scheduled_id))`)
      ?.n ?? 0;
  return {
    name: 'scheduled_occurrences_once',
    ok: n === 0,
    detail: n === 0 ? 'ok' : `${n} échéance(s) de virement programmé en double ou sans virement`,
  };
}

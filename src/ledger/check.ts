import { sql } from 'drizzle-orm';
import type { Executor } from '../db/client';

export type LedgerCheck = { name: string; ok: boolean; detail: string };

/**
 * One of the bank's own rules, named, that a feature hands the check (no open
 * order on a closed account, every Livret accrued through yesterday…). `now` is
 * the app's clock. The list is explicit: see src/bank-rules.ts.
 */
export type BusinessCheck = (db: Executor, now: Date) => LedgerCheck;

/** How many rows break an invariant (the query selects them). */
export const countOf = (db: Executor, query: ReturnType<typeof sql>) =>
  db.get<{ n: number }>(sql`select count(*) as n from (${query})`)?.n ?? 0;

/** A check's result from how many rows break it, and what one broken row is. */
export const checkResult = (name: string, n: number, what: string): LedgerCheck => ({
  name,
  ok: n === 0,
  detail: n === 0 ? 'ok' : `${n} ${what}`,
});

const CHECKS: { name: string; what: string; query: ReturnType<typeof sql> }[] = [
  {
    name: 'operations_balanced',
    what: 'opération(s) dont les écritures ne s’annulent pas par actif',
    query: sql`select operation_id from postings group by operation_id, asset having sum(amount) != 0`,
  },
  {
    name: 'posting_asset_matches_account',
    what: 'écriture(s) dans un autre actif que leur compte',
    query: sql`select p.id from postings p join bank_accounts a on a.id = p.account_id where p.asset != a.asset`,
  },
  {
    name: 'cached_balances',
    what: 'compte(s) dont le solde diffère de la somme des écritures',
    query: sql`select a.id from bank_accounts a left join
      (select account_id, sum(amount) as s from postings group by account_id) p on p.account_id = a.id
      where a.balance != coalesce(p.s, 0)`,
  },
  {
    name: 'running_balances',
    what: 'écriture(s) dont le solde après ne suit pas la précédente',
    query: sql`select id from (select id, amount, balance_after,
      lag(balance_after, 1, 0) over (partition by account_id order by id) as prev from postings)
      where balance_after != prev + amount`,
  },
  {
    name: 'customer_limits',
    what: 'compte(s) client sous leur limite (solde − réservations + découvert < 0)',
    query: sql`select id from bank_accounts where user_id is not null and balance - held + overdraft_limit < 0`,
  },
  {
    name: 'holds_cached',
    what: 'compte(s) dont le montant réservé diffère de la somme des réservations ouvertes',
    query: sql`select a.id from bank_accounts a left join
      (select account_id, sum(amount) as s from holds where status = 'open' group by account_id) h
      on h.account_id = a.id where a.held != coalesce(h.s, 0)`,
  },
  {
    name: 'holds_valid',
    what: 'réservation(s) négative(s), vide(s) encore ouverte(s) ou d’un autre actif que leur compte',
    query: sql`select h.id from holds h join bank_accounts a on a.id = h.account_id
      where h.amount < 0 or (h.status = 'open' and h.amount = 0) or h.asset != a.asset`,
  },
];

/**
 * The ledger's invariants, computed from the tables with a few aggregate
 * queries, then the business rules given (src/bank-rules.ts lists the bank's).
 */
export function checkLedger(
  db: Executor,
  business: readonly BusinessCheck[] = [],
  now: Date = new Date(),
): { ok: boolean; checks: LedgerCheck[] } {
  const checks = CHECKS.map(({ name, what, query }) => checkResult(name, countOf(db, query), what));
  for (const rule of business) checks.push(rule(db, now));
  return { ok: checks.every((c) => c.ok), checks };
}

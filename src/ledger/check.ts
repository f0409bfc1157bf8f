import { sql } from 'drizzle-orm';
import type { Executor } from '../db/client';

export type LedgerCheck = { name: string; ok: boolean; detail: string };

/** A check another feature adds (e.g. the market: holds equal open orders' reservations). */
export type ExtraLedgerCheck = (db: Executor) => LedgerCheck;

const extraChecks: ExtraLedgerCheck[] = [];

/** Registers a feature's own invariant so that checkLedger runs it too. */
export function addLedgerCheck(check: ExtraLedgerCheck) {
  if (!extraChecks.includes(check)) extraChecks.push(check);
}

/** How many rows break an invariant (the query selects them). */
const countOf = (db: Executor, query: ReturnType<typeof sql>) =>
  db.get<{ n: number }>(sql`select count(*) as n from (${query})`)?.n ?? 0;

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

/** The ledger's invariants, computed from the tables with a few aggregate queries. */
export function checkLedger(db: Executor): { ok: boolean; checks: LedgerCheck[] } {
  const checks: LedgerCheck[] = CHECKS.map(({ name, what, query }) => {
    const n = countOf(db, query);
    return { name, ok: n === 0, detail: n === 0 ? 'ok' : `${n} ${what}` };
  });
  for (const extra of extraChecks) checks.push(extra(db));
  return { ok: checks.every((c) => c.ok), checks };
}

/**
 * When documents are issued. Three ways in, all idempotent through the unique
 * (kind, subject, period) key:
 * - the schedule: a sweep after each Paris 1st (statements) and 1 January
 *   (interest statements), a bounded batch of customers per tick so that a
 *   bank of thousands catches up in the background without stalling requests;
 * - on demand: listing one's documents (or a receipt) first issues what is due
 *   to that customer, so nobody ever waits for the sweep to reach them;
 * - an order executed (src/market/service.ts): its avis d'opéré at once.
 */
import { eq, sql } from 'drizzle-orm';
import type { Platform } from '../platform';
import { settings, users, type User } from '../db/schema';
import type { Published } from '../ledger';
import { parisDayOf, parisMonth } from '../ledger/paris-time';
import { orders } from '../market/schema';
import { historyUntil, issueDocuments, type DocumentView } from './service';
import { tradePlan, userPlans } from './plans';

/**
 * Customers whose documents one tick of the sweep issues: a few PDFs each, at
 * some 10–40 ms of CPU per PDF, so a tick stays well under a second.
 */
export const SWEEP_BATCH = 10;
export const SWEEP_EVERY_MS = 60_000;
const SWEPT_THROUGH = 'documents.swept_through';

/** Issues everything due to one customer (staff have no documents). */
export async function issueDocumentsOf(p: Platform, user: User): Promise<DocumentView[]> {
  if (user.role !== 'client') return [];
  return issueDocuments(p, userPlans(p.db, user, p.clock.now()));
}

const previousMonth = (month: string) => {
  const [y, m] = month.split('-').map(Number);
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
};

/**
 * One tick: customers with an account that lacks last month's statement (or,
 * for a Livret, last year's interest statement), up to `batch` of them. Once a
 * tick finds none, the month is marked done and later ticks cost one read.
 */
export async function issueDueDocuments(p: Platform, batch = SWEEP_BATCH): Promise<number> {
  const today = parisDayOf(p.clock.now());
  const month = today.slice(0, 7);
  const lastMonth = previousMonth(month);
  const done = p.db.select().from(settings).where(eq(settings.key, SWEPT_THROUGH)).get();
  if (done?.value === month) return 0;
  const lastYear = String(Number(month.slice(0, 4)) - 1);
  const monthStart = parisMonth(month)!.start.getTime();
  const lastMonthStart = parisMonth(lastMonth)!.start.getTime();
  const yearStart = parisMonth(`${month.slice(0, 4)}-01`)!.start.getTime();
  // History (dated before the seed) is issued on demand only: a fresh start renders nothing.
  const history = historyUntil(p.db);
  const due = p.db.all<{ userId: number }>(sql`
    select distinct a.user_id as userId from bank_accounts a join users u on u.id = a.user_id
    where u.role = 'client' and a.iban is not null and a.type in ('checking', 'savings') and (
      (${monthStart} > ${history} and a.created_at < ${monthStart} and (a.closed_at is null or a.closed_at >= ${lastMonthStart})
        and not exists (select 1 from documents d where d.kind = 'statement'
          and d.subject = 'account:' || a.id and d.period = ${lastMonth}))
      or (${yearStart} > ${history} and a.type = 'savings' and a.created_at < ${yearStart}
        and not exists (select 1 from documents d where d.kind = 'interest_statement'
          and d.subject = 'account:' || a.id and d.period = ${lastYear})))
    limit ${batch}`);
  let issued = 0;
  for (const { userId } of due) {
    const user = p.db.select().from(users).where(eq(users.id, userId)).get();
    if (user) issued += (await issueDocumentsOf(p, user)).length;
  }
  if (due.length < batch)
    p.db
      .insert(settings)
      .values({ key: SWEPT_THROUGH, value: month })
      .onConflictDoUpdate({ target: settings.key, set: { value: month } })
      .run();
  return issued;
}

/** At start: one tick of catch-up (nothing on a fresh seed: its months are history), then a tick a minute. */
export async function startDocumentIssuing(p: Platform) {
  await issueDueDocuments(p);
  p.schedule('documents', SWEEP_EVERY_MS, () => issueDueDocuments(p));
}

/**
 * The market's hook, after a commit: an order that left the book with at least
 * one fill gets its avis d'opéré. Reads the committed `order.updated` events.
 */
export async function issueTradeConfirmations(p: Platform, published: readonly Published[]) {
  const ids = new Set<number>();
  for (const e of published) {
    if (e.event.type !== 'order.updated') continue;
    const { order } = JSON.parse(e.event.json) as {
      order: { id: number; status: string; quantity: number; remainingQuantity: number };
    };
    if (order.status !== 'open' && order.remainingQuantity < order.quantity) ids.add(order.id);
  }
  for (const id of ids) {
    const o = p.db.select().from(orders).where(eq(orders.id, id)).get();
    const user = o?.userId ? p.db.select().from(users).where(eq(users.id, o.userId)).get() : null;
    const plan = o && user ? tradePlan(p.db, o, user) : null;
    if (plan) await issueDocuments(p, [plan]);
  }
}

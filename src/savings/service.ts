import { and, asc, desc, eq, isNull, lt, sql } from 'drizzle-orm';
import type { Executor } from '../db/client';
import type { Platform } from '../platform';
import { bankAccounts, settings, users, type User } from '../db/schema';
import { postOperation, SYSTEM, systemAccountTx, type Published } from '../ledger';
import { appendEventTx } from '../realtime/events';
import { topics } from '../realtime/hub';
import { insertNotificationTx, type NotificationView } from '../notifications/notifications';
import { pushNotification } from '../push/deliver';
import { savingsAccruals, savingsRates } from './schema';
import { nextDay, parisDayEnd, parisDayOf, parisDayStart } from './days';

/** Interest is kept in units of 1/3,650,000 cent: cents × basis points / 10,000 / 365 is then exact. */
export const UNITS_PER_CENT = 10_000 * 365;
const ACCRUED_THROUGH = 'savings.accrued_through';

export type RateView = { rateBasisPoints: number; since: string };

const toRateView = (r: typeof savingsRates.$inferSelect): RateView => ({
  rateBasisPoints: r.rateBasisPoints,
  since: r.since.toISOString(),
});

/** The rate in force at an instant (the last one set at or before it); null before any. */
export function rateAt(db: Executor, at: Date) {
  return (
    db
      .select()
      .from(savingsRates)
      .where(lt(savingsRates.since, new Date(at.getTime() + 1)))
      .orderBy(desc(savingsRates.since), desc(savingsRates.id))
      .limit(1)
      .get() ?? null
  );
}

export function currentRate(p: Platform): RateView {
  const r = rateAt(p.db, p.clock.now());
  return r ? toRateView(r) : { rateBasisPoints: 0, since: new Date(0).toISOString() };
}

/** The whole history, newest first. */
export function rateHistory(db: Executor): RateView[] {
  return db
    .select()
    .from(savingsRates)
    .orderBy(desc(savingsRates.since), desc(savingsRates.id))
    .all()
    .map(toRateView);
}

const percent = (bp: number) => `${Math.floor(bp / 100)},${String(bp % 100).padStart(2, '0')} %`;

/** Appends a rate (in the caller's transaction) and stamps it on every open savings account. */
export function insertRateTx(
  tx: Executor,
  rateBasisPoints: number,
  since: Date,
  setBy: number | null,
) {
  const row = tx.insert(savingsRates).values({ rateBasisPoints, since, setBy }).returning().get();
  // Where opening a savings account reads the rate (src/accounts/service.ts).
  const value = String(rateBasisPoints);
  tx.insert(settings)
    .values({ key: 'savings.rateBasisPoints', value })
    .onConflictDoUpdate({ target: settings.key, set: { value } })
    .run();
  tx.update(bankAccounts)
    .set({ rateBasisPoints })
    .where(and(eq(bankAccounts.type, 'savings'), isNull(bankAccounts.closedAt)))
    .run();
  return row;
}

/**
 * The director sets a new rate from now on: stored (append-only), told to every
 * signed-in user (`savings.rate`) and, as a `savings` notification from the bank
 * (SSE + Web Push), to every holder of an open savings account.
 */
export async function setSavingsRate(p: Platform, director: User, rateBasisPoints: number) {
  const now = p.clock.now();
  const { view, published, notices } = p.db.transaction(
    (tx) => {
      const before = rateAt(tx, now)?.rateBasisPoints ?? 0;
      const view = toRateView(insertRateTx(tx, rateBasisPoints, now, director.id));
      const published: Published[] = [appendEventTx(tx, topics.all, 'savings.rate', view, now)];
      const holders = tx
        .selectDistinct({ id: bankAccounts.userId })
        .from(bankAccounts)
        .innerJoin(users, eq(users.id, bankAccounts.userId))
        .where(and(eq(bankAccounts.type, 'savings'), isNull(bankAccounts.closedAt)))
        .all();
      const notices: { userId: number; notification: NotificationView }[] = [];
      for (const h of holders) {
        const n = insertNotificationTx(
          tx,
          null,
          {
            recipientId: h.id!,
            kind: 'savings',
            title: 'Nouveau taux du Livret Avenir',
            body: `Le taux de votre Livret Avenir passe de ${percent(before)} à ${percent(rateBasisPoints)} par an.`,
            link: '/',
          },
          now,
        );
        published.push(n.published);
        notices.push({ userId: h.id!, notification: n.notification });
      }
      return { view, published, notices };
    },
    { behavior: 'immediate' },
  );
  for (const e of published) p.hub.publish(e.topic, e.event);
  for (const n of notices) p.defer(pushNotification(p, n.userId, n.notification));
  return view;
}

/** Accrues one Paris day on every savings account that had money at its end, in one transaction. */
function accrueDayTx(tx: Executor, day: string, now: Date): Published[] {
  const end = parisDayEnd(day);
  const rate = rateAt(tx, new Date(end.getTime() - 1))?.rateBasisPoints ?? 0;
  const endMs = end.getTime();
  const rows = tx.all<{ id: number; balance: number | null; carry: number | null }>(sql`
    select a.id,
      (select p.balance_after from postings p where p.account_id = a.id and p.created_at < ${endMs}
        order by p.id desc limit 1) as balance,
      (select s.carry from savings_accruals s where s.account_id = a.id and s.day < ${day}
        order by s.day desc limit 1) as carry
    from bank_accounts a
    where a.type = 'savings' and a.created_at < ${endMs}
      and (a.closed_at is null or a.closed_at >= ${endMs})
      and not exists (select 1 from savings_accruals s where s.account_id = a.id and s.day = ${day})`);
  const published: Published[] = [];
  let interestAccount: number | null = null;
  for (const r of rows) {
    const balance = Math.max(0, r.balance ?? 0);
    const accrued = balance * rate;
    if (accrued === 0) continue; // nothing changes: the carry stays where it is
    const total = (r.carry ?? 0) + accrued;
    const cents = Math.floor(total / UNITS_PER_CENT);
    const inserted = tx
      .insert(savingsAccruals)
      .values({
        accountId: r.id,
        day,
        balance,
        rateBasisPoints: rate,
        accrued,
        carry: total - cents * UNITS_PER_CENT,
        postedCents: cents,
        createdAt: now,
      })
      .onConflictDoNothing()
      .returning()
      .get();
    if (!inserted || cents === 0) continue;
    interestAccount ??= systemAccountTx(tx, SYSTEM.interest).id;
    const posted = postOperation(
      tx,
      {
        kind: 'interest',
        label: `Intérêts du Livret Avenir (${day.split('-').reverse().join('/')})`,
        postings: [
          { accountId: interestAccount, amount: -cents },
          { accountId: r.id, amount: cents, counterparty: { name: 'AVENIR', iban: null } },
        ],
      },
      now,
    );
    if (!posted.ok) throw new Error(`interest refused: ${posted.reason}`);
    tx.update(savingsAccruals)
      .set({ operationId: posted.operationId })
      .where(and(eq(savingsAccruals.accountId, r.id), eq(savingsAccruals.day, day)))
      .run();
    published.push(...posted.published);
  }
  tx.insert(settings)
    .values({ key: ACCRUED_THROUGH, value: day })
    .onConflictDoUpdate({
      target: settings.key,
      set: { value: sql`max(${settings.value}, excluded.value)` },
    })
    .run();
  return published;
}

/** The first day that may still need accruing: after the last one done, or the first rate's day. */
function firstDueDay(db: Executor): string | null {
  const done = db.select().from(settings).where(eq(settings.key, ACCRUED_THROUGH)).get();
  if (done) return nextDay(done.value);
  const first = db.select().from(savingsRates).orderBy(asc(savingsRates.since)).limit(1).get();
  return first ? parisDayOf(first.since) : null;
}

/**
 * Accrues every complete Paris day not yet accrued, oldest first, one
 * transaction per day (at start, after midnight, after the dev clock moved).
 * Safe to run twice or from two hosts: the (account, day) key lets one through.
 */
export async function accrueDueInterest(p: Platform): Promise<number> {
  const today = parisDayOf(p.clock.now());
  let day = firstDueDay(p.db);
  let days = 0;
  while (day && day < today) {
    const now = p.clock.now();
    const d = day;
    const published = p.db.transaction((tx) => accrueDayTx(tx, d, now), { behavior: 'immediate' });
    for (const e of published) p.hub.publish(e.topic, e.event);
    day = nextDay(day);
    days++;
  }
  return days;
}

/** Interest credited to each of a user's savings accounts in a Paris year. */
export function interestEarned(db: Executor, userId: number, year: number) {
  const from = parisDayStart(`${year}-01-01`).getTime();
  const to = parisDayStart(`${year + 1}-01-01`).getTime();
  return db.all<{ accountId: number; interestCents: number }>(sql`
    select a.id as accountId, coalesce(sum(p.amount), 0) as interestCents
    from bank_accounts a
    left join postings p on p.account_id = a.id and p.created_at >= ${from} and p.created_at < ${to}
      and p.operation_id in (select id from operations where kind = 'interest')
    where a.user_id = ${userId} and a.type = 'savings'
    group by a.id order by a.id`);
}

/** How often the host checks whether a Paris day has ended (accrual runs once per day then). */
export const ACCRUAL_CHECK_MS = 60_000;

/** At start: catch up on every day missed; then, through the host's schedule, after each midnight. */
export async function startSavingsAccrual(p: Platform) {
  await accrueDueInterest(p);
  p.schedule('savings-accrual', ACCRUAL_CHECK_MS, () => accrueDueInterest(p));
}

import { commit } from '../realtime/publish';
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { Executor } from '../db/client';
import type { Platform } from '../platform';
import { bankAccounts, settings } from '../db/schema';
import { postOperation, SYSTEM, systemAccountTx, type Published } from '../ledger';
import { savingsAccruals, savingsRates } from './schema';
import { nextDay, parisDayEnd, parisDayOf } from './days';
import { rateAt } from './rates';
import { isStorageUnavailable } from '../db/unavailable';

/** Interest is kept in units of 1/3,650,000 cent: cents × basis points / 10,000 / 365 is then exact. */
export const UNITS_PER_CENT = 10_000 * 365;
const ACCRUED_THROUGH = 'savings.accrued_through';

/** The account's balance at the end of `day`: interest of earlier days is value-dated inside it. */
function balanceAtEnd(tx: Executor, accountId: number, endMs: number): number {
  const row = tx.get<{ b: number }>(sql`select balance_after as b from postings
    where account_id = ${accountId} and created_at < ${endMs} order by id desc limit 1`);
  return Math.max(0, row?.b ?? 0);
}

/**
 * One account's interest for one Paris day, in the caller's transaction: the
 * day's row (its (account, day) key lets one run through), and the whole cents
 * as an `interest` operation value-dated at the end of the day, so the next
 * day earns on them whenever this runs. A refusal (a closed account) is
 * recorded on the row, not thrown: it is that account's trouble alone.
 */
function accrueAccountDayTx(tx: Executor, accountId: number, day: string, now: Date) {
  const end = parisDayEnd(day);
  const rate = rateAt(tx, new Date(end.getTime() - 1))?.rateBasisPoints ?? 0;
  const balance = balanceAtEnd(tx, accountId, end.getTime());
  const before = tx
    .select({ carry: savingsAccruals.carry })
    .from(savingsAccruals)
    .where(and(eq(savingsAccruals.accountId, accountId), sql`${savingsAccruals.day} < ${day}`))
    .orderBy(desc(savingsAccruals.day))
    .limit(1)
    .get();
  const accrued = balance * rate;
  const total = (before?.carry ?? 0) + accrued;
  const cents = Math.floor(total / UNITS_PER_CENT);
  const row = { accountId, day, balance, rateBasisPoints: rate, accrued, createdAt: now };
  const inserted = tx
    .insert(savingsAccruals)
    .values({ ...row, carry: total - cents * UNITS_PER_CENT, postedCents: cents })
    .onConflictDoNothing()
    .returning()
    .get();
  if (!inserted || cents === 0) return [];
  const posted = postOperation(
    tx,
    {
      kind: 'interest',
      label: `Intérêts du Livret Avenir (${day.split('-').reverse().join('/')})`,
      valueDate: end,
      postings: [
        { accountId: systemAccountTx(tx, SYSTEM.interest).id, amount: -cents },
        { accountId, amount: cents, counterparty: { name: 'AVENIR', iban: null } },
      ],
    },
    now,
  );
  const where = and(eq(savingsAccruals.accountId, accountId), eq(savingsAccruals.day, day));
  if (!posted.ok) {
    // Not paid: the cents stay owed in the carry, and the row says why.
    tx.update(savingsAccruals)
      .set({ carry: total, postedCents: 0, failure: posted.reason })
      .where(where)
      .run();
    return [];
  }
  tx.update(savingsAccruals).set({ operationId: posted.operationId }).where(where).run();
  return posted.published;
}

/** Runs one account's day in a savepoint: an unexpected error rolls back that account alone. */
function accrueIsolatedTx(tx: Executor, accountId: number, day: string, now: Date): Published[] {
  try {
    return tx.transaction((sp) => accrueAccountDayTx(sp, accountId, day, now));
  } catch (err) {
    if (isStorageUnavailable(err)) throw err; // the database's trouble, not this account's
    console.error(`[savings] account ${accountId}, ${day}:`, err);
    tx.insert(savingsAccruals)
      .values({
        accountId,
        day,
        balance: 0,
        rateBasisPoints: 0,
        accrued: 0,
        carry: 0,
        postedCents: 0,
        failure: 'error',
        createdAt: now,
      })
      .onConflictDoNothing()
      .run();
    return [];
  }
}

/** Accrues one Paris day on every savings account open at its end and not yet accrued for it. */
function accrueDayTx(tx: Executor, day: string, now: Date): Published[] {
  const endMs = parisDayEnd(day).getTime();
  const due = tx.all<{ id: number }>(sql`select a.id from bank_accounts a
    where a.type = 'savings' and a.created_at < ${endMs}
      and (a.closed_at is null or a.closed_at >= ${endMs})
      and not exists (select 1 from savings_accruals s where s.account_id = a.id and s.day = ${day})`);
  const published = due.flatMap((a) => accrueIsolatedTx(tx, a.id, day, now));
  tx.insert(settings)
    .values({ key: ACCRUED_THROUGH, value: day })
    .onConflictDoUpdate({
      target: settings.key,
      set: { value: sql`max(${settings.value}, excluded.value)` },
    })
    .run();
  return published;
}

/**
 * Before a savings account closes: its interest for every day up to `throughDay`
 * (the day before closing) not accrued yet, in the caller's transaction, so a
 * closed Livret never waits on a later run.
 */
export function accrueAccountThroughTx(
  tx: Executor,
  account: { id: number; createdAt: Date },
  throughDay: string,
  now: Date,
): Published[] {
  const last = tx
    .select({ day: savingsAccruals.day })
    .from(savingsAccruals)
    .where(eq(savingsAccruals.accountId, account.id))
    .orderBy(desc(savingsAccruals.day))
    .limit(1)
    .get();
  const published: Published[] = [];
  let day = last ? nextDay(last.day) : parisDayOf(account.createdAt);
  for (; day <= throughDay; day = nextDay(day))
    published.push(...accrueAccountDayTx(tx, account.id, day, now));
  return published;
}

/** The first day that may still need accruing: after the last one done, else the first rate's or Livret's. */
function firstDueDay(db: Executor): string | null {
  const done = db.select().from(settings).where(eq(settings.key, ACCRUED_THROUGH)).get();
  if (done) return nextDay(done.value);
  const rate = db.select().from(savingsRates).orderBy(asc(savingsRates.since)).limit(1).get();
  const livret = db
    .select({ createdAt: bankAccounts.createdAt })
    .from(bankAccounts)
    .where(eq(bankAccounts.type, 'savings'))
    .orderBy(asc(bankAccounts.createdAt))
    .limit(1)
    .get();
  const days = [rate?.since, livret?.createdAt].filter((d): d is Date => !!d).map(parisDayOf);
  return days.length ? days.sort()[0] : null;
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
    commit(p, 'immediate', (tx) => ({ published: accrueDayTx(tx, d, now) }));
    day = nextDay(day);
    days++;
  }
  return days;
}

/** How often the host checks whether a Paris day has ended (accrual runs once per day then). */
export const ACCRUAL_CHECK_MS = 60_000;

/** At start: catch up on every day missed; then, through the host's schedule, after each midnight. */
export async function startSavingsAccrual(p: Platform) {
  await accrueDueInterest(p);
  p.schedule('savings-accrual', ACCRUAL_CHECK_MS, () => accrueDueInterest(p));
}

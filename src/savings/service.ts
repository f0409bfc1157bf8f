import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Executor } from '../db/client';
import type { Platform } from '../platform';
import { bankAccounts, settings, users, type User } from '../db/schema';
import type { Published } from '../ledger';
import { appendEventTx } from '../realtime/events';
import { topics } from '../realtime/hub';
import { insertNotificationTx, type NotificationView } from '../notifications/notifications';
import { commit } from '../realtime/publish';
import { savingsRates } from './schema';
import { rateAt } from './rates';

export {
  accrueDueInterest,
  ACCRUAL_CHECK_MS,
  startSavingsAccrual,
  UNITS_PER_CENT,
} from './accrual';
export { rateAt };

export type RateView = { rateBasisPoints: number; since: string };

const toRateView = (r: typeof savingsRates.$inferSelect): RateView => ({
  rateBasisPoints: r.rateBasisPoints,
  since: r.since.toISOString(),
});

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
  const { view } = commit(p, 'immediate', (tx) => {
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
    return { view, published, pushes: notices };
  });
  return view;
}

/** Interest credited to each of a user's savings accounts for the Paris days of a year. */
export function interestEarned(db: Executor, userId: number, year: number) {
  return db.all<{ accountId: number; interestCents: number }>(sql`
    select a.id as accountId, coalesce(sum(s.posted_cents), 0) as interestCents
    from bank_accounts a
    left join savings_accruals s on s.account_id = a.id and s.operation_id is not null
      and s.day >= ${`${year}-01-01`} and s.day < ${`${year + 1}-01-01`}
    where a.user_id = ${userId} and a.type = 'savings'
    group by a.id order by a.id`);
}

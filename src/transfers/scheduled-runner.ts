/**
 * Runs the occurrences of scheduled transfers that fell due (06:00 Paris on
 * their date), each through the same path as POST /api/transfers, oldest first,
 * one transaction per occurrence, at start (catch-up), every minute through
 * Platform.schedule, and after the dev clock moved.
 */
import { and, asc, count, eq, lte } from 'drizzle-orm';
import type { Executor } from '../db/client';
import type { Platform } from '../platform';
import { users } from '../db/schema';
import { type Published } from '../ledger';
import { parisDayOf } from '../ledger/paris-time';
import { insertNotificationTx, type NotificationView } from '../notifications/notifications';
import { scheduledTransfers, scheduledTransferRuns, type RunResult } from './schema';
import { transferTx } from './service';
import { advanceScheduleTx } from './scheduled';
import { isDue } from './occurrences';
import { publish } from '../realtime/publish';

const REFUSED_TITLES: Record<Exclude<RunResult, 'executed'>, string> = {
  insufficient_funds: 'solde insuffisant',
  account_closed: 'compte clôturé',
};

/** Thrown inside a transaction to roll it back: that occurrence already ran (another runner). */
class AlreadyRan extends Error {}

type Outcome = {
  published: Published[];
  pushes: { recipientId: number; notification: NotificationView }[];
};

/**
 * Runs one occurrence of schedule `id` on `date`, if it is still the one due:
 * the transfer (or its refusal, recorded and notified, never retried) and the
 * run row whose unique (schedule, date) key lets only one runner through.
 */
function runOccurrenceTx(tx: Executor, id: number, date: string, now: Date): Outcome | null {
  const s = tx.select().from(scheduledTransfers).where(eq(scheduledTransfers.id, id)).get();
  if (!s || s.status !== 'active' || s.nextDate !== date) return null;
  const owner = tx.select().from(users).where(eq(users.id, s.userId)).get()!;
  const done = transferTx(tx, owner, { ...s, scheduledId: s.id }, now);
  const result: RunResult = done.ok
    ? 'executed'
    : done.reason === 'insufficient_funds'
      ? 'insufficient_funds'
      : 'account_closed';
  const run = tx
    .insert(scheduledTransferRuns)
    .values({ scheduledId: s.id, date, result, transferId: done.ok ? done.row.id : null, at: now })
    .onConflictDoNothing()
    .returning()
    .get();
  if (!run) throw new AlreadyRan();
  const runs = tx
    .select({ n: count() })
    .from(scheduledTransferRuns)
    .where(eq(scheduledTransferRuns.scheduledId, s.id))
    .get()!.n;
  advanceScheduleTx(tx, s, runs);
  if (done.ok) return { published: done.published, pushes: done.notice ? [done.notice] : [] };
  const kind = s.frequency === 'once' ? 'Virement programmé' : 'Virement permanent';
  const sent = insertNotificationTx(
    tx,
    null,
    {
      recipientId: owner.id,
      kind: 'transfer',
      title: `${kind} non exécuté : ${REFUSED_TITLES[result as keyof typeof REFUSED_TITLES]}`,
      body: `${s.label} — ${s.beneficiaryName}, prévu le ${date.split('-').reverse().join('/')}`,
      link: '/virements',
    },
    now,
  );
  return {
    published: [sent.published],
    pushes: [{ recipientId: owner.id, notification: sent.notification }],
  };
}

/** Runs every occurrence due now, oldest first; resolves with how many ran (or were refused). */
export async function runDueScheduledTransfers(p: Platform): Promise<number> {
  let ran = 0;
  const stuck = new Set<number>();
  for (;;) {
    const now = p.clock.now();
    const due = p.db
      .select({ id: scheduledTransfers.id, date: scheduledTransfers.nextDate })
      .from(scheduledTransfers)
      .where(
        and(
          eq(scheduledTransfers.status, 'active'),
          lte(scheduledTransfers.nextDate, parisDayOf(now)),
        ),
      )
      .orderBy(asc(scheduledTransfers.nextDate), asc(scheduledTransfers.id))
      .limit(100)
      .all()
      .filter((d) => d.date && isDue(d.date, now) && !stuck.has(d.id));
    if (!due.length) return ran;
    for (const { id, date } of due) {
      let outcome: Outcome | null = null;
      try {
        outcome = p.db.transaction((tx) => runOccurrenceTx(tx, id, date!, now), {
          behavior: 'immediate',
        });
      } catch (err) {
        if (!(err instanceof AlreadyRan)) throw err;
      }
      if (!outcome) {
        stuck.add(id); // another runner has it; the next pass sees where it left it
        continue;
      }
      ran++;
      const pushes = outcome.pushes.map((n) => ({
        userId: n.recipientId,
        notification: n.notification,
      }));
      publish(p, { published: outcome.published, pushes });
    }
  }
}

/** How often the host looks for occurrences due (each runs once, at or after 06:00 Paris). */
export const SCHEDULE_CHECK_MS = 60_000;

/** At start: every occurrence missed while down, with its own date; then every minute. */
export async function startScheduledTransfers(p: Platform) {
  await runDueScheduledTransfers(p);
  p.schedule('scheduled-transfers', SCHEDULE_CHECK_MS, () => runDueScheduledTransfers(p));
}

/** Scheduled (« Virement programmé ») and standing (« Virement permanent ») transfers: the rules. */
import { and, desc, eq, inArray, or } from 'drizzle-orm';
import type { Executor } from '../db/client';
import type { Platform } from '../platform';
import { bankAccounts, type User } from '../db/schema';
import { hashRequest, runIdempotent } from '../ledger';
import { parisDayOf } from '../ledger/paris-time';
import {
  scheduledTransfers,
  scheduledTransferRuns,
  type Frequency,
  type RunResult,
} from './schema';
import { resolveTransferTx, type TransferRefusal, type TransferView } from './service';
import { occurrenceDate, withinEnd } from './occurrences';

type Schedule = typeof scheduledTransfers.$inferSelect;

/** Who pays whom and how much, as a transfer shows it. */
type Payment = Pick<
  TransferView,
  'id' | 'fromAccountId' | 'toIban' | 'amountCents' | 'label' | 'beneficiaryName' | 'createdAt'
>;

export type ScheduledView = Payment & {
  frequency: Frequency;
  firstDate: string;
  endDate: string | null;
  count: number | null;
  nextDate: string | null;
  status: Schedule['status'];
  runs: { date: string; result: RunResult; transferId: number | null; at: string }[];
};

export type ScheduleInput = {
  fromAccountId: number;
  toIban: string;
  amountCents: number;
  label: string;
  beneficiaryName: string;
  firstDate: string;
  frequency: Frequency;
  endDate?: string | null;
  count?: number | null;
  /** The strong-authentication proof, checked by the route; never part of the idempotency body. */
  sca?: unknown;
};

export type ScheduleRefusal =
  TransferRefusal | 'first_date_not_future' | 'end_before_start' | 'schedule_inactive';

type Refused = { ok: false; reason: ScheduleRefusal };
const refuse = (reason: ScheduleRefusal): Refused => ({ ok: false, reason });

function runsOf(db: Executor, ids: number[]) {
  if (!ids.length) return new Map<number, ScheduledView['runs']>();
  const rows = db
    .select()
    .from(scheduledTransferRuns)
    .where(inArray(scheduledTransferRuns.scheduledId, ids))
    .orderBy(scheduledTransferRuns.date)
    .all();
  const byId = new Map<number, ScheduledView['runs']>();
  for (const r of rows) {
    const list = byId.get(r.scheduledId) ?? [];
    list.push({ date: r.date, result: r.result, transferId: r.transferId, at: r.at.toISOString() });
    byId.set(r.scheduledId, list);
  }
  return byId;
}

const toView = (s: Schedule, runs: ScheduledView['runs']): ScheduledView => ({
  id: s.id,
  fromAccountId: s.fromAccountId,
  toIban: s.toIban,
  amountCents: s.amountCents,
  label: s.label,
  beneficiaryName: s.beneficiaryName,
  frequency: s.frequency,
  firstDate: s.firstDate,
  endDate: s.endDate,
  count: s.count,
  nextDate: s.nextDate,
  status: s.status,
  createdAt: s.createdAt.toISOString(),
  runs,
});

export function viewSchedule(db: Executor, s: Schedule): ScheduledView {
  return toView(s, runsOf(db, [s.id]).get(s.id) ?? []);
}

/** The caller's schedules, newest first, each with its runs. */
export function listSchedules(db: Executor, userId: number): ScheduledView[] {
  const rows = db
    .select()
    .from(scheduledTransfers)
    .where(eq(scheduledTransfers.userId, userId))
    .orderBy(desc(scheduledTransfers.id))
    .all();
  const runs = runsOf(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => toView(r, runs.get(r.id) ?? []));
}

/** One of the caller's schedules, or null (someone else's is as unknown as a missing one). */
export function findSchedule(db: Executor, userId: number, id: number): Schedule | null {
  const s = db.select().from(scheduledTransfers).where(eq(scheduledTransfers.id, id)).get();
  return s && s.userId === userId ? s : null;
}

/** Today in Paris: the first date a schedule may name is tomorrow. */
const todayIn = (p: Platform) => parisDayOf(p.clock.now());

/** Stores a schedule whose payee passes a transfer's checks (dates are the caller's to check). */
export function insertScheduleTx(
  tx: Executor,
  user: User,
  input: Omit<ScheduleInput, 'sca'>,
  now: Date,
): { ok: true; row: Schedule } | Refused {
  const payee = resolveTransferTx(tx, user, input.fromAccountId, input.toIban);
  if (!payee.ok) return refuse(payee.reason);
  const row = tx
    .insert(scheduledTransfers)
    .values({
      userId: user.id,
      fromAccountId: input.fromAccountId,
      toIban: payee.toIban,
      amountCents: input.amountCents,
      label: input.label.trim() || (payee.internal ? 'Virement' : 'Virement SEPA'),
      beneficiaryName: input.beneficiaryName,
      frequency: input.frequency,
      firstDate: input.firstDate,
      endDate: input.endDate ?? null,
      count: input.frequency === 'once' ? 1 : (input.count ?? null),
      anchorDate: input.firstDate,
      nextDate: input.firstDate,
      status: 'active',
      createdAt: now,
    })
    .returning()
    .get();
  return { ok: true, row };
}

/**
 * Sets up a scheduled or standing transfer, once per (user, Idempotency-Key).
 * The payee is checked as a transfer would be (the route has already asked for
 * strong authentication when it is a new one).
 */
export async function createSchedule(
  p: Platform,
  user: User,
  key: string,
  rawBody: unknown,
  input: ScheduleInput,
): Promise<{ ok: true; scheduled: ScheduledView; replayed: boolean } | Refused> {
  const now = p.clock.now();
  if (input.firstDate <= todayIn(p)) return refuse('first_date_not_future');
  if (input.endDate && input.endDate < input.firstDate) return refuse('end_before_start');
  // The proof is not part of the request compared for idempotency (see « SCA »).
  const { sca: _proof, ...compared } = (rawBody ?? {}) as Record<string, unknown>;
  const requestHash = hashRequest('POST /api/transfers/scheduled', compared);
  const r = runIdempotent(p.db, { userId: user.id, key, requestHash, now }, (tx) => {
    const created = insertScheduleTx(tx, user, input, now);
    return created.ok ? { ok: true, value: { scheduled: toView(created.row, []) } } : created;
  });
  if (!r.ok) return r;
  return { ok: true, scheduled: r.value.scheduled, replayed: r.replayed };
}

export type SchedulePatch = {
  amountCents?: number;
  label?: string;
  nextDate?: string;
  endDate?: string | null;
};

/**
 * Changes what the next occurrences do. A new next date re-anchors the
 * schedule there (a monthly one then runs on that day of the month).
 */
export function updateSchedule(
  p: Platform,
  userId: number,
  id: number,
  patch: SchedulePatch,
): { ok: true; scheduled: ScheduledView } | Refused | null {
  return p.db.transaction(
    (tx) => {
      const s = findSchedule(tx, userId, id);
      if (!s) return null;
      if (s.status !== 'active') return refuse('schedule_inactive');
      if (patch.nextDate !== undefined && patch.nextDate <= todayIn(p))
        return refuse('first_date_not_future');
      const nextDate = patch.nextDate ?? s.nextDate!;
      const endDate = patch.endDate === undefined ? s.endDate : patch.endDate;
      if (endDate !== null && endDate < nextDate) return refuse('end_before_start');
      const row = tx
        .update(scheduledTransfers)
        .set({
          amountCents: patch.amountCents ?? s.amountCents,
          label: patch.label === undefined ? s.label : patch.label.trim() || s.label,
          endDate,
          nextDate,
          ...(patch.nextDate !== undefined ? { anchorDate: nextDate, anchorIndex: 0 } : {}),
        })
        .where(eq(scheduledTransfers.id, id))
        .returning()
        .get()!;
      return { ok: true, scheduled: viewSchedule(tx, row) } as const;
    },
    { behavior: 'immediate' },
  );
}

/** Cancels the occurrences to come (runs already done stay); cancelling twice is harmless. */
export function cancelSchedule(
  p: Platform,
  userId: number,
  id: number,
): { ok: true; scheduled: ScheduledView } | Refused | null {
  return p.db.transaction(
    (tx) => {
      const s = findSchedule(tx, userId, id);
      if (!s) return null;
      if (s.status === 'finished') return refuse('schedule_inactive');
      const row = tx
        .update(scheduledTransfers)
        .set({ status: 'cancelled', nextDate: null })
        .where(eq(scheduledTransfers.id, id))
        .returning()
        .get()!;
      return { ok: true, scheduled: viewSchedule(tx, row) } as const;
    },
    { behavior: 'immediate' },
  );
}

/**
 * The active schedules that use an account: those it pays from, and its
 * owner's own schedules paying into it (closing it would refuse their runs).
 * The accounts feature refuses to close it meanwhile (409 account_in_use).
 */
export function activeSchedulesUsingAccount(
  db: Executor,
  accountId: number,
): { id: number; label: string }[] {
  const account = db.select().from(bankAccounts).where(eq(bankAccounts.id, accountId)).get();
  if (!account) return [];
  const paysInto =
    account.userId === null || account.iban === null
      ? undefined
      : and(
          eq(scheduledTransfers.userId, account.userId),
          eq(scheduledTransfers.toIban, account.iban),
        );
  return db
    .select({ id: scheduledTransfers.id, label: scheduledTransfers.label })
    .from(scheduledTransfers)
    .where(
      and(
        eq(scheduledTransfers.status, 'active'),
        or(eq(scheduledTransfers.fromAccountId, accountId), paysInto),
      ),
    )
    .orderBy(scheduledTransfers.id)
    .all();
}

/** After an occurrence (run or refused): the next date within the end, or finished. */
export function advanceScheduleTx(tx: Executor, s: Schedule, runsDone: number) {
  const index = s.anchorIndex + 1;
  const next = occurrenceDate(s.anchorDate, s.frequency, index);
  tx.update(scheduledTransfers)
    .set(
      withinEnd(s, next, runsDone)
        ? { nextDate: next, anchorIndex: index }
        : { nextDate: null, status: 'finished' },
    )
    .where(eq(scheduledTransfers.id, s.id))
    .run();
}

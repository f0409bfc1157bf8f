/**
 * Alerts for the client's advisor and the director: a client overdrawn, a
 * transfer over 5,000 €, a client message unanswered for 2 hours. Each is a row
 * (unique per fact) written in the same transaction as what caused it, with one
 * `staff.alert` event per recipient in the events sequence: write, then publish.
 */
import { publish } from '../realtime/publish';
import { alias } from 'drizzle-orm/sqlite-core';
import { and, desc, eq, isNull, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../db/client';
import type { Platform } from '../platform';
import { users, type User } from '../db/schema';
import { appendEventTx } from '../realtime/events';
import { topics } from '../realtime/hub';
import { formatEuros } from '../transfers/money-format';
import { staffAlerts, type StaffAlertKind } from './schema';
import { toAlertView } from './alert-view';

/** « over 5,000 € »: a transfer of more than this, in or out, raises an alert. */
export const LARGE_TRANSFER_CENTS = 500_000;
/** A client message with no staff answer for this long raises an alert. */
export const UNANSWERED_MS = 2 * 3_600_000;
const SWEEP_MS = 60_000;

type Published = ReturnType<typeof appendEventTx>;
type AlertInput = {
  clientId: number;
  kind: StaffAlertKind;
  subject: string;
  detail: string;
  amountCents?: number | null;
};

/** Stores one alert (nothing if its fact already has one) and its events for the client's advisor and every director. */
function raiseAlertTx(tx: Executor, input: AlertInput, now: Date): Published[] {
  const row = tx
    .insert(staffAlerts)
    .values({ ...input, amountCents: input.amountCents ?? null, createdAt: now })
    .onConflictDoNothing()
    .returning()
    .get();
  if (!row) return [];
  const client = tx.select().from(users).where(eq(users.id, input.clientId)).get();
  if (!client) return [];
  const directors = tx.select({ id: users.id }).from(users).where(eq(users.role, 'director')).all();
  const recipients = new Set(directors.map((d) => d.id));
  if (client.advisorId) recipients.add(client.advisorId);
  const data = { alert: toAlertView(row, client, null) };
  return [...recipients].map((id) => appendEventTx(tx, topics.user(id), 'staff.alert', data, now));
}

/**
 * Called by the ledger for each customer cash account an operation moved, inside
 * its transaction (src/ledger/post.ts). Costs nothing unless an alert is due.
 */
export function raiseMoneyAlertsTx(
  tx: Executor,
  move: {
    account: { id: number; userId: number | null; label: string; balance: number };
    amount: number;
    kind: string;
    operationId: number;
    counterpartyName: string | null;
  },
  now: Date,
): Published[] {
  const { account, amount } = move;
  if (account.userId === null) return [];
  const out: Published[] = [];
  const before = account.balance - amount;
  if (before >= 0 && account.balance < 0)
    out.push(
      ...raiseAlertTx(
        tx,
        {
          clientId: account.userId,
          kind: 'overdrawn',
          subject: `${move.operationId}:${account.id}`,
          detail: `Compte à découvert : ${formatEuros(account.balance)} sur ${account.label}`,
          amountCents: account.balance,
        },
        now,
      ),
    );
  if (move.kind === 'transfer' && Math.abs(amount) > LARGE_TRANSFER_CENTS) {
    const way = amount < 0 ? 'émis vers' : 'reçu de';
    const who = move.counterpartyName ?? 'un tiers';
    out.push(
      ...raiseAlertTx(
        tx,
        {
          clientId: account.userId,
          kind: 'large_transfer',
          // One per client and operation: a move between two of their own accounts alerts once.
          subject: `${move.operationId}:u${account.userId}`,
          detail: `Virement de ${formatEuros(Math.abs(amount))} ${way} ${who}`,
          amountCents: amount,
        },
        now,
      ),
    );
  }
  return out;
}

/**
 * Every private conversation whose client wrote last, with the first message since
 * staff last answered, when that message is older than UNANSWERED_MS and has no
 * alert yet. Read from committed messages, so a restart (or another host) finds
 * exactly what is due.
 */
function dueUnansweredTx(tx: Executor, cutoff: Date) {
  return tx.all<{ clientId: number; messageId: number }>(sql`
    select c.client_id as clientId, m.id as messageId
    from conversations c
    join messages m on m.id = (
      select min(f.id) from messages f
      where f.conversation_id = c.id and f.sender_id = c.client_id and f.id > coalesce(
        (select max(s.id) from messages s where s.conversation_id = c.id and s.sender_id <> c.client_id), 0))
    where c.kind = 'private' and m.created_at <= ${cutoff.getTime()}
      and not exists (select 1 from staff_alerts a
        where a.kind = 'unanswered' and a.subject = cast(m.id as text))`);
}

/** An « unanswered » alert is over once staff wrote after its message (resolvedBy stays null). */
function closeAnsweredTx(tx: Executor, now: Date) {
  tx.run(sql`update staff_alerts set resolved_at = ${now.getTime()}
    where kind = 'unanswered' and resolved_at is null and exists (
      select 1 from conversations c join messages s on s.conversation_id = c.id
      where c.client_id = staff_alerts.client_id and s.sender_id <> c.client_id
        and s.id > cast(staff_alerts.subject as integer))`);
}

/** Raises the unanswered-message alerts now due and closes the answered ones; returns how many were raised. */
export async function raiseUnansweredAlerts(p: Platform): Promise<number> {
  const now = p.clock.now();
  const published = p.db.transaction((tx) => {
    closeAnsweredTx(tx, now);
    return dueUnansweredTx(tx, new Date(now.getTime() - UNANSWERED_MS)).flatMap((d) =>
      raiseAlertTx(
        tx,
        {
          clientId: d.clientId,
          kind: 'unanswered',
          subject: String(d.messageId),
          detail: 'Message sans réponse depuis plus de 2 h',
        },
        now,
      ),
    );
  });
  publish(p, { published });
  return published.length;
}

/** At start: what fell due while the server was down; then every minute. */
export async function startUnansweredAlerts(p: Platform) {
  await raiseUnansweredAlerts(p);
  p.schedule('staff-unanswered-alerts', SWEEP_MS, () => raiseUnansweredAlerts(p));
}

/** Marks an alert handled (any staff member who may see its client); false if unknown or not theirs. */
export async function resolveAlert(p: Platform, staff: User, alertId: number): Promise<boolean> {
  const now = p.clock.now();
  const row = p.db.select().from(staffAlerts).where(eq(staffAlerts.id, alertId)).get();
  if (!row) return false;
  const client = p.db.select().from(users).where(eq(users.id, row.clientId)).get();
  if (!client || (staff.role !== 'director' && client.advisorId !== staff.id)) return false;
  p.db
    .update(staffAlerts)
    .set({ resolvedAt: now, resolvedBy: staff.id })
    .where(and(eq(staffAlerts.id, alertId), isNull(staffAlerts.resolvedAt)))
    .run();
  return true;
}

const resolver = alias(users, 'resolver');

/** The alerts about the caller's clients (the director: every client), newest first. */
export function listAlerts(p: Platform, staff: User, opts: { open: boolean; limit: number }) {
  const where: SQL[] = [];
  if (staff.role !== 'director') where.push(eq(users.advisorId, staff.id));
  if (opts.open) where.push(isNull(staffAlerts.resolvedAt));
  return p.db
    .select({ a: staffAlerts, client: users, resolver })
    .from(staffAlerts)
    .innerJoin(users, eq(users.id, staffAlerts.clientId))
    .leftJoin(resolver, eq(resolver.id, staffAlerts.resolvedBy))
    .where(and(...where))
    .orderBy(desc(staffAlerts.id))
    .limit(opts.limit)
    .all()
    .map((r) => toAlertView(r.a, r.client, r.resolver));
}

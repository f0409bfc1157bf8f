import { and, count, desc, eq, isNull, lt, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { Platform } from '../platform';
import type { Executor } from '../db/client';
import { notifications, users, type User } from '../db/schema';
import { appendEventTx } from '../realtime/events';
import { topics } from '../realtime/hub';
import { toUserSummary, type UserSummary } from '../users/shape';
import { commit, publish } from '../realtime/publish';
import { hitLimit, type LimitName } from '../http/limits';
import {
  insertNotificationTx,
  toNotificationView,
  type NotificationKind,
  type NotificationView,
} from './notifications';

export type NotificationInput = {
  recipientId: number;
  kind: NotificationKind;
  title: string;
  body: string;
  link?: string | null;
};

/** What a sender sees of a notification they sent: the recipient instead of themselves. */
export type SentNotificationView = Omit<NotificationView, 'sender'> & { recipient: UserSummary };

type Page = { before?: number; limit: number };

const sender = alias(users, 'sender');
const recipient = alias(users, 'recipient');

/**
 * One page of the notifications that match `where`, newest first, each with the
 * user on its other side (`party`: the sender or the recipient); one row past the
 * limit tells whether more follow.
 */
async function pageNotifications(
  p: Platform,
  where: SQL,
  party: 'sender' | 'recipient',
  page: Page,
) {
  const [other, joinedBy] =
    party === 'sender' ? [sender, notifications.senderId] : [recipient, notifications.recipientId];
  const rows = await p.db
    .select({ n: notifications, other })
    .from(notifications)
    .leftJoin(other, eq(joinedBy, other.id))
    .where(page.before ? and(where, lt(notifications.id, page.before)) : where)
    .orderBy(desc(notifications.id))
    .limit(page.limit + 1)
    .all();
  return { rows: rows.slice(0, page.limit), hasMore: rows.length > page.limit };
}

/**
 * Counts one notification to `recipientId` in the per-recipient limits (every
 * notification the bank or staff put in front of a client, transfer notices too).
 */
export function hitRecipientLimits(p: Platform, recipientId: number, kind: NotificationKind) {
  const limits: LimitName[] = ['notificationsReceived'];
  if (kind === 'alert') limits.unshift('alertsReceived');
  for (const name of limits) {
    const got = hitLimit(p, name, recipientId);
    if (!got.ok) return got;
  }
  return { ok: true } as const;
}

export type SendNotificationResult =
  | { ok: true; notification: NotificationView }
  | { ok: false; reason: 'not_found' | 'forbidden' }
  | { ok: false; reason: 'rate_limited' | 'recipient_limited'; retryAfterMs: number };

/**
 * Sends a notification to one client: stored with its event, published to the
 * recipient's streams, then pushed in the background. Only clients can receive
 * one (anyone else: not_found); an advisor may notify only their own clients.
 * Limited per sender and per recipient (LIMITS.notificationsSent, …Received, alertsReceived).
 */
export async function sendNotification(
  p: Platform,
  from: User,
  input: NotificationInput,
): Promise<SendNotificationResult> {
  const sent = hitLimit(p, 'notificationsSent', from.id);
  if (!sent.ok) return { ok: false, reason: 'rate_limited', retryAfterMs: sent.retryAfterMs };
  const now = p.clock.now();
  // Checked inside the transaction so a concurrent reassignment cannot slip between check and write.
  const result = p.db.transaction((tx) => {
    const to = tx.select().from(users).where(eq(users.id, input.recipientId)).get();
    if (!to || to.role !== 'client') return { ok: false as const, reason: 'not_found' as const };
    if (from.role === 'advisor' && to.advisorId !== from.id)
      return { ok: false as const, reason: 'forbidden' as const };
    // Counted once the sender may reach this client: a refused sender uses up nobody's quota.
    const got = hitRecipientLimits(p, to.id, input.kind);
    if (!got.ok)
      return {
        ok: false as const,
        reason: 'recipient_limited' as const,
        retryAfterMs: got.retryAfterMs,
      };
    return { ok: true as const, ...insertNotificationTx(tx, from, input, now) };
  });
  if (!result.ok) return result;
  publish(p, {
    published: result.published,
    pushes: [{ userId: input.recipientId, notification: result.notification }],
  });
  return { ok: true, notification: result.notification };
}

/** The caller's own notifications, newest first, with how many are still unread. */
export async function listNotifications(p: Platform, user: User, page: Page) {
  const mine = eq(notifications.recipientId, user.id);
  const { rows, hasMore } = await pageNotifications(p, mine, 'sender', page);
  const unread = await p.db
    .select({ n: count() })
    .from(notifications)
    .where(and(mine, isNull(notifications.readAt)))
    .get();
  return {
    items: rows.map((r) => toNotificationView(r.n, r.other)),
    unreadCount: unread?.n ?? 0,
    hasMore,
  };
}

/** What a staff member sent, newest first, with each recipient's summary. */
export async function listSentNotifications(p: Platform, staff: User, page: Page) {
  const mine = eq(notifications.senderId, staff.id);
  const { rows, hasMore } = await pageNotifications(p, mine, 'recipient', page);
  const items: SentNotificationView[] = rows.map((r) => {
    const { sender: _self, ...view } = toNotificationView(r.n, staff);
    return { ...view, recipient: toUserSummary(r.other!) };
  });
  return { items, hasMore };
}

/**
 * Tells each sender that some of their notifications were just read (addition to
 * API.md: `notification.sent.read`, so « Notifications envoyées » follows live).
 */
function tellSendersTx(
  tx: Executor,
  changed: { id: number; senderId: number | null }[],
  readAt: Date,
  now: Date,
) {
  const bySender = new Map<number, number[]>();
  for (const n of changed)
    if (n.senderId !== null) bySender.set(n.senderId, [...(bySender.get(n.senderId) ?? []), n.id]);
  return [...bySender].map(([senderId, ids]) =>
    appendEventTx(
      tx,
      topics.user(senderId),
      'notification.sent.read',
      { ids, readAt: readAt.toISOString() },
      now,
    ),
  );
}

/**
 * Marks one of the caller's notifications read. A change is told to the caller's
 * other streams and to its sender; reading an already-read one is fine and tells nobody.
 */
export async function markNotificationRead(p: Platform, user: User, id: number): Promise<boolean> {
  const now = p.clock.now();
  const mine = and(eq(notifications.id, id), eq(notifications.recipientId, user.id));
  const result = commit(p, 'deferred', (tx) => {
    const changed = tx
      .update(notifications)
      .set({ readAt: now })
      .where(and(mine, isNull(notifications.readAt)))
      .returning({ id: notifications.id, senderId: notifications.senderId })
      .all();
    if (changed.length === 0) {
      const exists = tx.select({ id: notifications.id }).from(notifications).where(mine).get();
      return { found: !!exists, published: [] };
    }
    return {
      found: true,
      published: [
        appendEventTx(tx, topics.user(user.id), 'notification.read', { ids: [id] }, now),
        ...tellSendersTx(tx, changed, now, now),
      ],
    };
  });
  return result.found;
}

/** Marks every unread notification of the caller read, and tells their streams and the senders when any changed. */
export async function markAllNotificationsRead(p: Platform, user: User) {
  const now = p.clock.now();
  commit(p, 'deferred', (tx) => {
    const changed = tx
      .update(notifications)
      .set({ readAt: now })
      .where(and(eq(notifications.recipientId, user.id), isNull(notifications.readAt)))
      .returning({ id: notifications.id, senderId: notifications.senderId })
      .all();
    const published = changed.length
      ? [
          appendEventTx(tx, topics.user(user.id), 'notification.read', { all: true }, now),
          ...tellSendersTx(tx, changed, now, now),
        ]
      : [];
    return { published };
  });
}

import { sql } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { preparedPer } from '../db/prepared';
import { notifications, NOTIFICATION_KINDS, type User } from '../db/schema';
import { appendEventTx } from '../realtime/events';
import { topics } from '../realtime/hub';
import { toUserSummary, type UserSummary } from '../users/shape';

export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export type NotificationView = {
  id: number;
  kind: NotificationKind;
  title: string;
  body: string;
  link: string | null;
  /** Null when the bank itself sent it. */
  sender: UserSummary | null;
  createdAt: string;
  readAt: string | null;
};

export function toNotificationView(
  n: typeof notifications.$inferSelect,
  sender: Pick<User, 'id' | 'firstName' | 'lastName' | 'role'> | null,
): NotificationView {
  return {
    id: n.id,
    kind: n.kind,
    title: n.title,
    body: n.body,
    link: n.link,
    sender: sender ? toUserSummary(sender) : null,
    createdAt: n.createdAt.toISOString(),
    readAt: n.readAt ? n.readAt.toISOString() : null,
  };
}

const insertNotification = preparedPer((db) =>
  db
    .insert(notifications)
    .values({
      recipientId: sql.placeholder('recipientId'),
      senderId: sql.placeholder('senderId'),
      kind: sql.placeholder('kind'),
      title: sql.placeholder('title'),
      body: sql.placeholder('body'),
      link: sql.placeholder('link'),
      createdAt: sql.placeholder('createdAt'),
    })
    .returning()
    .prepare(),
);

/**
 * Stores a notification and its event (seen by its recipient only) in the
 * caller's transaction; `sender` null is the bank itself.
 */
export function insertNotificationTx(
  tx: Executor,
  sender: User | null,
  input: {
    recipientId: number;
    kind: NotificationKind;
    title: string;
    body: string;
    link?: string | null;
  },
  now: Date,
) {
  const row = insertNotification(tx).get({
    ...input,
    link: input.link ?? null,
    senderId: sender?.id ?? null,
    createdAt: now,
  })!;
  const view = toNotificationView(row, sender);
  return {
    notification: view,
    published: appendEventTx(tx, topics.user(input.recipientId), 'notification', view, now),
  };
}

import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { users } from '../users/schema';
import { createdAt } from '../db/columns';

/** Staff send the first five; the bank itself sends the last three (sender null). */
export const NOTIFICATION_KINDS = [
  'info',
  'appointment',
  'document',
  'alert',
  'offer',
  'transfer',
  'savings',
  'trade',
  'security',
] as const;
export const STAFF_NOTIFICATION_KINDS = [
  'info',
  'appointment',
  'document',
  'alert',
  'offer',
] as const;

export const notifications = sqliteTable(
  'notifications',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    recipientId: integer('recipient_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** Null when the bank itself sends it (a transfer received, a rate change, a trade). */
    senderId: integer('sender_id').references(() => users.id),
    kind: text('kind', { enum: NOTIFICATION_KINDS }).notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    link: text('link'),
    readAt: integer('read_at', { mode: 'timestamp_ms' }),
    createdAt: createdAt(),
  },
  (t) => [index('notifications_recipient_idx').on(t.recipientId, t.id)],
);

export const NOTIFICATION_CATEGORIES = [
  'chat',
  'news',
  'transfer',
  'savings',
  'trade',
  'document',
  'security',
] as const;
export type NotificationCategory = (typeof NOTIFICATION_CATEGORIES)[number];

/** A user's choice for one category; no row means the defaults (src/notifications/preferences.ts). */
export const notificationPreferences = sqliteTable(
  'notification_preferences',
  {
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    category: text('category', { enum: NOTIFICATION_CATEGORIES }).notNull(),
    push: integer('push', { mode: 'boolean' }).notNull(),
    email: integer('email', { mode: 'boolean' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.category] })],
);

/**
 * The last chat e-mail per (user, conversation): at most one an hour, and
 * only for messages after `lastMessageId` (each unread message mails once).
 */
export const chatMailReminders = sqliteTable(
  'chat_mail_reminders',
  {
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    conversationId: integer('conversation_id').notNull(),
    lastMessageId: integer('last_message_id').notNull(),
    sentAt: integer('sent_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.conversationId] })],
);

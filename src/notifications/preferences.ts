/**
 * Which channels a user wants per category (API.md « Notification preferences »).
 * In-app is always on; only the user's departures from the defaults are stored.
 */
import { and, eq } from 'drizzle-orm';
import type { Executor } from '../db/client';
import {
  NOTIFICATION_CATEGORIES,
  notificationPreferences,
  type NotificationCategory,
} from './schema';
import type { NotificationKind } from './notifications';

export type Channels = { push: boolean; email: boolean };
export type Preferences = Record<NotificationCategory, Channels>;

/** Push on for everything but news; e-mail for security only. */
export const DEFAULT_CHANNELS: Preferences = {
  chat: { push: true, email: false },
  news: { push: false, email: false },
  transfer: { push: true, email: false },
  savings: { push: true, email: false },
  trade: { push: true, email: false },
  document: { push: true, email: false },
  security: { push: true, email: true },
};

/**
 * The category a notification kind falls in. What staff send (info, appointment,
 * offer) comes from the advisor, like their chat messages; a staff alert is about
 * the account's safety, so it is security (always delivered).
 */
export function categoryOf(kind: NotificationKind | 'security'): NotificationCategory {
  switch (kind) {
    case 'transfer':
    case 'savings':
    case 'trade':
    case 'document':
    case 'security':
      return kind;
    case 'alert':
      return 'security';
    default:
      return 'chat';
  }
}

export function getPreferences(db: Executor, userId: number): Preferences {
  const prefs = structuredClone(DEFAULT_CHANNELS);
  for (const r of db
    .select()
    .from(notificationPreferences)
    .where(eq(notificationPreferences.userId, userId))
    .all())
    prefs[r.category] = { push: r.push, email: r.email };
  return prefs;
}

/** One category's channels (security is always fully on, whatever is stored). */
export function channelsFor(
  db: Executor,
  userId: number,
  category: NotificationCategory,
): Channels {
  if (category === 'security') return DEFAULT_CHANNELS.security;
  const r = db
    .select()
    .from(notificationPreferences)
    .where(
      and(
        eq(notificationPreferences.userId, userId),
        eq(notificationPreferences.category, category),
      ),
    )
    .get();
  return r ? { push: r.push, email: r.email } : DEFAULT_CHANNELS[category];
}

/** Stores every category (the caller validated that security stays on). */
export function savePreferences(db: Executor, userId: number, prefs: Preferences) {
  db.transaction((tx) => {
    for (const category of NOTIFICATION_CATEGORIES) {
      const { push, email } = prefs[category];
      tx.insert(notificationPreferences)
        .values({ userId, category, push, email })
        .onConflictDoUpdate({
          target: [notificationPreferences.userId, notificationPreferences.category],
          set: { push, email },
        })
        .run();
    }
  });
}

/** Who turned a category's channels on (the rows that depart from an off default). */
export function optedIn(db: Executor, category: NotificationCategory) {
  const rows = db
    .select()
    .from(notificationPreferences)
    .where(eq(notificationPreferences.category, category))
    .all();
  return {
    push: rows.filter((r) => r.push).map((r) => r.userId),
    email: rows.filter((r) => r.email).map((r) => r.userId),
  };
}

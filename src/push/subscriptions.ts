import { and, desc, eq, notInArray, sql } from 'drizzle-orm';
import { preparedPer } from '../db/prepared';
import type { Platform } from '../platform';
import { pushSubscriptions, type User } from '../db/schema';

/** A user keeps at most this many browsers subscribed; the oldest go first. */
export const MAX_SUBSCRIPTIONS_PER_USER = 10;

export type SubscriptionInput = { endpoint: string; keys: { p256dh: string; auth: string } };

/**
 * Stores (or takes over) a browser's subscription for the caller. An endpoint is
 * one browser profile, so when another account subscribes it, it moves to them.
 */
export async function saveSubscription(p: Platform, user: User, input: SubscriptionInput) {
  const now = p.clock.now();
  return p.db.transaction((tx) => {
    const row = tx
      .insert(pushSubscriptions)
      .values({
        userId: user.id,
        endpoint: input.endpoint,
        p256dh: input.keys.p256dh,
        auth: input.keys.auth,
        createdAt: now,
      })
      .onConflictDoUpdate({
        target: pushSubscriptions.endpoint,
        set: { userId: user.id, p256dh: input.keys.p256dh, auth: input.keys.auth, createdAt: now },
      })
      .returning()
      .get();
    const keep = tx
      .select({ id: pushSubscriptions.id })
      .from(pushSubscriptions)
      .where(eq(pushSubscriptions.userId, user.id))
      .orderBy(desc(pushSubscriptions.createdAt), desc(pushSubscriptions.id))
      .limit(MAX_SUBSCRIPTIONS_PER_USER)
      .all()
      .map((r) => r.id);
    tx.delete(pushSubscriptions)
      .where(and(eq(pushSubscriptions.userId, user.id), notInArray(pushSubscriptions.id, keep)))
      .run();
    return { id: row.id, endpoint: row.endpoint, createdAt: row.createdAt.toISOString() };
  });
}

/** Removes the caller's subscription for an endpoint; someone else's is left alone. */
export async function deleteSubscription(p: Platform, user: User, endpoint: string) {
  await p.db
    .delete(pushSubscriptions)
    .where(and(eq(pushSubscriptions.endpoint, endpoint), eq(pushSubscriptions.userId, user.id)));
}

// Every notification (each internal transfer, each trade) looks them up: prepared once (6 % of the
// transfers bench's server time when built per call).
const subscriptionsOf = preparedPer((db) =>
  db
    .select()
    .from(pushSubscriptions)
    .where(eq(pushSubscriptions.userId, sql.placeholder('userId')))
    .prepare(),
);

export function listSubscriptionsOf(p: Platform, userId: number) {
  return subscriptionsOf(p.db).all({ userId });
}

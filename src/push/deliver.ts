import { and, eq } from 'drizzle-orm';
import type { Platform } from '../platform';
import { pushSubscriptions } from '../db/schema';
import type { NotificationView } from '../notifications/notifications';
import { listSubscriptionsOf } from './subscriptions';
import { categoryOf, channelsFor } from '../notifications/preferences';
import { emailNotification } from '../notifications/email';
import { optedIn } from '../notifications/preferences';
import { ensureVapidKeys } from './vapid';
import { buildPushPayload, pushTopic } from './payload';

/** A push that waits longer than a day is no longer news. */
export const PUSH_TTL_SECONDS = 24 * 60 * 60;

/**
 * Delivers a notification beyond the app, as its recipient chose for its
 * category: by e-mail (queued in the outbox) and by Web Push.
 */
export async function pushNotification(p: Platform, recipientId: number, n: NotificationView) {
  const channels = channelsFor(p.db, recipientId, categoryOf(n.kind));
  if (channels.email) emailNotification(p, recipientId, n);
  if (channels.push) await pushToDevices(p, recipientId, n);
}

/**
 * A news item goes beyond the app only to those who asked for it (category
 * `news`, off by default): pushed as a notification without an id of its own
 * (0: a click opens the news, there is nothing to mark read) and mailed.
 */
export async function deliverNews(p: Platform, news: { title: string; body: string }) {
  const n: NotificationView = {
    id: 0,
    kind: 'news' as NotificationView['kind'],
    title: `Actualité : ${news.title}`,
    body: news.body,
    link: '/actualites',
    sender: null,
    createdAt: p.clock.now().toISOString(),
    readAt: null,
  };
  const { push, email } = optedIn(p.db, 'news');
  for (const userId of email) emailNotification(p, userId, n);
  await Promise.all(push.map((userId) => pushToDevices(p, userId, n)));
}

/**
 * Pushes a notification to every browser its recipient subscribed, all at once.
 * Run it deferred: it never delays the API answer. A 404/410 means the browser
 * dropped the subscription, so it is deleted; any other failure is logged and
 * not retried (the notification stays in the app's notification centre).
 */
async function pushToDevices(p: Platform, recipientId: number, n: NotificationView) {
  const sender = p.push;
  if (!sender) return;
  const subs = await listSubscriptionsOf(p, recipientId);
  if (subs.length === 0) return;
  const vapid = await ensureVapidKeys(p);
  const payload = buildPushPayload(n, p.config.appUrl.origin);
  const topic = await pushTopic(n);
  const urgency = n.kind === 'alert' ? 'high' : 'normal';
  await Promise.all(
    subs.map(async (s) => {
      // Endpoints are capability URLs: log only their origin.
      const where = new URL(s.endpoint).origin;
      try {
        const { status } = await sender.send({
          target: { endpoint: s.endpoint, keys: { p256dh: s.p256dh, auth: s.auth } },
          payload,
          ttlSeconds: PUSH_TTL_SECONDS,
          urgency,
          topic,
          vapid,
        });
        if (status === 404 || status === 410) {
          await p.db
            .delete(pushSubscriptions)
            .where(and(eq(pushSubscriptions.id, s.id), eq(pushSubscriptions.p256dh, s.p256dh))); // not a re-subscription since
        } else if (status < 200 || status > 299) {
          console.warn(
            `[push] ${where} a répondu ${status} ; notification ${n.id} non envoyée à cet appareil.`,
          );
        }
      } catch (err) {
        console.warn(`[push] ${where} injoignable : ${(err as Error).message}`);
      }
    }),
  );
}

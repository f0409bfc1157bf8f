import type { Agent } from 'node:https';
import webpush from 'web-push';
import type { PushSender } from './sender';

/** The Node push sender, on the `web-push` library. `agent` lets tests trust their own push service. */
export function createWebPushSender(opts: { agent?: Agent; timeoutMs?: number } = {}): PushSender {
  return {
    async send({ target, payload, ttlSeconds, urgency, topic, vapid }) {
      try {
        const res = await webpush.sendNotification(target, payload, {
          TTL: ttlSeconds,
          urgency,
          topic,
          vapidDetails: vapid,
          timeout: opts.timeoutMs ?? 10_000,
          ...(opts.agent ? { agent: opts.agent } : {}),
        });
        return { status: res.statusCode };
      } catch (err) {
        // web-push rejects every non-2xx answer; those are answers, not transport failures.
        if (err instanceof webpush.WebPushError) return { status: err.statusCode };
        throw err;
      }
    },
  };
}

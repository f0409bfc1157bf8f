import type { Agent } from 'node:https';
import type { PushSender } from './sender';

// Loaded at the first push, not at start: web-push and its crypto dependencies weigh on the
// server's RSS right after start (bench/README.md), and many runs never push.
let library: Promise<typeof import('web-push')> | undefined;
const loadWebPush = () => (library ??= import('web-push').then((m) => m.default ?? m));

/** The Node push sender, on the `web-push` library. `agent` lets tests trust their own push service. */
export function createWebPushSender(opts: { agent?: Agent; timeoutMs?: number } = {}): PushSender {
  return {
    async send({ target, payload, ttlSeconds, urgency, topic, vapid }) {
      const webpush = await loadWebPush();
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

import webpush from 'web-push';
import type { PushSender } from '../../push/sender';

/**
 * Web Push on workerd: web-push encrypts and signs (generateRequestDetails),
 * fetch posts. An unanswering endpoint is cut after `timeoutMs`.
 */
export function createFetchPushSender(timeoutMs = 10_000): PushSender {
  return {
    async send({ target, payload, ttlSeconds, urgency, topic, vapid }) {
      const details = webpush.generateRequestDetails(target, payload, {
        TTL: ttlSeconds,
        urgency,
        topic,
        vapidDetails: vapid,
      });
      const res = await fetch(details.endpoint, {
        method: details.method,
        headers: details.headers as Record<string, string>,
        body: details.body as BodyInit | null,
        signal: AbortSignal.timeout(timeoutMs),
      });
      await res.body?.cancel();
      return { status: res.status };
    },
  };
}

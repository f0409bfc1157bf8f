import { encodeBase64urlNoPadding } from '@oslojs/encoding';
import type { NotificationView } from '../notifications/notifications';
import { inAppUrl } from '../notifications/link';

/** RFC 8291 with one 4096-byte record leaves 3993 bytes of plaintext; keep a margin. */
export const MAX_PAYLOAD_BYTES = 3900;

const bytes = (s: string) => new TextEncoder().encode(s).length;

/**
 * The JSON the service worker receives: {notificationId,title,body,kind,url}, the
 * body shortened (on a character boundary, with an ellipsis) until it fits.
 */
export function buildPushPayload(n: NotificationView, appOrigin: string): string {
  const url = inAppUrl(n.link, appOrigin);
  const make = (body: string, u = url) =>
    JSON.stringify({ notificationId: n.id, title: n.title, body, kind: n.kind, url: u });
  const full = make(n.body);
  if (bytes(full) <= MAX_PAYLOAD_BYTES) return full;
  const chars = Array.from(n.body);
  let lo = 0;
  let hi = chars.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (bytes(make(chars.slice(0, mid).join('') + '…')) <= MAX_PAYLOAD_BYTES) lo = mid;
    else hi = mid - 1;
  }
  const shortened = make(chars.slice(0, lo).join('') + '…');
  return bytes(shortened) <= MAX_PAYLOAD_BYTES ? shortened : make('…', '/notifications');
}

/** Same kind, title and body → same topic, so an undelivered repeat is replaced, not stacked. */
export async function pushTopic(
  n: Pick<NotificationView, 'kind' | 'title' | 'body'>,
): Promise<string> {
  const digest = await crypto.subtle.digest(
    'SHA-256',
    new TextEncoder().encode(JSON.stringify([n.kind, n.title, n.body])),
  );
  return encodeBase64urlNoPadding(new Uint8Array(digest)).slice(0, 32);
}

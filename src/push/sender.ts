import type { VapidKeys } from './vapid';

export type PushTarget = { endpoint: string; keys: { p256dh: string; auth: string } };

export type PushMessage = {
  target: PushTarget;
  /** The plaintext, encrypted per RFC 8291 (aes128gcm) by the sender. */
  payload: string;
  ttlSeconds: number;
  urgency: 'very-low' | 'low' | 'normal' | 'high';
  /** Up to 32 base64url characters: a newer message with the same topic replaces an undelivered one. */
  topic: string;
  vapid: VapidKeys;
};

/**
 * Posts one Web Push message. Resolves with the push service's HTTP status
 * (2xx accepted, 404/410 gone, anything else a failure); rejects only when the
 * service could not be reached. Each host provides one (web-push on Node).
 */
export interface PushSender {
  send(message: PushMessage): Promise<{ status: number }>;
}

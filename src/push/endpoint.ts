import { decodeBase64urlIgnorePadding } from '@oslojs/encoding';

/** Hosts of the browsers' push services: exact names, or any subdomain of a `.suffix`. */
const PUSH_HOSTS = ['fcm.googleapis.com', 'android.googleapis.com'];
const PUSH_SUFFIXES = ['.push.services.mozilla.com', '.push.apple.com', '.notify.windows.com'];

export const MAX_ENDPOINT_LENGTH = 2048;

/**
 * The server posts to subscription endpoints, so it accepts only https URLs on a
 * well-known push service (default port, no credentials) or on an origin the
 * operator listed in PUSH_ALLOWED_ORIGINS — never an address a user chose.
 */
export function isAllowedPushEndpoint(
  endpoint: string,
  allowedOrigins: readonly string[],
): boolean {
  if (endpoint.length > MAX_ENDPOINT_LENGTH || !URL.canParse(endpoint)) return false;
  const url = new URL(endpoint);
  if (url.protocol !== 'https:' || url.username || url.password || url.hash) return false;
  if (allowedOrigins.includes(url.origin)) return true;
  if (url.port !== '') return false;
  const host = url.hostname;
  return (
    PUSH_HOSTS.includes(host) ||
    PUSH_SUFFIXES.some((s) => host.endsWith(s) && host.length > s.length)
  );
}

/** Decodes base64url (padding tolerated); null when it is not. */
export function decodeBase64url(value: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]+={0,2}$/.test(value)) return null;
  try {
    return decodeBase64urlIgnorePadding(value.replace(/=+$/, ''));
  } catch {
    return null;
  }
}

/** The browser's key for payload encryption: an uncompressed P-256 point (65 bytes) on the curve. */
export async function isValidP256dh(value: string): Promise<boolean> {
  const bytes = decodeBase64url(value);
  if (!bytes || bytes.length !== 65 || bytes[0] !== 0x04) return false;
  try {
    await crypto.subtle.importKey(
      'raw',
      new Uint8Array(bytes),
      { name: 'ECDH', namedCurve: 'P-256' },
      false,
      [],
    );
    return true;
  } catch {
    return false;
  }
}

/** The subscription's authentication secret: 16 bytes. */
export function isValidAuthSecret(value: string): boolean {
  return decodeBase64url(value)?.length === 16;
}

import { eq } from 'drizzle-orm';
import { encodeBase64urlNoPadding } from '@oslojs/encoding';
import type { Platform } from '../platform';
import { settings } from '../db/schema';

export type VapidKeys = { publicKey: string; privateKey: string; subject: string };

const SETTING = 'vapid';

/** Contact the push services may use: VAPID_SUBJECT, else the sender address of MAIL_FROM. */
function vapidSubject(p: Platform): string {
  if (p.config.vapid.subject) return p.config.vapid.subject;
  const address = /<([^<>\s]+@[^<>\s]+)>/.exec(p.config.mailFrom)?.[1] ?? p.config.mailFrom.trim();
  return /^[^\s@]+@[^\s@]+$/.test(address) ? `mailto:${address}` : 'mailto:no-reply@avenir.test';
}

/** A fresh P-256 pair as web-push wants it: raw public point and private scalar, base64url. */
export async function generateVapidKeys(): Promise<{ publicKey: string; privateKey: string }> {
  const pair = (await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, [
    'sign',
    'verify',
  ])) as CryptoKeyPair;
  const raw = new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey));
  const jwk = await crypto.subtle.exportKey('jwk', pair.privateKey);
  return { publicKey: encodeBase64urlNoPadding(raw), privateKey: jwk.d! };
}

/**
 * The VAPID keys: from the environment when given, otherwise the pair stored in
 * `settings`, generated the first time (the host calls this at start; concurrent
 * first calls agree because only the first insert wins).
 */
export async function ensureVapidKeys(p: Platform): Promise<VapidKeys> {
  const subject = vapidSubject(p);
  const { publicKey, privateKey } = p.config.vapid;
  if (publicKey && privateKey) return { publicKey, privateKey, subject };
  const read = () => p.db.select().from(settings).where(eq(settings.key, SETTING)).get();
  let row = await read();
  if (!row) {
    const fresh = await generateVapidKeys();
    await p.db
      .insert(settings)
      .values({ key: SETTING, value: JSON.stringify(fresh) })
      .onConflictDoNothing();
    row = await read();
  }
  const stored = JSON.parse(row!.value) as { publicKey: string; privateKey: string };
  return { publicKey: stored.publicKey, privateKey: stored.privateKey, subject };
}

/**
 * « Appareils connectés »: each session with the device it was opened from
 * (read from the user agent), an approximate place (masked address), how it
 * was opened and its last activity; a sign-in from a device not seen for 90
 * days tells the user (notification `security` and an e-mail).
 */
import { eq } from 'drizzle-orm';
import type { Context } from 'hono';
import type { AppEnv } from '../http/env';
import type { Platform } from '../platform';
import { sessions, type User } from '../db/schema';
import { insertNotificationTx } from '../notifications/notifications';
import { publish } from '../realtime/publish';
import { sendMail } from '../mail/outbox';
import { newSignInMail } from '../mail/templates';
import { knownDevices } from './schema';
import { invalidateSession, type SessionOrigin } from './session';
import { hashToken } from './tokens';

const DEVICE_MEMORY_MS = 90 * 86_400_000;

const BROWSERS: [RegExp, string][] = [
  [/Edg\//, 'Edge'],
  [/OPR\/|Opera/, 'Opera'],
  [/Firefox\//, 'Firefox'],
  [/Chrome\/|Chromium\/|CriOS\//, 'Chrome'],
  [/Safari\//, 'Safari'],
];
const SYSTEMS: [RegExp, string][] = [
  [/iPhone/, 'iPhone'],
  [/iPad/, 'iPad'],
  [/Android/, 'Android'],
  [/Windows/, 'Windows'],
  [/Mac OS X|Macintosh/, 'Mac'],
  [/CrOS/, 'ChromeOS'],
  [/Linux/, 'Linux'],
];

/** « Chrome sur Android », from a user agent; « Appareil inconnu » when it says nothing we know. */
export function describeDevice(userAgent: string): string {
  const browser = BROWSERS.find(([re]) => re.test(userAgent))?.[1];
  const system = SYSTEMS.find(([re]) => re.test(userAgent))?.[1];
  if (browser && system) return `${browser} sur ${system}`;
  return browser ?? system ?? 'Appareil inconnu';
}

/** The address to its network only: 203.0.113.x, 2001:db8:85a3::/48. */
export function maskAddress(address: string): string {
  const v4 = /^(\d{1,3}\.\d{1,3}\.\d{1,3})\.\d{1,3}$/.exec(address);
  if (v4) return `${v4[1]}.x`;
  if (address.includes(':')) return `${address.split(':').slice(0, 3).join(':')}::/48`;
  return '';
}

/** Where a sign-in request comes from, as stored on its session. */
export function sessionOrigin(c: Context<AppEnv>, method: SessionOrigin['method']): SessionOrigin {
  return {
    method,
    userAgent: (c.req.header('user-agent') ?? '').slice(0, 400),
    ipMasked: maskAddress(c.var.platform.clientAddress(c)),
  };
}

/** A session's public id: derived from its stored hash, never the token itself. */
export const publicSessionId = (storedId: string) => hashToken(`device:${storedId}`).slice(0, 32);

export function listSessions(p: Platform, userId: number, currentId: string) {
  return p.db
    .select()
    .from(sessions)
    .where(eq(sessions.userId, userId))
    .all()
    .sort((a, b) => +(b.lastSeenAt ?? b.createdAt) - +(a.lastSeenAt ?? a.createdAt))
    .map((s) => ({
      id: publicSessionId(s.id),
      current: s.id === currentId,
      createdAt: s.createdAt.toISOString(),
      lastSeenAt: (s.lastSeenAt ?? s.createdAt).toISOString(),
      device: describeDevice(s.userAgent),
      ipMasked: s.ipMasked,
      method: s.method,
    }));
}

/** Ends one of the user's sessions by its public id (its sockets and streams close); false: none. */
export async function endSessionById(p: Platform, userId: number, publicId: string) {
  const own = p.db.select({ id: sessions.id }).from(sessions).where(eq(sessions.userId, userId));
  const target = own.all().find((s) => publicSessionId(s.id) === publicId);
  if (!target) return false;
  await invalidateSession(p, target.id);
  return true;
}

/**
 * Remembers the device of a sign-in; one not seen for 90 days (while others
 * were) gets a `security` notification and a « Nouvelle connexion » e-mail.
 * A user's very first device is only remembered.
 */
export async function noteSignIn(p: Platform, user: User, userAgent: string) {
  const now = p.clock.now();
  const device = hashToken(userAgent);
  const label = describeDevice(userAgent);
  const result = p.db.transaction((tx) => {
    const all = tx.select().from(knownDevices).where(eq(knownDevices.userId, user.id)).all();
    const seen = all.find((d) => d.device === device);
    tx.insert(knownDevices)
      .values({ userId: user.id, device, lastSeenAt: now })
      .onConflictDoUpdate({
        target: [knownDevices.userId, knownDevices.device],
        set: { lastSeenAt: now },
      })
      .run();
    if (all.length === 0 || (seen && +seen.lastSeenAt > +now - DEVICE_MEMORY_MS)) return null;
    return insertNotificationTx(
      tx,
      null,
      {
        recipientId: user.id,
        kind: 'security',
        title: 'Nouvelle connexion',
        body: `Connexion depuis ${label}. Si ce n’était pas vous, changez votre mot de passe.`,
        link: '/securite',
      },
      now,
    );
  });
  if (!result) return;
  publish(p, {
    published: result.published,
    pushes: [{ userId: user.id, notification: result.notification }],
  });
  const at = now.toLocaleString('fr-FR', { timeZone: 'Europe/Paris' });
  sendMail(p, user.email, () => newSignInMail(user.email, user.firstName, label, at));
}

import { eq, sql } from 'drizzle-orm';
import { preparedPer } from '../db/prepared';
import type { Platform } from '../platform';
import { sessions, users, type Session, type User } from '../db/schema';
import { topics } from '../realtime/hub';
import { generateToken, hashToken } from './tokens';

const DAY = 86_400_000;
/** Sliding lifetime: a session unused for 30 days ends. */
export const SESSION_TTL_MS = 30 * DAY;
/** Absolute lifetime: however active, a session ends 90 days after sign-in. */
export const SESSION_MAX_AGE_MS = 90 * DAY;
const LAST_SEEN_EVERY_MS = 60_000;

export type SessionValidation =
  { session: Session; user: User; fresh: boolean } | { session: null; user: null; fresh: false };

/** Every request with a cookie runs this lookup: prepared once, not rebuilt per request. */
const sessionWithUser = preparedPer((db) =>
  db
    .select({ session: sessions, user: users })
    .from(sessions)
    .innerJoin(users, eq(sessions.userId, users.id))
    .where(eq(sessions.id, sql.placeholder('id')))
    .prepare(),
);

/** How a session was opened and from where (« Appareils connectés »). */
export type SessionOrigin = Pick<Session, 'method' | 'userAgent' | 'ipMasked'>;

/** Creates a session for a user and returns the token for the cookie (only its hash is stored). */
export async function createSession(
  p: Platform,
  userId: number,
  origin: SessionOrigin = { method: 'password', userAgent: '', ipMasked: '' },
) {
  const token = generateToken();
  const now = p.clock.now();
  const session: Session = {
    id: hashToken(token),
    userId,
    expiresAt: new Date(now.getTime() + SESSION_TTL_MS),
    createdAt: now,
    ...origin,
    lastSeenAt: now,
  };
  await p.db.insert(sessions).values(session);
  return { token, session };
}

/**
 * Looks a token up; deletes it when expired (30 days unused, or 90 days after
 * sign-in); slides the expiry when past half its life, never past the 90 days.
 */
export async function validateSessionToken(p: Platform, token: string): Promise<SessionValidation> {
  const id = hashToken(token);
  const row = sessionWithUser(p.db).get({ id });
  if (!row) return { session: null, user: null, fresh: false };
  const now = p.clock.now().getTime();
  const end = row.session.createdAt.getTime() + SESSION_MAX_AGE_MS;
  if (now >= Math.min(row.session.expiresAt.getTime(), end)) {
    await invalidateSession(p, id);
    return { session: null, user: null, fresh: false };
  }
  const slid = Math.min(now + SESSION_TTL_MS, end);
  if (
    now >= row.session.expiresAt.getTime() - SESSION_TTL_MS / 2 &&
    slid > +row.session.expiresAt
  ) {
    row.session.expiresAt = new Date(slid);
    row.session.lastSeenAt = new Date(now);
    await p.db
      .update(sessions)
      .set({ expiresAt: row.session.expiresAt, lastSeenAt: row.session.lastSeenAt })
      .where(eq(sessions.id, id));
    return { ...row, fresh: true };
  }
  // Last activity for « Appareils connectés », written at most once a minute per session.
  if (now - (row.session.lastSeenAt?.getTime() ?? 0) > LAST_SEEN_EVERY_MS) {
    row.session.lastSeenAt = new Date(now);
    await p.db
      .update(sessions)
      .set({ lastSeenAt: row.session.lastSeenAt })
      .where(eq(sessions.id, id));
  }
  return { ...row, fresh: false };
}

/** The stored expiry alone, read on every heartbeat of every socket and stream. */
const storedExpiry = preparedPer((db) =>
  db
    .select({ expiresAt: sessions.expiresAt })
    .from(sessions)
    .where(eq(sessions.id, sql.placeholder('id')))
    .prepare(),
);

/**
 * Whether the session behind an open socket or stream still holds: its stored
 * expiry (ms), or null once it ended. Other requests may have slid it, so only
 * the stored expiry counts; an expired one is deleted, which closes whatever
 * else it opened. The one liveness check of chat sockets (both hosts) and
 * event streams.
 */
export async function liveSessionExpiry(p: Platform, sessionId: string): Promise<number | null> {
  const row = storedExpiry(p.db).get({ id: sessionId });
  if (row && row.expiresAt.getTime() > p.clock.now().getTime()) return row.expiresAt.getTime();
  if (row) await invalidateSession(p, sessionId);
  return null;
}

/** Deletes a session and closes its open sockets and streams. */
export async function invalidateSession(p: Platform, sessionId: string) {
  await p.db.delete(sessions).where(eq(sessions.id, sessionId));
  p.hub.publish(topics.session(sessionId), { type: 'session.ended', json: '{}' });
}

/** Ends every session of a user (logout-all, password reset), closing their sockets and streams. */
export async function invalidateUserSessions(p: Platform, userId: number) {
  const rows = await p.db
    .delete(sessions)
    .where(eq(sessions.userId, userId))
    .returning({ id: sessions.id });
  for (const { id } of rows)
    p.hub.publish(topics.session(id), { type: 'session.ended', json: '{}' });
}

import { eq } from 'drizzle-orm';
import type { Platform } from '../platform';
import { sessions, users, type Session, type User } from '../db/schema';
import { topics } from '../realtime/hub';
import { generateToken, hashToken } from './tokens';

const DAY = 86_400_000;
export const SESSION_TTL_MS = 30 * DAY;

export type SessionValidation =
  { session: Session; user: User; fresh: boolean } | { session: null; user: null; fresh: false };

/** Creates a session for a user and returns the token for the cookie (only its hash is stored). */
export async function createSession(p: Platform, userId: number) {
  const token = generateToken();
  const session: Session = {
    id: hashToken(token),
    userId,
    expiresAt: new Date(p.clock.now().getTime() + SESSION_TTL_MS),
    createdAt: p.clock.now(),
  };
  await p.db.insert(sessions).values(session);
  return { token, session };
}

/** Looks a token up; deletes it when expired; slides the expiry when past half its life. */
export async function validateSessionToken(p: Platform, token: string): Promise<SessionValidation> {
  const id = hashToken(token);
  const row = await p.db
    .select({ session: sessions, user: users })
    .from(sessions)
    .innerJoin(users, eq(sessions.userId, users.id))
    .where(eq(sessions.id, id))
    .get();
  if (!row) return { session: null, user: null, fresh: false };
  const now = p.clock.now().getTime();
  if (now >= row.session.expiresAt.getTime()) {
    await invalidateSession(p, id);
    return { session: null, user: null, fresh: false };
  }
  if (now >= row.session.expiresAt.getTime() - SESSION_TTL_MS / 2) {
    row.session.expiresAt = new Date(now + SESSION_TTL_MS);
    await p.db
      .update(sessions)
      .set({ expiresAt: row.session.expiresAt })
      .where(eq(sessions.id, id));
    return { ...row, fresh: true };
  }
  return { ...row, fresh: false };
}

/** Deletes a session and closes its open sockets and streams. */
export async function invalidateSession(p: Platform, sessionId: string) {
  await p.db.delete(sessions).where(eq(sessions.id, sessionId));
  p.hub.publish(topics.session(sessionId), { type: 'session.ended', json: '{}' });
}

export async function invalidateUserSessions(p: Platform, userId: number) {
  const rows = await p.db
    .delete(sessions)
    .where(eq(sessions.userId, userId))
    .returning({ id: sessions.id });
  for (const { id } of rows)
    p.hub.publish(topics.session(id), { type: 'session.ended', json: '{}' });
}

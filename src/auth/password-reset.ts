/**
 * Password reset (API.md, Auth): a single-use link valid for one hour, only its
 * hash stored, mailed through the outbox within the per-recipient limit; using
 * it sets the new password and ends every session of the user.
 */
import { and, eq, gt } from 'drizzle-orm';
import type { Platform } from '../platform';
import { loginFailures, users } from '../db/schema';
import { passwordResetMail } from '../mail/templates';
import { passwordResetTokens } from './schema';
import { findUserByEmail } from './service';
import { invalidateUserSessions } from './session';
import { hashToken } from './tokens';
import { sendLinkMail } from './link-mail';

export const RESET_TTL_MS = 3_600_000;

/** Mails a reset link when the address has an account; nothing otherwise (the caller answers the same). */
export async function requestPasswordReset(p: Platform, email: string) {
  const user = findUserByEmail(p, email);
  if (!user) return;
  sendLinkMail(p, user, {
    table: passwordResetTokens,
    path: '/reset-password',
    ttlMs: RESET_TTL_MS,
    mail: passwordResetMail,
  });
}

/**
 * Sets a new password with a reset token and ends every session of its user;
 * the user's id, or null when the token is unknown, used or expired.
 */
export async function resetPassword(
  p: Platform,
  token: string,
  password: string,
): Promise<number | null> {
  const id = hashToken(token);
  const live = () =>
    and(eq(passwordResetTokens.id, id), gt(passwordResetTokens.expiresAt, p.clock.now()));
  if (!p.db.select().from(passwordResetTokens).where(live()).get()) return null;
  const passwordHash = await p.hasher.hash(password);
  const userId = p.db.transaction((tx) => {
    const row = tx.delete(passwordResetTokens).where(live()).returning().get();
    if (!row) return null; // used meanwhile
    const user = tx
      .update(users)
      .set({ passwordHash })
      .where(eq(users.id, row.userId))
      .returning()
      .get();
    if (!user) return null;
    // Opening the mailed link proves the address, as the confirmation link would.
    if (!user.emailVerifiedAt)
      tx.update(users).set({ emailVerifiedAt: p.clock.now() }).where(eq(users.id, user.id)).run();
    tx.delete(loginFailures).where(eq(loginFailures.email, user.email)).run();
    return user.id;
  });
  if (userId !== null) await invalidateUserSessions(p, userId);
  return userId;
}

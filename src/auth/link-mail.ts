import { eq } from 'drizzle-orm';
import type { Platform } from '../platform';
import type { Mail } from '../mail/mailer';
import { sendMail } from '../mail/outbox';
import type { LinkTokens } from './schema';
import { generateToken, hashToken } from './tokens';

/**
 * Mails a single-use link (`path?token=…`) valid for `ttlMs`: its token replaces
 * the user's older ones (only the newest link works, only its hash is stored),
 * in the transaction that queues the mail. False when the address had its
 * share of mails (nothing stored then).
 */
export function sendLinkMail(
  p: Platform,
  user: { id: number; email: string; firstName: string },
  link: {
    table: LinkTokens;
    path: string;
    ttlMs: number;
    mail: (to: string, firstName: string, url: string) => Mail;
  },
): boolean {
  const token = generateToken();
  const now = p.clock.now();
  const url = new URL(link.path, p.config.appUrl);
  url.searchParams.set('token', token);
  return sendMail(p, user.email, (tx) => {
    tx.delete(link.table).where(eq(link.table.userId, user.id)).run();
    tx.insert(link.table)
      .values({
        id: hashToken(token),
        userId: user.id,
        expiresAt: new Date(now.getTime() + link.ttlMs),
        createdAt: now,
      })
      .run();
    return link.mail(user.email, user.firstName, url.toString());
  });
}

import { eq } from 'drizzle-orm';
import type { Platform } from '../platform';
import { users } from '../db/schema';
import { sendMail } from '../mail/outbox';
import { notificationMail } from '../mail/templates';
import type { NotificationView } from './notifications';

/**
 * Copies a notification by e-mail through the durable outbox (per-recipient
 * hourly limit included). Security notifications are left out: the feature
 * that raises one (a new sign-in…) sends its own mail, always.
 */
export function emailNotification(p: Platform, recipientId: number, n: NotificationView) {
  if (n.kind === ('security' as string)) return false;
  const user = p.db.select().from(users).where(eq(users.id, recipientId)).get();
  if (!user) return false;
  const url = new URL(n.link ?? '/', p.config.appUrl).toString(); // links are app paths (validated)
  return sendMail(p, user.email, () => notificationMail(user.email, user.firstName, n, url));
}

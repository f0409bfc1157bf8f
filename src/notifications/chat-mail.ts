/**
 * « chat » by e-mail: a message still unread 10 minutes after it arrived sends
 * one mail, at most one per conversation and hour. A sweep through
 * Platform.schedule (a timer would die with the process; this row-based check
 * resumes after a restart and runs once per message on two hosts: the
 * reminder row and the mail commit in one immediate transaction).
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Platform } from '../platform';
import { users } from '../db/schema';
import { queueMailTx, kickOutbox } from '../mail/outbox';
import { chatUnreadMail } from '../mail/templates';
import { chatMailReminders } from './schema';

export const UNREAD_DELAY_MS = 10 * 60_000;
export const CHAT_MAIL_EVERY_MS = 60 * 60_000;
const CHECK_MS = 60_000;

type Due = { userId: number; conversationId: number; messageId: number };

/** (user, conversation, newest message) pairs owed a mail at `now`; only opted-in users are read. */
function dueReminders(p: Platform, now: number): Due[] {
  const cutoff = now - UNREAD_DELAY_MS;
  const hourAgo = now - CHAT_MAIL_EVERY_MS;
  return p.db.all<Due>(sql`
    select * from (
      select np.user_id as userId, cm.conversation_id as conversationId,
        (select max(m.id) from messages m where m.conversation_id = cm.conversation_id
          and m.sender_id != np.user_id and m.id > cm.last_read_message_id
          and m.id > coalesce(r.last_message_id, 0) and m.created_at <= ${cutoff}) as messageId
      from notification_preferences np
      join conversation_members cm on cm.user_id = np.user_id
      left join chat_mail_reminders r on r.user_id = np.user_id and r.conversation_id = cm.conversation_id
      where np.category = 'chat' and np.email = 1 and (r.sent_at is null or r.sent_at <= ${hourAgo}))
    where messageId is not null limit 200`);
}

/** Sends what is due; returns how many mails were queued. */
export async function sendChatMailReminders(p: Platform): Promise<number> {
  const now = p.clock.now();
  let queued = 0;
  for (const due of dueReminders(p, now.getTime())) {
    const sent = p.db.transaction(
      (tx) => {
        const last = tx
          .select()
          .from(chatMailReminders)
          .where(
            and(
              eq(chatMailReminders.userId, due.userId),
              eq(chatMailReminders.conversationId, due.conversationId),
            ),
          )
          .get();
        // Another runner got here first (two hosts, overlapping ticks).
        if (
          last &&
          (last.lastMessageId >= due.messageId || +last.sentAt > +now - CHAT_MAIL_EVERY_MS)
        )
          return false;
        const user = tx.select().from(users).where(eq(users.id, due.userId)).get();
        const from = tx.get<{ firstName: string; lastName: string } | undefined>(sql`
          select u.first_name as firstName, u.last_name as lastName from messages m
          join users u on u.id = m.sender_id where m.id = ${due.messageId}`);
        if (!user || !from) return false;
        const url = new URL(user.role === 'client' ? '/messages' : '/', p.config.appUrl).toString();
        queueMailTx(tx, user.email, now, () =>
          chatUnreadMail(user.email, user.firstName, `${from.firstName} ${from.lastName}`, url),
        );
        // Recorded even when the hourly mail limit refused it: no retry storm.
        tx.insert(chatMailReminders)
          .values({
            userId: due.userId,
            conversationId: due.conversationId,
            lastMessageId: due.messageId,
            sentAt: now,
          })
          .onConflictDoUpdate({
            target: [chatMailReminders.userId, chatMailReminders.conversationId],
            set: { lastMessageId: due.messageId, sentAt: now },
          })
          .run();
        return true;
      },
      { behavior: 'immediate' },
    );
    if (sent) queued++;
  }
  if (queued) kickOutbox(p);
  return queued;
}

export function startChatMailReminders(p: Platform) {
  p.schedule('chat-mail', CHECK_MS, () => sendChatMailReminders(p));
}

/**
 * Every mail leaves through the durable outbox: queued in SQLite by the
 * transaction that decides to send it (so a mail exists exactly when its token
 * does), sent off the request path by a background loop, retried with
 * exponential backoff while the transport refuses it. A mail is never lost to
 * an SMTP outage or a restart; a sender that dies mid-send leaves a lease that
 * expires, and the mail goes again (at least once).
 */
import { and, count, eq, gt, isNull, lt, lte, or, isNotNull } from 'drizzle-orm';
import type { Executor, Tx } from '../db/client';
import type { Platform } from '../platform';
import type { Mail } from './mailer';
import { mailOutbox } from './schema';

const HOUR = 3_600_000;
/** Mails of every kind together that one address may receive per hour (mail bombing). */
export const MAILS_PER_RECIPIENT_PER_HOUR = 5;
/** How long a claimed mail is someone's to send before another sender may retry it. */
const LEASE_MS = 60_000;
const MAX_BACKOFF_MS = HOUR;
/** Unsent mails older than this are abandoned: every link they carry has expired. */
const ABANDON_AFTER_MS = 3 * 24 * HOUR;
/** Sent mails are kept this long (without their body), for the per-recipient limit. */
const KEEP_SENT_MS = 24 * HOUR;

export const recipientKey = (address: string) => address.trim().toLowerCase();

/**
 * Queues a mail in the caller's transaction unless its recipient already had
 * their share this hour; true when queued. Inside one (immediate) transaction
 * the count and the insert cannot interleave with another sign-up's.
 */
export function queueMailTx(tx: Executor, to: string, now: Date, compose: () => Mail): boolean {
  const recipient = recipientKey(to);
  const recent = tx
    .select({ n: count() })
    .from(mailOutbox)
    .where(
      and(eq(mailOutbox.recipient, recipient), gt(mailOutbox.createdAt, new Date(+now - HOUR))),
    )
    .get();
  if ((recent?.n ?? 0) >= MAILS_PER_RECIPIENT_PER_HOUR) return false;
  const { subject, text, html, kind = 'mail' } = compose();
  tx.insert(mailOutbox)
    .values({ recipient, kind, subject, text, html, nextAttemptAt: now, createdAt: now })
    .run();
  return true;
}

/**
 * Queues one mail to `to` — `compose` writes what the mail refers to (a token)
 * in the same transaction — and sends it off the request path. When the
 * recipient's share is used up, nothing is written and false is returned.
 */
export function sendMail(p: Platform, to: string, compose: (tx: Tx) => Mail): boolean {
  const now = p.clock.now();
  const queued = p.db.transaction((tx) => queueMailTx(tx, to, now, () => compose(tx)), {
    behavior: 'immediate',
  });
  if (queued) kickOutbox(p);
  return queued;
}

/** The wait before attempt n+1 after n failures: base, 2×base, 4×base … at most an hour. */
export const retryDelayMs = (baseMs: number, failures: number) =>
  Math.min(MAX_BACKOFF_MS, baseMs * 2 ** Math.max(0, failures - 1));

/**
 * Sends every due mail once: claims each row (so two loops never send one mail
 * twice), sends it, then marks it sent or schedules its retry.
 */
export async function drainOutbox(p: Platform): Promise<{ sent: number; failed: number }> {
  const result = { sent: 0, failed: 0 };
  const now = p.clock.now();
  const due = p.db
    .select()
    .from(mailOutbox)
    .where(and(isNull(mailOutbox.sentAt), lte(mailOutbox.nextAttemptAt, now)))
    .orderBy(mailOutbox.id)
    .limit(100)
    .all();
  // A mail reports a write (an account, a sign-in link): it leaves only once its rows are on disk.
  if (due.length) await p.durable();
  for (const row of due) {
    const claimed = p.db
      .update(mailOutbox)
      .set({ nextAttemptAt: new Date(+p.clock.now() + LEASE_MS) })
      .where(
        and(
          eq(mailOutbox.id, row.id),
          isNull(mailOutbox.sentAt),
          eq(mailOutbox.nextAttemptAt, row.nextAttemptAt),
        ),
      )
      .returning({ id: mailOutbox.id })
      .all(); // not .run(): its row count is host-specific (a Durable Object returns none)
    if (claimed.length !== 1) continue; // another loop has it
    try {
      await p.mailer.send({
        to: row.recipient,
        subject: row.subject,
        text: row.text,
        html: row.html,
      });
      p.db
        .update(mailOutbox)
        // Sent: what it said (a live link, maybe) leaves the database with it.
        .set({ sentAt: p.clock.now(), lastError: null, subject: '', text: '', html: '' })
        .where(eq(mailOutbox.id, row.id))
        .run();
      result.sent++;
    } catch (err) {
      const attempts = row.attempts + 1;
      const message = (err as Error).message ?? String(err);
      p.db
        .update(mailOutbox)
        .set({
          attempts,
          lastError: message.slice(0, 500),
          nextAttemptAt: new Date(+p.clock.now() + retryDelayMs(p.config.mailRetryMs, attempts)),
        })
        .where(eq(mailOutbox.id, row.id))
        .run();
      console.error(
        `[mail] envoi impossible (tentative ${attempts}, nouvel essai plus tard) :`,
        message,
      );
      result.failed++;
    }
  }
  return result;
}

/** Forgets sent mails past the limit's window and abandons mails too old to matter. */
export function pruneOutbox(p: Platform) {
  const now = +p.clock.now();
  p.db
    .delete(mailOutbox)
    .where(
      or(
        and(isNotNull(mailOutbox.sentAt), lt(mailOutbox.createdAt, new Date(now - KEEP_SENT_MS))),
        and(isNull(mailOutbox.sentAt), lt(mailOutbox.createdAt, new Date(now - ABANDON_AFTER_MS))),
      ),
    )
    .run();
}

/** Sends what was just queued without waiting for the loop's next turn. */
export function kickOutbox(p: Platform) {
  p.defer(drainOutbox(p));
}

/** The host starts the loop once; it returns the function that stops it. */
export function startMailOutbox(p: Platform): () => void {
  kickOutbox(p); // what a previous run left queued goes now
  return p.schedule('mail-outbox', p.config.mailRetryMs, async () => {
    pruneOutbox(p);
    await drainOutbox(p);
  });
}

import { desc } from 'drizzle-orm';
import type { Db } from '../db/client';
import { devMails } from '../db/schema';

export type Mail = {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** What it is (the outbox keeps it once the body is gone); `mail` when unsaid. */
  kind?: string;
};

/** Sends one mail; rejects when the transport refused it. */
export interface Mailer {
  send(mail: Mail): Promise<void>;
}

/** The dev mailbox: mails are kept in the database and listed at /dev/mailbox. */
export function createDevMailbox(db: Db): Mailer {
  return {
    async send(mail) {
      const { to, subject, text, html } = mail;
      await db.insert(devMails).values({ to, subject, text, html });
    },
  };
}

export async function listDevMails(db: Db, limit = 100) {
  return db.select().from(devMails).orderBy(desc(devMails.id)).limit(limit).all();
}

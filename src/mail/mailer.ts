import { desc } from 'drizzle-orm';
import type { Db } from '../db/client';
import { devMails } from '../db/schema';

export type Mail = { to: string; subject: string; text: string; html: string };

/** Sends one mail; rejects when the transport refused it. */
export interface Mailer {
  send(mail: Mail): Promise<void>;
}

/** The dev mailbox: mails are kept in the database and listed at /dev/mailbox. */
export function createDevMailbox(db: Db): Mailer {
  return {
    async send(mail) {
      await db.insert(devMails).values(mail);
    },
  };
}

export async function listDevMails(db: Db, limit = 100) {
  return db.select().from(devMails).orderBy(desc(devMails.id)).limit(limit).all();
}

import { eq } from 'drizzle-orm';
import type { Platform } from '../src/platform';
import { users } from '../src/db/schema';
import { issueDocumentsOf } from '../src/documents/schedule';

/**
 * The documents of the first fixture clients (their three months of statements,
 * RIBs, receipts), issued at seeding without notifications. Every other client's
 * are issued when they first open their documents, or by the background sweep,
 * a batch a minute: a seed of thousands stays a matter of seconds.
 */
export const EAGER_DOCUMENT_CLIENTS = 6;

export async function seedDocuments(p: Platform) {
  for (let i = 1; i <= EAGER_DOCUMENT_CLIENTS; i++) {
    const user = p.db
      .select()
      .from(users)
      .where(eq(users.email, `client${i}@avenir.test`))
      .get();
    if (user) await issueDocumentsOf(p, user, { silent: true });
  }
}

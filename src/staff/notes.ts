import { and, desc, eq, lt } from 'drizzle-orm';
import type { Platform } from '../platform';
import { users, type User } from '../db/schema';
import { toUserSummary, type UserSummary } from '../users/shape';
import { staffNotes } from './schema';

/** « Notes internes » as staff see them; never served to a client. */
export type StaffNoteView = { id: number; body: string; author: UserSummary; createdAt: string };

const toView = (n: typeof staffNotes.$inferSelect, author: User): StaffNoteView => ({
  id: n.id,
  body: n.body,
  author: toUserSummary(author),
  createdAt: n.createdAt.toISOString(),
});

/** A client's notes, newest first, a page at a time. */
export function listNotes(p: Platform, clientId: number, page: { before?: number; limit: number }) {
  const where = page.before
    ? and(eq(staffNotes.clientId, clientId), lt(staffNotes.id, page.before))
    : eq(staffNotes.clientId, clientId);
  const rows = p.db
    .select({ n: staffNotes, author: users })
    .from(staffNotes)
    .innerJoin(users, eq(users.id, staffNotes.authorId))
    .where(where)
    .orderBy(desc(staffNotes.id))
    .limit(page.limit + 1)
    .all();
  return {
    items: rows.slice(0, page.limit).map((r) => toView(r.n, r.author)),
    hasMore: rows.length > page.limit,
  };
}

/** Stores a note by `author` about `clientId` (the route checked who may). */
export function addNote(p: Platform, author: User, clientId: number, body: string) {
  const row = p.db
    .insert(staffNotes)
    .values({ clientId, authorId: author.id, body, createdAt: p.clock.now() })
    .returning()
    .get();
  return toView(row, author);
}

import type { Executor } from '../db/client';
import { news, type User } from '../db/schema';
import { appendEventTx } from '../realtime/events';
import { topics } from '../realtime/hub';
import { toUserSummary, type UserSummary } from '../users/shape';

export type NewsView = { id: number; title: string; body: string; author: UserSummary; createdAt: string };

export function toNewsView(n: typeof news.$inferSelect, author: Pick<User, 'id' | 'firstName' | 'lastName' | 'role'>): NewsView {
  return { id: n.id, title: n.title, body: n.body, author: toUserSummary(author), createdAt: n.createdAt.toISOString() };
}

/** Stores a news item and its event (seen by everyone) in the caller's transaction. */
export function insertNewsTx(tx: Executor, author: User, input: { title: string; body: string }, now: Date) {
  const row = tx.insert(news).values({ ...input, authorId: author.id, createdAt: now }).returning().get();
  const view = toNewsView(row, author);
  return { news: view, published: appendEventTx(tx, topics.all, 'news', view, now) };
}

import { commit } from '../realtime/publish';
import { desc, eq, lt, sql } from 'drizzle-orm';
import type { Executor } from '../db/client';
import type { Platform } from '../platform';
import { news, users, type User } from '../db/schema';
import { appendEventTx } from '../realtime/events';
import { preparedPer } from '../db/prepared';
import { topics } from '../realtime/hub';
import { toUserSummary, type UserSummary } from '../users/shape';
import { deliverNews } from '../push/deliver';

export type NewsView = {
  id: number;
  title: string;
  body: string;
  author: UserSummary;
  createdAt: string;
};

export function toNewsView(
  n: typeof news.$inferSelect,
  author: Pick<User, 'id' | 'firstName' | 'lastName' | 'role'>,
): NewsView {
  return {
    id: n.id,
    title: n.title,
    body: n.body,
    author: toUserSummary(author),
    createdAt: n.createdAt.toISOString(),
  };
}

const insertNews = preparedPer((db) =>
  db
    .insert(news)
    .values({
      title: sql.placeholder('title'),
      body: sql.placeholder('body'),
      authorId: sql.placeholder('authorId'),
      createdAt: sql.placeholder('createdAt'),
    })
    .returning()
    .prepare(),
);

/** Stores a news item and its event (seen by everyone) in the caller's transaction. */
export function insertNewsTx(
  tx: Executor,
  author: User,
  input: { title: string; body: string },
  now: Date,
) {
  const row = insertNews(tx).get({ ...input, authorId: author.id, createdAt: now })!;
  const view = toNewsView(row, author);
  return { news: view, published: appendEventTx(tx, topics.all, 'news', view, now) };
}

/** Newest first; `before` is an exclusive news id for the next page. */
export async function listNews(p: Platform, opts: { before?: number; limit: number }) {
  const rows = await p.db
    .select({ news, author: users })
    .from(news)
    .innerJoin(users, eq(news.authorId, users.id))
    .where(opts.before ? lt(news.id, opts.before) : undefined)
    .orderBy(desc(news.id))
    .limit(opts.limit + 1)
    .all();
  return {
    items: rows.slice(0, opts.limit).map((r) => toNewsView(r.news, r.author)),
    hasMore: rows.length > opts.limit,
  };
}

/** Stores a news item with its event, then publishes it to every signed-in stream. */
export async function publishNews(
  p: Platform,
  author: User,
  input: { title: string; body: string },
) {
  const { news: view } = commit(p, 'deferred', (tx) =>
    insertNewsTx(tx, author, input, p.clock.now()),
  );
  p.defer(deliverNews(p, view)); // push and e-mail to who opted in (news preferences)
  return view;
}

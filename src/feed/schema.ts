import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { createdAt } from '../db/columns';
import { users } from '../users/schema';

export const news = sqliteTable('news', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  authorId: integer('author_id')
    .notNull()
    .references(() => users.id),
  title: text('title').notNull(),
  body: text('body').notNull(),
  createdAt: createdAt(),
});

/**
 * The one events sequence: every published fact gets its row here in the same
 * transaction as its domain row. SSE ids and Last-Event-ID replay read from it.
 * `topic` says who may see it: 'all', 'user:<id>' or 'conversation:<id>'.
 */
export const events = sqliteTable(
  'events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    topic: text('topic').notNull(),
    type: text('type').notNull(),
    data: text('data').notNull(), // JSON
    createdAt: createdAt(),
  },
  (t) => [index('events_topic_idx').on(t.topic, t.id)],
);

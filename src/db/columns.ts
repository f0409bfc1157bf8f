import { sql } from 'drizzle-orm';
import { integer } from 'drizzle-orm/sqlite-core';

/** `created_at` in ms, filled by SQLite itself so that rows inserted in one statement agree. */
export const createdAt = () =>
  integer('created_at', { mode: 'timestamp_ms' })
    .notNull()
    .default(sql`(cast(unixepoch('subsec') * 1000 as integer))`);

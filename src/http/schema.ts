import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * The hits of the per-user limits (src/http/limits.ts) where the limiter must
 * outlive the process: the Worker host's Bank, which the runtime may evict at
 * any time (src/http/rate-limiter.ts's createStoredLimiter).
 */
export const rateLimitHits = sqliteTable(
  'rate_limit_hits',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    key: text('key').notNull(),
    /** When the hit was counted (ms). */
    at: integer('at').notNull(),
    /** When it leaves its window (ms): pruned after. */
    expiresAt: integer('expires_at').notNull(),
  },
  (t) => [
    index('rate_limit_hits_key_idx').on(t.key, t.at),
    index('rate_limit_hits_expiry_idx').on(t.expiresAt),
  ],
);

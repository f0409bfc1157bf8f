import { and, asc, eq, gt, lte } from 'drizzle-orm';
import type { Db } from '../db/client';
import { rateLimitHits } from './schema';

/** Sliding-window limiter for per-user actions (WebSocket sends, …). */
export interface RateLimiter {
  /** Counts one hit; false with a wait when `limit` hits already fell in the window. */
  hit(
    key: string,
    limit: number,
    windowMs: number,
  ): { ok: true } | { ok: false; retryAfterMs: number };
  /** Like `hit` without counting: would one more hit be refused now? */
  peek(
    key: string,
    limit: number,
    windowMs: number,
  ): { ok: true } | { ok: false; retryAfterMs: number };
}

/** Where a limiter keeps its hits beyond memory (createStoredLimiter). */
type HitStore = {
  /** The hits of `key` counted after `since`, oldest first. */
  load(key: string, since: number): number[];
  save(key: string, at: number, windowMs: number): void;
  /** Forgets every hit past its window. */
  prune(now: number): void;
};

const OK = { ok: true } as const;

/**
 * Counts hits in memory (the Node host: its limits live as long as the process);
 * with a `store`, every counted hit is written there too and read back for a key
 * the memory does not hold.
 */
export function createMemoryLimiter(now: () => number = Date.now, store?: HitStore): RateLimiter {
  // Each key keeps its own window: a sweep during a short window's hit must not forget a long one's.
  const hits = new Map<string, { list: number[]; windowMs: number }>();
  let sweepAt = 0;
  return {
    peek(key, limit, windowMs) {
      const t = now();
      const known = hits.get(key)?.list ?? store?.load(key, t - windowMs) ?? [];
      const live = known.filter((at) => at > t - windowMs);
      return live.length >= limit ? { ok: false, retryAfterMs: live[0] + windowMs - t } : OK;
    },
    hit(key, limit, windowMs) {
      const t = now();
      if (t > sweepAt) {
        // forget idle keys now and then so the map cannot grow without bound
        for (const [k, e] of hits) if ((e.list.at(-1) ?? 0) <= t - e.windowMs) hits.delete(k);
        store?.prune(t);
        sweepAt = t + 60_000;
      }
      let entry = hits.get(key);
      if (!entry) hits.set(key, (entry = { list: store?.load(key, t - windowMs) ?? [], windowMs }));
      const { list } = entry;
      // Hits are in time order: drop the expired ones from the front, in place (no copy per hit).
      let expired = 0;
      while (expired < list.length && list[expired] <= t - windowMs) expired++;
      if (expired) list.splice(0, expired);
      if (list.length >= limit) return { ok: false, retryAfterMs: list[0] + windowMs - t };
      list.push(t);
      store?.save(key, t, windowMs);
      return OK;
    },
  };
}

/**
 * The same limiter, its hits also written to SQLite (one insert per counted hit)
 * and read back the first time a key is seen: the Worker host's Bank may be
 * evicted at any time, and a limit must not reset with it.
 */
export function createStoredLimiter(db: Db, now: () => number = Date.now): RateLimiter {
  return createMemoryLimiter(now, {
    load: (key, since) =>
      db
        .select({ at: rateLimitHits.at })
        .from(rateLimitHits)
        .where(and(eq(rateLimitHits.key, key), gt(rateLimitHits.at, since)))
        .orderBy(asc(rateLimitHits.at))
        .all()
        .map((r) => r.at),
    save: (key, at, windowMs) =>
      void db
        .insert(rateLimitHits)
        .values({ key, at, expiresAt: at + windowMs })
        .run(),
    prune: (t) => void db.delete(rateLimitHits).where(lte(rateLimitHits.expiresAt, t)).run(),
  });
}

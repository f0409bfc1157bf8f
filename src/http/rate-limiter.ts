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

const OK = { ok: true } as const;

export function createMemoryLimiter(now: () => number = Date.now): RateLimiter {
  const hits = new Map<string, number[]>();
  let sweepAt = 0;
  return {
    peek(key, limit, windowMs) {
      const t = now();
      const live = (hits.get(key) ?? []).filter((at) => at > t - windowMs);
      return live.length >= limit ? { ok: false, retryAfterMs: live[0] + windowMs - t } : OK;
    },
    hit(key, limit, windowMs) {
      const t = now();
      if (t > sweepAt) {
        // forget idle keys now and then so the map cannot grow without bound
        for (const [k, list] of hits) if (list[list.length - 1] <= t - windowMs) hits.delete(k);
        sweepAt = t + 60_000;
      }
      let list = hits.get(key);
      if (!list) hits.set(key, (list = []));
      // Hits are in time order: drop the expired ones from the front, in place (no copy per hit).
      let expired = 0;
      while (expired < list.length && list[expired] <= t - windowMs) expired++;
      if (expired) list.splice(0, expired);
      if (list.length >= limit) return { ok: false, retryAfterMs: list[0] + windowMs - t };
      list.push(t);
      return OK;
    },
  };
}

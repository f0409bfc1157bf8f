/** Sliding-window limiter for per-user actions (WebSocket sends, …). */
export interface RateLimiter {
  /** Counts one hit; false with a wait when `limit` hits already fell in the window. */
  hit(
    key: string,
    limit: number,
    windowMs: number,
  ): { ok: true } | { ok: false; retryAfterMs: number };
}

export function createMemoryLimiter(now: () => number = Date.now): RateLimiter {
  const hits = new Map<string, number[]>();
  let sweepAt = 0;
  return {
    hit(key, limit, windowMs) {
      const t = now();
      if (t > sweepAt) {
        // forget idle keys now and then so the map cannot grow without bound
        for (const [k, list] of hits) if (list[list.length - 1] <= t - windowMs) hits.delete(k);
        sweepAt = t + 60_000;
      }
      const list = (hits.get(key) ?? []).filter((at) => at > t - windowMs);
      if (list.length >= limit) {
        hits.set(key, list);
        return { ok: false, retryAfterMs: list[0] + windowMs - t };
      }
      list.push(t);
      hits.set(key, list);
      return { ok: true };
    },
  };
}

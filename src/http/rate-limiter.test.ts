import { expect, it } from 'vitest';
import { createMemoryLimiter } from './rate-limiter';

const MINUTE = 60_000;

it('a sweep during a short window’s hit does not forget a long window’s hits', () => {
  let t = 1_000_000;
  const limiter = createMemoryLimiter(() => t);
  for (let i = 0; i < 3; i++) expect(limiter.hit('long', 3, 60 * MINUTE).ok).toBe(true);
  expect(limiter.hit('long', 3, 60 * MINUTE).ok).toBe(false);
  t += 2 * MINUTE; // past the sweep period and far past the short window
  expect(limiter.hit('short', 30, 10_000).ok).toBe(true);
  const again = limiter.hit('long', 3, 60 * MINUTE);
  expect(again).toEqual({ ok: false, retryAfterMs: 58 * MINUTE });
});

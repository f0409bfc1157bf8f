import { eq } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { settings } from '../db/schema';
import { systemClock, type Clock } from '../platform';

const KEY = 'clock.offset_ms';

/**
 * The app's clock: the host's time plus an offset kept in SQLite, so a demo or
 * a test that moved time forward (POST /dev/clock) finds it moved after a
 * restart too. Every service reads time through it.
 */
export function createStoredClock(db: Executor, base: Clock = systemClock): Clock {
  const row = db.select().from(settings).where(eq(settings.key, KEY)).get();
  let offset = row ? Number(row.value) || 0 : 0;
  return {
    now: () => new Date(base.now().getTime() + offset),
    advance(ms) {
      offset += ms;
      const value = String(offset);
      db.insert(settings)
        .values({ key: KEY, value })
        .onConflictDoUpdate({ target: settings.key, set: { value } })
        .run();
    },
  };
}

import { desc, lt } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { savingsRates } from './schema';

/** The rate in force at an instant (the last one set at or before it); null before any. */
export function rateAt(db: Executor, at: Date) {
  return (
    db
      .select()
      .from(savingsRates)
      .where(lt(savingsRates.since, new Date(at.getTime() + 1)))
      .orderBy(desc(savingsRates.since), desc(savingsRates.id))
      .limit(1)
      .get() ?? null
  );
}

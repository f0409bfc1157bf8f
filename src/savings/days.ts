/** Europe/Paris calendar days as 'YYYY-MM-DD' (accrual days, "today" for the market's volume). */
import { parisDayOf, parisDayStart as dayStart } from '../ledger/paris-time';

export { parisDayOf };

const parts = (day: string) => day.split('-').map(Number) as [number, number, number];

/** The instant Paris midnight starts a day (midnight never falls in a DST gap there). */
export const parisDayStart = (day: string) => dayStart(...parts(day));

/** The calendar day after `day`. */
export function nextDay(day: string): string {
  const [y, m, d] = parts(day);
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

/** The instant the day after `day` starts (the end of `day`). */
export const parisDayEnd = (day: string) => parisDayStart(nextDay(day));

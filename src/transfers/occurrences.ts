/** When the occurrences of a scheduled transfer fall (pure: Paris calendar days as 'YYYY-MM-DD'). */
import type { Frequency } from './schema';
import { parisWallTime } from '../ledger/paris-time';

const MONTHS: Record<Exclude<Frequency, 'once' | 'weekly'>, number> = {
  monthly: 1,
  quarterly: 3,
  yearly: 12,
};

const pad = (n: number) => String(n).padStart(2, '0');
const ymd = (d: Date) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;

/** 'YYYY-MM-DD' when it names a real calendar day, else null. */
export function validDay(s: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return null;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return ymd(d) === s && +m[1] >= 2000 ? s : null;
}

/**
 * The date of occurrence `k` (0 = the anchor itself): weeks are added as days;
 * months keep the anchor's day of month, or the month's last day when it has
 * fewer (31 January → 28 or 29 February → 31 March; 29 February → 28 February
 * in a common year). Null for a one-off past its single occurrence.
 */
export function occurrenceDate(anchor: string, frequency: Frequency, k: number): string | null {
  const [y, m, d] = anchor.split('-').map(Number);
  if (frequency === 'once') return k === 0 ? anchor : null;
  if (frequency === 'weekly') return ymd(new Date(Date.UTC(y, m - 1, d + 7 * k)));
  const month = m - 1 + MONTHS[frequency] * k;
  const lastDay = new Date(Date.UTC(y, month + 1, 0)).getUTCDate();
  return ymd(new Date(Date.UTC(y, month, Math.min(d, lastDay))));
}

/** Whether occurrence `k` since the anchor, `done` overall, still falls within the schedule's end. */
export function withinEnd(
  s: { endDate: string | null; count: number | null },
  date: string | null,
  done: number,
): date is string {
  if (date === null) return false;
  if (s.endDate !== null && date > s.endDate) return false;
  return s.count === null || done < s.count;
}

/**
 * The instant it is `hour`:00 in Paris on `day`, whichever side of a DST change
 * the day is (Paris is UTC+1 in winter, UTC+2 in summer; 06:00 never falls in
 * the 02:00–03:00 gap).
 */
export function parisTimeOn(day: string, hour: number): Date {
  const [y, m, d] = day.split('-').map(Number);
  return parisWallTime(y, m, d, hour);
}

/** Occurrences run at 06:00 Paris on their date. */
export const RUN_HOUR = 6;

/** Whether the occurrence of `day` is due at `now`. */
export const isDue = (day: string, now: Date) =>
  parisTimeOn(day, RUN_HOUR).getTime() <= now.getTime();

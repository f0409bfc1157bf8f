/** Europe/Paris calendar days and months (filters, statements, accrual, CSV dates). */

const HOUR = 3_600_000;

/**
 * Paris wall clock minus UTC at instant `t`, in ms: UTC+2 from the last Sunday of
 * March to the last Sunday of October, both at 01:00 UTC, else UTC+1 (EU summer
 * time, Directive 2000/84/EC, the rule France has followed since 1996). Computed,
 * not asked of Intl: the first Intl call of a process maps about 8 MiB of ICU
 * data into it, and the server calls this at start and every minute. Checked
 * against Intl hour by hour (paris-time.test.ts); before 1996 Intl answers.
 */
function offsetAt(t: number): number {
  const year = new Date(t).getUTCFullYear();
  if (year < 1996) return intlOffsetAt(t);
  return t >= lastSundayAt1Utc(year, 2) && t < lastSundayAt1Utc(year, 9) ? 2 * HOUR : HOUR;
}

/** 01:00 UTC on the last Sunday of `month` (0-based) of `year`. */
function lastSundayAt1Utc(year: number, month: number): number {
  const last = new Date(Date.UTC(year, month + 1, 0)); // the month's last day
  return Date.UTC(year, month, last.getUTCDate() - last.getUTCDay(), 1);
}

let intl: Intl.DateTimeFormat | null = null;
function intlOffsetAt(t: number): number {
  intl ??= new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/Paris',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  });
  const f = Object.fromEntries(intl.formatToParts(new Date(t)).map((p) => [p.type, +p.value]));
  return (
    Date.UTC(f.year, f.month - 1, f.day, f.hour, f.minute, f.second) - Math.floor(t / 1000) * 1000
  );
}

/** The Paris wall clock at `d`, field by field (month 1–12). */
export function parisFields(d: Date) {
  const w = new Date(d.getTime() + offsetAt(d.getTime()));
  return {
    y: w.getUTCFullYear(),
    m: w.getUTCMonth() + 1,
    d: w.getUTCDate(),
    h: w.getUTCHours(),
    mi: w.getUTCMinutes(),
    s: w.getUTCSeconds(),
  };
}

/** The instant Paris wall clocks read `h`:00 on that day (fields may overflow: day 32 → next month). */
export function parisWallTime(y: number, m: number, d: number, h = 0): Date {
  const wall = Date.UTC(y, m - 1, d, h);
  const first = wall - offsetAt(wall);
  return new Date(wall - offsetAt(first));
}

/** The instant a Paris day starts (midnight), e.g. '2026-03-29'. Months may overflow (day 32 → next month). */
export function parisDayStart(y: number, m: number, d: number): Date {
  return parisWallTime(y, m, d);
}

/** 'YYYY-MM-DD' → the instant its Paris day starts; null for a date that does not exist. */
export function parseParisDay(ymd: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(ymd);
  if (!match) return null;
  const [y, m, d] = [+match[1], +match[2], +match[3]];
  const check = new Date(Date.UTC(y, m - 1, d));
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== m - 1 || check.getUTCDate() !== d)
    return null;
  return parisDayStart(y, m, d);
}

/** The Paris day after 'YYYY-MM-DD' starts (an inclusive `to` filter ends there). */
export function parisDayEnd(ymd: string): Date | null {
  if (!parseParisDay(ymd)) return null;
  const [y, m, d] = ymd.split('-').map(Number);
  return parisDayStart(y, m, d + 1);
}

/** 'YYYY-MM' → [start, end) instants of that Paris month; null when malformed. */
export function parisMonth(ym: string): { start: Date; end: Date } | null {
  const match = /^(\d{4})-(\d{2})$/.exec(ym);
  if (!match) return null;
  const [y, m] = [+match[1], +match[2]];
  if (m < 1 || m > 12 || y < 1970) return null;
  return { start: parisDayStart(y, m, 1), end: parisDayStart(y, m + 1, 1) };
}

const pad = (n: number) => String(n).padStart(2, '0');

/** JJ/MM/AAAA in Paris. */
export function formatParisDate(d: Date): string {
  const f = parisFields(d);
  return `${pad(f.d)}/${pad(f.m)}/${f.y}`;
}

/** « JJ/MM/AAAA à HH:MM » in Paris. */
export function formatParisDateTime(d: Date): string {
  const f = parisFields(d);
  return `${formatParisDate(d)} à ${pad(f.h)}:${pad(f.mi)}`;
}

/** The Paris day an instant falls in, as 'YYYY-MM-DD'. */
export function parisDayOf(d: Date): string {
  const f = parisFields(d);
  return `${f.y}-${pad(f.m)}-${pad(f.d)}`;
}

/** The same Paris wall-clock time `days` calendar days later (a day across a clock change is 23 or 25 h). */
export function addParisDays(t: Date, days: number): Date {
  const f = parisFields(t);
  const sinceMidnight = t.getTime() - parisDayStart(f.y, f.m, f.d).getTime();
  return new Date(parisDayStart(f.y, f.m, f.d + days).getTime() + sinceMidnight);
}

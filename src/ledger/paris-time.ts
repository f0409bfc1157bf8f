/** Europe/Paris calendar days and months (filters, statements, accrual, CSV dates). */

const parts = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Paris',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

function parisFields(d: Date) {
  const f = Object.fromEntries(parts.formatToParts(d).map((p) => [p.type, p.value]));
  return { y: +f.year, m: +f.month, d: +f.day, h: +f.hour, mi: +f.minute, s: +f.second };
}

/** Paris wall clock minus UTC at instant `t`, in ms (+1 h in winter, +2 h in summer). */
function offsetAt(t: number) {
  const f = parisFields(new Date(t));
  return Date.UTC(f.y, f.m - 1, f.d, f.h, f.mi, f.s) - Math.floor(t / 1000) * 1000;
}

/** The instant a Paris day starts (midnight), e.g. '2026-03-29'. Months may overflow (day 32 → next month). */
export function parisDayStart(y: number, m: number, d: number): Date {
  const wall = Date.UTC(y, m - 1, d);
  const first = wall - offsetAt(wall);
  return new Date(wall - offsetAt(first));
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

/** Europe/Paris calendar days as 'YYYY-MM-DD' (accrual days, "today" for the market's volume). */

const dayFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Paris',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});
const wallFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Paris',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** The Paris day an instant falls in. */
export const parisDayOf = (d: Date) => dayFormat.format(d);

/** Paris wall clock minus UTC at instant t, in ms. */
function offsetAt(t: number) {
  const f = Object.fromEntries(wallFormat.formatToParts(new Date(t)).map((p) => [p.type, p.value]));
  const wall = Date.UTC(+f.year, +f.month - 1, +f.day, +f.hour, +f.minute, +f.second);
  return wall - Math.floor(t / 1000) * 1000;
}

/** The instant Paris midnight starts a day (midnight never falls in a DST gap there). */
export function parisDayStart(day: string): Date {
  const [y, m, d] = day.split('-').map(Number);
  const wall = Date.UTC(y, m - 1, d);
  return new Date(wall - offsetAt(wall));
}

/** The calendar day after `day`. */
export function nextDay(day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

/** The instant the day after `day` starts (the end of `day`). */
export const parisDayEnd = (day: string) => parisDayStart(nextDay(day));

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addParisDays, parisDayOf, parisFields, parisWallTime } from './paris-time';

const intl = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Paris',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});
/** What Intl's time-zone data says the Paris wall clock reads at `t`. */
function intlFields(t: number) {
  const f = Object.fromEntries(intl.formatToParts(new Date(t)).map((p) => [p.type, +p.value]));
  return { y: f.year, m: f.month, d: f.day, h: f.hour, mi: f.minute, s: f.second };
}
const HOUR = 3_600_000;

describe('Paris calendar days', () => {
  it('adds calendar days at the same wall-clock time across a clock change', () => {
    // 23:30 in Paris (winter) + 121 days crosses the March change: still 23:30, 121 days on.
    const late = new Date('2026-12-07T22:30:00Z');
    expect(addParisDays(late, 121).toISOString()).toBe('2027-04-07T21:30:00.000Z');
    expect(parisDayOf(addParisDays(late, 121))).toBe('2027-04-07');
    // 00:30 in Paris (summer) + 30 days crosses the October change.
    const early = new Date('2026-10-14T22:30:00Z');
    expect(addParisDays(early, 30).toISOString()).toBe('2026-11-13T23:30:00.000Z');
    expect(parisDayOf(addParisDays(early, 30))).toBe('2026-11-14');
    // Plain 24 h multiples would have landed a day off in both cases.
    expect(parisDayOf(new Date(+late + 121 * 86_400_000))).toBe('2027-04-08');
    expect(parisDayOf(new Date(+early + 30 * 86_400_000))).toBe('2026-11-13');
  });

  it('reads the Paris wall clock as Intl’s time-zone data does, 1990–2100', () => {
    // Every quarter hour from 4 h before to 4 h after 01:00 UTC on each March and October
    // Sunday the clocks may change, then hour by hour through whole years, then anywhere.
    for (let y = 1990; y <= 2100; y++)
      for (const month of [2, 8, 9])
        // September: France's rule until 1995
        for (let day = 22; day <= 31; day++) {
          const at = Date.UTC(y, month, day, 1);
          if (new Date(at).getUTCDay() !== 0 || new Date(at).getUTCMonth() !== month) continue;
          for (let t = at - 4 * HOUR; t <= at + 4 * HOUR; t += HOUR / 4)
            expect(parisFields(new Date(t))).toEqual(intlFields(t));
        }
    for (const y of [1995, 1996, 2026, 2027])
      for (let t = Date.UTC(y, 0, 1); t < Date.UTC(y + 1, 0, 1); t += HOUR)
        expect(parisFields(new Date(t))).toEqual(intlFields(t));
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2100, 11, 31) }), (t) => {
        expect(parisFields(new Date(t))).toEqual(intlFields(t));
      }),
      { numRuns: 20_000 },
    );
  });

  it('finds the instant of a Paris wall-clock hour on either side of a change', () => {
    expect(parisWallTime(2026, 3, 29).toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(parisWallTime(2026, 3, 29, 6).toISOString()).toBe('2026-03-29T04:00:00.000Z');
    expect(parisWallTime(2026, 10, 25).toISOString()).toBe('2026-10-24T22:00:00.000Z');
    expect(parisWallTime(2026, 10, 25, 6).toISOString()).toBe('2026-10-25T05:00:00.000Z');
    expect(parisWallTime(2026, 12, 32).toISOString()).toBe('2026-12-31T23:00:00.000Z');
    for (let day = 1; day <= 366; day++) {
      const start = parisWallTime(2027, 1, day);
      expect(intlFields(start.getTime())).toMatchObject({ h: 0, mi: 0, s: 0 });
      expect(intlFields(parisWallTime(2027, 1, day, 6).getTime())).toMatchObject({ h: 6, mi: 0 });
    }
  });
});

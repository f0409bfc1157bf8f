import { describe, expect, it } from 'vitest';
import { isDue, occurrenceDate, parisTimeOn, validDay, withinEnd } from './occurrences';

const dates = (anchor: string, f: Parameters<typeof occurrenceDate>[1], n: number) =>
  Array.from({ length: n }, (_, k) => occurrenceDate(anchor, f, k));

describe('occurrences of a scheduled transfer', () => {
  it('runs the 31st on the last day of shorter months, and on the 31st again after', () => {
    expect(dates('2026-01-31', 'monthly', 6)).toEqual([
      '2026-01-31',
      '2026-02-28',
      '2026-03-31',
      '2026-04-30',
      '2026-05-31',
      '2026-06-30',
    ]);
    expect(dates('2026-08-31', 'quarterly', 3)).toEqual(['2026-08-31', '2026-11-30', '2027-02-28']);
  });

  it('knows leap years: 29 February in 2028, the 28th in common years', () => {
    expect(dates('2028-01-31', 'monthly', 2)).toEqual(['2028-01-31', '2028-02-29']);
    expect(dates('2028-02-29', 'yearly', 5)).toEqual([
      '2028-02-29',
      '2029-02-28',
      '2030-02-28',
      '2031-02-28',
      '2032-02-29',
    ]);
    expect(dates('2100-01-31', 'monthly', 2)[1]).toBe('2100-02-28'); // not a leap year
  });

  it('adds weeks across month and year ends; a one-off has one occurrence', () => {
    expect(dates('2026-12-24', 'weekly', 3)).toEqual(['2026-12-24', '2026-12-31', '2027-01-07']);
    expect(dates('2026-12-24', 'once', 2)).toEqual(['2026-12-24', null]);
  });

  it('stops at the end date or after the count', () => {
    const s = { endDate: '2026-03-31', count: null };
    expect(withinEnd(s, '2026-03-31', 3)).toBe(true);
    expect(withinEnd(s, '2026-04-30', 3)).toBe(false);
    expect(withinEnd({ endDate: null, count: 3 }, '2027-01-01', 2)).toBe(true);
    expect(withinEnd({ endDate: null, count: 3 }, '2027-01-01', 3)).toBe(false);
    expect(withinEnd({ endDate: null, count: null }, null, 0)).toBe(false);
  });

  it('runs at 06:00 Paris whichever side of a DST change (UTC+1 in winter, UTC+2 in summer)', () => {
    expect(parisTimeOn('2026-01-15', 6).toISOString()).toBe('2026-01-15T05:00:00.000Z');
    expect(parisTimeOn('2026-07-15', 6).toISOString()).toBe('2026-07-15T04:00:00.000Z');
    // Clocks go forward at 02:00 on 29 March 2026 and back at 03:00 on 25 October 2026.
    expect(parisTimeOn('2026-03-29', 6).toISOString()).toBe('2026-03-29T04:00:00.000Z');
    expect(parisTimeOn('2026-03-28', 6).toISOString()).toBe('2026-03-28T05:00:00.000Z');
    expect(parisTimeOn('2026-10-25', 6).toISOString()).toBe('2026-10-25T05:00:00.000Z');
    expect(parisTimeOn('2026-10-24', 6).toISOString()).toBe('2026-10-24T04:00:00.000Z');
    expect(isDue('2026-03-29', new Date('2026-03-29T03:59:59Z'))).toBe(false);
    expect(isDue('2026-03-29', new Date('2026-03-29T04:00:00Z'))).toBe(true);
    expect(isDue('2026-10-25', new Date('2026-10-25T04:59:59Z'))).toBe(false);
    expect(isDue('2026-10-25', new Date('2026-10-25T05:00:00Z'))).toBe(true);
  });

  it('accepts only real calendar days', () => {
    expect(validDay('2028-02-29')).toBe('2028-02-29');
    expect(validDay('2027-02-29')).toBeNull();
    expect(validDay('2026-13-01')).toBeNull();
    expect(validDay('2026-1-01')).toBeNull();
  });
});

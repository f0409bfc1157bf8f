import { describe, expect, it } from 'vitest';
import { addParisDays, parisDayOf } from './paris-time';

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
});

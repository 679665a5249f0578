import { describe, expect, it } from 'vitest';
import { parseQuietHours, quietHoursRelease } from '../../../src/policy/quiet-hours';

const LA = 'America/Los_Angeles';
const night = { start: '22:00', end: '07:00' };

describe('quietHoursRelease', () => {
  it('When a text falls at 23:00 inside 22:00-07:00, then it is held until 07:00 the next morning (Los Angeles)', () => {
    // 2026-12-01 23:00 PST = 2026-12-02 07:00 UTC
    expect(quietHoursRelease(new Date('2026-12-02T07:00:00Z'), night, LA)).toEqual(new Date('2026-12-02T15:00:00Z'));
  });

  it('When a text falls at 03:10 after midnight, then it is held until 07:00 the same morning', () => {
    expect(quietHoursRelease(new Date('2026-12-02T11:10:00Z'), night, LA)).toEqual(new Date('2026-12-02T15:00:00Z'));
  });

  it('When a text falls outside the quiet hours (or exactly at their end), then it is sent now', () => {
    expect(quietHoursRelease(new Date('2026-12-02T15:00:00Z'), night, LA)).toBeNull();
    expect(quietHoursRelease(new Date('2026-12-02T20:00:00Z'), night, LA)).toBeNull();
    expect(quietHoursRelease(new Date('2026-12-02T20:00:00Z'), null, LA)).toBeNull();
  });

  it('When the quiet hours lie within one day (12:00-13:30), then 12:15 is held until 13:30', () => {
    expect(quietHoursRelease(new Date('2026-12-02T12:15:00Z'), { start: '12:00', end: '13:30' }, 'UTC')).toEqual(new Date('2026-12-02T13:30:00Z'));
  });

  it('When the night spans the spring DST change, then the end is 07:00 local daylight time', () => {
    // 2027-03-14: clocks go from 02:00 PST to 03:00 PDT; 07:00 PDT = 14:00 UTC
    expect(quietHoursRelease(new Date('2027-03-14T07:30:00Z'), night, LA)).toEqual(new Date('2027-03-14T14:00:00Z'));
  });
});

describe('parseQuietHours', () => {
  it('When a range is typed, then it is read in 24-hour time', () => {
    expect(parseQuietHours('22:00-7:00')).toEqual({ ok: true, quiet: { start: '22:00', end: '07:00' } });
  });

  it.each([
    ['22:00-22:00', 'is an empty range'],
    ['25:00-07:00', 'is not a range of two times'],
    ['10pm-7am', 'is not a range of two times'],
    ['22:00-07:00 06:00-08:00', 'one range only'],
    ['', 'Give one range'],
  ])('When "%s" is typed, then it is refused (%s)', (text, reason) => {
    const parsed = parseQuietHours(text);
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? '' : parsed.reason).toContain(reason);
  });
});

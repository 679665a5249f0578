import { describe, expect, it } from 'vitest';
import { dueWindows, formatWithOffset, windowStartOf } from '../../../src/ringcx/audit-windows';

const MIN = 60_000;
const at = (iso: string) => new Date(iso);

describe('RingCX audit windows', () => {
  it('When a window closed less than the delay ago, then it is not due; at the delay it is', () => {
    const cursor = at('2026-03-02T10:00:00.000Z');
    expect(dueWindows({ cursor, now: at('2026-03-02T10:19:59.999Z'), windowMs: 15 * MIN, delayMs: 5 * MIN })).toEqual([]);
    expect(dueWindows({ cursor, now: at('2026-03-02T10:20:00.000Z'), windowMs: 15 * MIN, delayMs: 5 * MIN })).toEqual([
      { start: at('2026-03-02T10:00:00.000Z'), end: at('2026-03-02T10:15:00.000Z') },
    ]);
  });

  it('When polling resumes after a 2-hour outage, then the 8 missed windows are due, contiguous and in order', () => {
    const cursor = at('2026-03-02T10:00:00.000Z');
    const windows = dueWindows({ cursor, now: at('2026-03-02T12:05:00.000Z'), windowMs: 15 * MIN, delayMs: 5 * MIN });
    expect(windows).toHaveLength(8);
    expect(windows[0]!.start).toEqual(cursor);
    expect(windows.at(-1)!.end).toEqual(at('2026-03-02T12:00:00.000Z'));
    for (let i = 1; i < windows.length; i += 1) expect(windows[i]!.start).toEqual(windows[i - 1]!.end);
  });

  it('When a cursor sits inside a window, then the first window ends at the next boundary', () => {
    const windows = dueWindows({ cursor: at('2026-03-02T10:07:00.000Z'), now: at('2026-03-02T11:00:00.000Z'), windowMs: 15 * MIN, delayMs: 5 * MIN, max: 2 });
    expect(windows).toEqual([
      { start: at('2026-03-02T10:07:00.000Z'), end: at('2026-03-02T10:15:00.000Z') },
      { start: at('2026-03-02T10:15:00.000Z'), end: at('2026-03-02T10:30:00.000Z') },
    ]);
    expect(windowStartOf(at('2026-03-02T10:07:00.000Z'), 15 * MIN)).toEqual(at('2026-03-02T10:00:00.000Z'));
  });

  it('When times are formatted for RingCX, then they carry the zone offset of that instant and never Z', () => {
    expect(formatWithOffset(at('2025-11-20T08:00:00.000Z'), 'America/Los_Angeles')).toBe('2025-11-20T00:00:00.000-08:00');
    expect(formatWithOffset(at('2025-07-20T07:00:00.000Z'), 'America/Los_Angeles')).toBe('2025-07-20T00:00:00.000-07:00');
    expect(formatWithOffset(at('2025-11-20T08:00:00.000Z'), 'UTC')).toBe('2025-11-20T08:00:00.000+00:00');
    expect(formatWithOffset(at('2025-11-20T08:00:00.000Z'), 'Asia/Kathmandu')).toBe('2025-11-20T13:45:00.000+05:45');
    expect(formatWithOffset(at('2025-11-20T08:00:00.000Z'), 'Not/AZone')).toBe('2025-11-20T08:00:00.000+00:00');
  });

  it('When windows cross the autumn DST change, then they stay 15 minutes long and contiguous, the offset switching from -07:00 to -08:00', () => {
    // 2026-11-01 02:00 PDT → 01:00 PST in Los Angeles (09:00 UTC).
    const windows = dueWindows({ cursor: at('2026-11-01T08:30:00.000Z'), now: at('2026-11-01T09:35:00.000Z'), windowMs: 15 * MIN, delayMs: 5 * MIN });
    const texts = windows.map((w) => [formatWithOffset(w.start, 'America/Los_Angeles'), formatWithOffset(w.end, 'America/Los_Angeles')]);
    expect(texts).toEqual([
      ['2026-11-01T01:30:00.000-07:00', '2026-11-01T01:45:00.000-07:00'],
      ['2026-11-01T01:45:00.000-07:00', '2026-11-01T01:00:00.000-08:00'],
      ['2026-11-01T01:00:00.000-08:00', '2026-11-01T01:15:00.000-08:00'],
      ['2026-11-01T01:15:00.000-08:00', '2026-11-01T01:30:00.000-08:00'],
    ]);
    for (const [start, end] of texts) expect(Date.parse(end!) - Date.parse(start!)).toBe(15 * MIN);
  });
});

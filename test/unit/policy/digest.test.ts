import { describe, expect, it } from 'vitest';
import { digestRelease } from '../../../src/policy/digest';

const LA = 'America/Los_Angeles';

describe('digestRelease', () => {
  it('When a low alert comes at 14:20 with an hourly digest, then it waits for 15:00 local', () => {
    // 14:20 PST = 22:20 UTC
    expect(digestRelease(new Date('2026-12-01T22:20:00Z'), 'low', 'hourly', LA)).toEqual(new Date('2026-12-01T23:00:00Z'));
  });

  it('When a medium alert comes at 23:30 with an hourly digest, then it waits for midnight', () => {
    expect(digestRelease(new Date('2026-12-02T07:30:00Z'), 'medium', 'hourly', LA)).toEqual(new Date('2026-12-02T08:00:00Z'));
  });

  it('When a low alert comes at 10:00 with a daily digest, then it waits for 09:00 the next day; one at 08:00 waits for 09:00 that day', () => {
    expect(digestRelease(new Date('2026-12-01T18:00:00Z'), 'low', 'daily', LA)).toEqual(new Date('2026-12-02T17:00:00Z'));
    expect(digestRelease(new Date('2026-12-01T16:00:00Z'), 'low', 'daily', LA)).toEqual(new Date('2026-12-01T17:00:00Z'));
  });

  it('When an alert is high or critical, or the digest is off, then it goes out now', () => {
    expect(digestRelease(new Date('2026-12-01T22:20:00Z'), 'high', 'hourly', LA)).toBeNull();
    expect(digestRelease(new Date('2026-12-01T22:20:00Z'), 'critical', 'daily', LA)).toBeNull();
    expect(digestRelease(new Date('2026-12-01T22:20:00Z'), 'low', 'off', LA)).toBeNull();
  });
});

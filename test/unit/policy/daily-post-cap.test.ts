import { describe, expect, it } from 'vitest';
import { capReopensAt, isDailyPostCap } from '../../../src/policy/daily-post-cap';
import { RingCentralError } from '../../../src/ringcentral/rest-client';

describe('daily post cap', () => {
  it("When RingCentral answers 500 'You have exceeded your limits for this action.', then it is the daily post cap", () => {
    expect(isDailyPostCap(new RingCentralError(500, 'CMN-201', 'You have exceeded your limits for this action.', undefined, {}))).toBe(true);
  });

  it('When RingCentral answers a plain 500 with the same code, or a 429, then it is not the cap (it is retried as usual)', () => {
    expect(isDailyPostCap(new RingCentralError(500, 'CMN-201', 'Service Temporary Unavailable. Please try again later', undefined, {}))).toBe(false);
    expect(isDailyPostCap(new RingCentralError(429, 'CMN-301', 'Request rate exceeded', 60, {}))).toBe(false);
    expect(isDailyPostCap(new Error('You have exceeded your limits for this action.'))).toBe(false);
  });

  it('When the cap is hit at any time of a UTC day, then the chat reopens at the next midnight UTC', () => {
    expect(capReopensAt(new Date('2026-12-01T18:40:00Z')).toISOString()).toBe('2026-12-02T00:00:00.000Z');
    expect(capReopensAt(new Date('2026-12-31T23:59:59.999Z')).toISOString()).toBe('2027-01-01T00:00:00.000Z');
    expect(capReopensAt(new Date('2026-12-02T00:00:00Z')).toISOString()).toBe('2026-12-03T00:00:00.000Z');
  });
});

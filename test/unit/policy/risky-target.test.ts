import { describe, expect, it } from 'vitest';
import { riskyTarget, riskyTargetNote } from '../../../src/policy/risky-target';

describe('riskyTarget', () => {
  it('When company calls are forwarded to a UK premium-rate number from a US account, then both reasons are given', () => {
    const target = riskyTarget(['Forward all calls to +44 909 876 0000'], 'US');
    expect(target).toEqual({ number: '+44 909 876 0000', reasons: ['outside United States (United Kingdom)', 'premium rate: toll-fraud pattern'] });
    expect(riskyTargetNote(target!)).toBe('Forwards all calls to +44 909 876 0000 — outside United States (United Kingdom); premium rate: toll-fraud pattern');
  });

  it('When calls go to a US 900 number, then it is premium rate', () => {
    expect(riskyTarget(['Forward all calls to 1 (900) 555-0123'], 'US')?.reasons).toEqual(['premium rate: toll-fraud pattern']);
  });

  it('When calls go to a London landline from a US account, then it is outside the country only', () => {
    expect(riskyTarget(['+44 20 7946 0958'], 'US')).toEqual({ number: '+44 20 7946 0958', reasons: ['outside United States (United Kingdom)'] });
  });

  it('When the number is of no known type, then it says so', () => {
    expect(riskyTarget(['Forward all calls to +1 123 456 7890'], 'US')?.reasons).toEqual(['unknown number type']);
  });

  it('When calls go to an ordinary number at home, or no number is named, then nothing is risky', () => {
    expect(riskyTarget(['Forward all calls to +16505550142'], 'US')).toBeUndefined();
    expect(riskyTarget(['Play company greeting', undefined], 'US')).toBeUndefined();
  });
});

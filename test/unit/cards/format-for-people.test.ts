import { describe, expect, it } from 'vitest';
import { formatCardTime } from '../../../src/cards/format-card-time';
import { formatAlertTime } from '../../../src/alerts/format-alert-time';
import { formatPhoneNumber, formatPhoneNumbersIn } from '../../../src/cards/format-phone-number';

describe('times and numbers as people read them', () => {
  const when = new Date('2026-11-22T00:05:00Z');

  it('When a card shows a time, then it is the alert time format in the admin\'s zone', () => {
    const alert = formatAlertTime(when, 'America/Los_Angeles');
    expect(formatCardTime(when, 'America/Los_Angeles')).toBe(`${alert.date} ${alert.time}`);
    expect(formatCardTime(when, 'America/Los_Angeles')).toBe('Nov 21, 2026 4:05 pm');
  });

  it('When no zone or an invalid one is known, then the time is in UTC and says so', () => {
    expect(formatCardTime(when, null)).toBe('Nov 22, 2026 12:05 am UTC');
    expect(formatCardTime(when, 'Mars/Olympus_Mons')).toBe('Nov 22, 2026 12:05 am UTC');
  });

  it('When a number is of the account\'s country, then it reads in national form; any other, in international form', () => {
    expect(formatPhoneNumber('+16505550100', 'US')).toBe('(650) 555-0100');
    expect(formatPhoneNumber('+447400123456', 'US')).toBe('+44 7400 123456');
    expect(formatPhoneNumber('+447400123456', 'GB')).toBe('07400 123456');
    expect(formatPhoneNumber('+16505550100', null)).toBe('(650) 555-0100');
    expect(formatPhoneNumber('not a number', 'US')).toBe('not a number');
  });

  it('When a change line holds E.164 numbers, then each is formatted and the rest is kept', () => {
    expect(formatPhoneNumbersIn('SMS recipients: (none) → +16505550101, +447400123456', 'US')).toBe('SMS recipients: (none) → (650) 555-0101, +44 7400 123456');
  });
});

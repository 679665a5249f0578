import { getCountryCallingCode, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import type { EventKey } from '../catalog/event-catalog';

/** A forwarding target that raises the alert to critical, and why. */
export interface RiskyTarget {
  /** International format: "+44 909 876 0000". */
  number: string;
  /** "outside United States (United Kingdom)", "premium rate: toll-fraud pattern", "unknown number type". */
  reasons: string[];
}

/** The events whose records name where calls are forwarded (forward-all-calls rules, company call forwarding). */
export const FORWARDING_EVENTS: readonly EventKey[] = ['fac-user-enabled', 'fac-company-changed'];

/** Phone-number-like runs in a text: "+44 909 876 0000", "(650) 555-0142". */
const NUMBER_LIKE = /\+?\d[\d\s().-]{5,}\d/g;

const countryName = (code: string): string => {
  try {
    return new Intl.DisplayNames(['en'], { type: 'region' }).of(code) ?? code;
  } catch {
    return code;
  }
};

/**
 * The risky-target policy: the first number in `values` (the record's forwarding target) read with
 * libphonenumber in the account's country. It is risky when it is outside that country, a premium-rate
 * number, or of no known type (not a valid number anywhere) — common toll-fraud patterns. Undefined
 * when no value names a number or the number is ordinary.
 */
export function riskyTarget(values: readonly (string | undefined)[], accountCountry: string | null): RiskyTarget | undefined {
  const region = accountCountry && /^[A-Z]{2}$/.test(accountCountry) ? (accountCountry as CountryCode) : undefined;
  for (const value of values) {
    for (const match of value?.match(NUMBER_LIKE) ?? []) {
      const digits = match.replace(/[^\d+]/g, '');
      if (digits.replace('+', '').length < 7) continue;
      const phone = parsePhoneNumberFromString(match, region);
      if (!phone) return { number: match.trim(), reasons: ['unknown number type'] };
      const reasons: string[] = [];
      if (region && phone.country && phone.country !== region) reasons.push(`outside ${countryName(region)} (${countryName(phone.country)})`);
      else if (region && !phone.country && phone.countryCallingCode !== getCountryCallingCode(region)) reasons.push(`outside ${countryName(region)} (country code +${phone.countryCallingCode})`);
      const type = phone.isValid() ? phone.getType() : undefined;
      if (type === 'PREMIUM_RATE') reasons.push('premium rate: toll-fraud pattern');
      else if (type === undefined) reasons.push('unknown number type');
      return reasons.length > 0 ? { number: phone.formatInternational(), reasons } : undefined;
    }
  }
  return undefined;
}

/** "Forwards all calls to +44 909 876 0000 — premium rate: toll-fraud pattern". */
export function riskyTargetNote(target: RiskyTarget): string {
  return `Forwards all calls to ${target.number} — ${target.reasons.join('; ')}`;
}

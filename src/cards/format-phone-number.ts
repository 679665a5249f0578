import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

/** The account's country as libphonenumber reads it (US when unknown), e.g. "US", "GB". */
export function accountCountry(country: string | null | undefined): CountryCode {
  return (country && /^[A-Z]{2}$/i.test(country) ? country.toUpperCase() : 'US') as CountryCode;
}

/**
 * A number as the admin reads it: national form for a number of the account's country
 * ("(650) 555-0100"), international form for any other ("+44 7700 900123"); as given when unreadable.
 */
export function formatPhoneNumber(number: string, country: string | null | undefined): string {
  const parsed = parsePhoneNumberFromString(number, accountCountry(country));
  if (!parsed || !parsed.isValid()) return number;
  return parsed.country === accountCountry(country) ? parsed.formatNational() : parsed.formatInternational();
}

/** Every E.164 number in `text` formatted for the account's country ("+16505550100 → (650) 555-0100"). */
export function formatPhoneNumbersIn(text: string, country: string | null | undefined): string {
  return text.replace(/\+\d{8,15}\b/g, (match) => formatPhoneNumber(match, country));
}

/** The wording used wherever a number is typed: README, cards and refusals. */
export const NUMBER_FORM_HINT = "Any usual form is accepted, read in the account's country";

import { getExampleNumber, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import examples from 'libphonenumber-js/mobile/examples';
import { NUMBER_FORM_HINT } from '../cards/format-phone-number';

/** A mobile number of the country in its national form, e.g. "(201) 555-0123" for US. */
const example = (country: CountryCode): string => getExampleNumber(country, examples)?.formatNational() ?? '+1 650 555 0100';

/** The result of reading a phone number typed by an admin. */
export type ParsedPhone = { ok: true; e164: string } | { ok: false; message: string };

/**
 * Reads a number as E.164, in the admin's account region (US when unknown), so "(650) 555-0100" and
 * "+1 650 555 0100" are the same recipient.
 */
export function parsePhone(text: string, region: string | null | undefined): ParsedPhone {
  const trimmed = text.trim();
  const country = (region && /^[A-Z]{2}$/i.test(region) ? region.toUpperCase() : 'US') as CountryCode;
  const parsed = parsePhoneNumberFromString(trimmed, country);
  if (!parsed || !parsed.isValid()) {
    return {
      ok: false,
      message: `"${trimmed}" is not a phone number I can read. ${NUMBER_FORM_HINT} (${country}), such as ${example(country)} or +44 20 7946 0958.`,
    };
  }
  return { ok: true, e164: parsed.number };
}

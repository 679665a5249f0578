import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

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
    return { ok: false, message: `"${trimmed}" is not a phone number I can read. Write it with its country code, like +1 650 555 0100.` };
  }
  return { ok: true, e164: parsed.number };
}

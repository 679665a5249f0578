import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Checks `X-Glip-Signature`: HMAC-SHA1 of the raw body bytes keyed with the shared secret, hex.
 * RingCentral's docs show a `sha1=` prefix while its sample compares the bare digest, so both are
 * accepted (RINGCENTRAL.md §4). Compared in constant time.
 */
export function verifyGlipSignature(rawBody: Buffer, header: string | undefined, sharedSecret: string): boolean {
  if (!header) return false;
  const given = header.trim().replace(/^sha1=/i, '').toLowerCase();
  if (!/^[0-9a-f]{40}$/.test(given)) return false;
  const expected = createHmac('sha1', sharedSecret).update(rawBody).digest();
  return timingSafeEqual(expected, Buffer.from(given, 'hex'));
}

/** The header value RingCentral would send for `rawBody` (used by the simulator and tests). */
export function signGlipBody(rawBody: Buffer | string, sharedSecret: string): string {
  return `sha1=${createHmac('sha1', sharedSecret).update(rawBody).digest('hex')}`;
}

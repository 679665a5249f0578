import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseEncryptionKey, TokenCipher } from '../../../src/crypto/token-cipher';

/** A bot token shaped like the ones RingCentral issues (opaque, long, base64-ish). */
const BOT_TOKEN = 'U0pDMTFQMDFQQVMwMHxBQUFWZmY4ZXoxYXRxYVFxNUlOX19fS2VfLXBTQ1pjWlRfTTVsaUNTdzh8';
const KEY = Buffer.from('4f1c9d2a7be03e5586a1c4d9f07b2e61a3c5d7e9f1b3d5c7e9a1b3c5d7e9f1a3', 'hex');

/** Decodes a sealed value, lets `mutate` change its bytes, and seals it back into the same text form. */
function tamper(sealed: string, mutate: (raw: Buffer) => void): string {
  const raw = Buffer.from(sealed.slice('v1:'.length), 'base64');
  mutate(raw);
  return `v1:${raw.toString('base64')}`;
}

describe('TokenCipher', () => {
  it('When a bot token is encrypted and decrypted with the same key, then the original token comes back', () => {
    const cipher = new TokenCipher(KEY);

    expect(cipher.decrypt(cipher.encrypt(BOT_TOKEN))).toBe(BOT_TOKEN);
  });

  it('When a value with non-ASCII text is sealed, then it round-trips byte for byte', () => {
    const cipher = new TokenCipher(KEY);
    const secret = 'pässwörd – 🔐 ✓';

    expect(cipher.decrypt(cipher.encrypt(secret))).toBe(secret);
  });

  it('When a token is encrypted, then the stored text is versioned and never contains the token', () => {
    const sealed = new TokenCipher(KEY).encrypt(BOT_TOKEN);

    expect(sealed).toMatch(/^v1:[A-Za-z0-9+/]+=*$/);
    expect(sealed).not.toContain(BOT_TOKEN);
    expect(sealed).not.toContain(BOT_TOKEN.slice(0, 16));
    expect(Buffer.from(sealed.slice(3), 'base64').includes(Buffer.from(BOT_TOKEN))).toBe(false);
  });

  it('When the same token is encrypted twice, then the two stored values differ (fresh IV) and both decrypt', () => {
    const cipher = new TokenCipher(KEY);
    const first = cipher.encrypt(BOT_TOKEN);
    const second = cipher.encrypt(BOT_TOKEN);

    expect(first).not.toBe(second);
    // The 12-byte IVs themselves differ, not only the text.
    expect(Buffer.from(first.slice(3), 'base64').subarray(0, 12)).not.toEqual(Buffer.from(second.slice(3), 'base64').subarray(0, 12));
    expect(cipher.decrypt(first)).toBe(BOT_TOKEN);
    expect(cipher.decrypt(second)).toBe(BOT_TOKEN);
  });

  it('When one byte of the encrypted token is changed in the database, then decrypting throws instead of returning garbage', () => {
    const cipher = new TokenCipher(KEY);
    const sealed = cipher.encrypt(BOT_TOKEN);
    const tampered = tamper(sealed, (raw) => {
      raw[raw.length - 1]! ^= 0x01; // last ciphertext byte
    });

    expect(tampered).not.toBe(sealed);
    expect(() => cipher.decrypt(tampered)).toThrow();
  });

  it('When the authentication tag is changed, then decrypting throws', () => {
    const cipher = new TokenCipher(KEY);
    const tampered = tamper(cipher.encrypt(BOT_TOKEN), (raw) => {
      raw[12]! ^= 0x80; // first tag byte
    });

    expect(() => cipher.decrypt(tampered)).toThrow();
  });

  it('When a value sealed under one key is opened with another key, then decrypting throws', () => {
    const sealed = new TokenCipher(KEY).encrypt(BOT_TOKEN);
    const otherKey = Buffer.from(KEY);
    otherKey[0]! ^= 0xff;

    expect(() => new TokenCipher(otherKey).decrypt(sealed)).toThrow();
    expect(() => new TokenCipher(randomBytes(32)).decrypt(sealed)).toThrow();
  });

  it('When a plaintext token (not sealed) is read back, then decrypting throws "not an encrypted value"', () => {
    expect(() => new TokenCipher(KEY).decrypt(BOT_TOKEN)).toThrow('not an encrypted value');
  });

  it('When a sealed value is cut short, then decrypting throws "truncated"', () => {
    const sealed = new TokenCipher(KEY).encrypt(BOT_TOKEN);

    expect(() => new TokenCipher(KEY).decrypt(sealed.slice(0, 20))).toThrow('encrypted value is truncated');
  });

  it('When the cipher is built with a 16-byte key, then it refuses (AES-256 needs 32 bytes)', () => {
    expect(() => new TokenCipher(randomBytes(16))).toThrow('32-byte key');
  });
});

describe('parseEncryptionKey', () => {
  /** Bytes 0xfb repeated: their base64 uses '+', '/' and padding, so the URL-safe form differs. */
  const BYTES = Buffer.alloc(32, 0xfb);
  const BASE64 = BYTES.toString('base64');
  const BASE64URL = BYTES.toString('base64url');

  it('When the key is 64 hex characters, in either case, then the 32 bytes are returned', () => {
    expect(parseEncryptionKey(KEY.toString('hex')).equals(KEY)).toBe(true);
    expect(parseEncryptionKey(KEY.toString('hex').toUpperCase()).equals(KEY)).toBe(true);
  });

  it('When the key is standard base64 with padding, then the 32 bytes are returned', () => {
    expect(BASE64).toMatch(/[+/].*=$/);
    expect(parseEncryptionKey(BASE64).equals(BYTES)).toBe(true);
  });

  it('When the key is URL-safe base64 without padding, then the same 32 bytes are returned', () => {
    expect(BASE64URL).toMatch(/[-_]/);
    expect(BASE64URL).not.toContain('=');
    expect(parseEncryptionKey(BASE64URL).equals(BYTES)).toBe(true);
  });

  it('When the key was pasted with a trailing newline, then it is still read', () => {
    expect(parseEncryptionKey(`${BASE64}\n`).equals(BYTES)).toBe(true);
  });

  it('When the key decodes to 16 bytes, then it is refused with the byte count and how to make a good one', () => {
    expect(() => parseEncryptionKey(randomBytes(16).toString('base64'))).toThrow(
      'must decode to 32 bytes, got 16 (generate one with: openssl rand -base64 32)',
    );
  });

  it('When the key is 63 hex characters, then it is refused', () => {
    expect(() => parseEncryptionKey(KEY.toString('hex').slice(1))).toThrow(/32 bytes/);
  });

  it('When the key is not hex or base64, then it is refused', () => {
    expect(() => parseEncryptionKey('correct horse battery staple!')).toThrow(
      'must be 32 bytes as 64 hex characters or base64',
    );
  });
});

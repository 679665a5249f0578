import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const PREFIX = 'v1:';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Reads a 32-byte key written as 64 hex characters or as base64 (standard or URL-safe). */
export function parseEncryptionKey(text: string): Buffer {
  const value = text.trim();
  if (/^[0-9a-f]{64}$/i.test(value)) return Buffer.from(value, 'hex');
  if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(value)) {
    const key = Buffer.from(value.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    if (key.length === 32) return key;
    throw new Error(`must decode to 32 bytes, got ${key.length} (generate one with: openssl rand -base64 32)`);
  }
  throw new Error('must be 32 bytes as 64 hex characters or base64 (generate one with: openssl rand -base64 32)');
}

/** A sealed value that this key cannot open: ENCRYPTION_KEY is not the key it was sealed with. */
export class EncryptionKeyMismatch extends Error {
  constructor() {
    super('ENCRYPTION_KEY does not match the one these tokens were sealed with');
    this.name = 'EncryptionKeyMismatch';
  }
}

/** Encrypts and decrypts tokens and secrets at rest with AES-256-GCM. */
export class TokenCipher {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error('AES-256-GCM needs a 32-byte key');
  }

  /** `v1:` + base64(iv ‖ tag ‖ ciphertext); a fresh random IV every call. */
  encrypt(plaintext: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
  }

  /** Throws EncryptionKeyMismatch when the value was not produced under this key (or was tampered with). */
  decrypt(sealed: string): string {
    if (!sealed.startsWith(PREFIX)) throw new Error('not an encrypted value');
    const raw = Buffer.from(sealed.slice(PREFIX.length), 'base64');
    if (raw.length < IV_BYTES + TAG_BYTES) throw new Error('encrypted value is truncated');
    const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, IV_BYTES));
    decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    try {
      return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
    } catch {
      // GCM's tag check fails alike for another key and for tampering; another key is what operators meet.
      throw new EncryptionKeyMismatch();
    }
  }
}

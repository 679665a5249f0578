import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signGlipBody, verifyGlipSignature } from '../../../src/http/verify-glip-signature';

const SHARED_SECRET = 'glip-shared-secret-7b1e9c';

/** A card submit as RingCentral posts it to the Interactive Messages URL (RINGCENTRAL.md §4). */
const submit = {
  uuid: '5b0cbb0e-7b7f-4a9e-bc0b-0d6a3f9c7f21',
  timestamp: '2026-11-21T10:15:30.123Z',
  type: 'button_submit',
  appId: 'Bq3kXvN7SZq0vKx1w2p9aA',
  user: { id: '62288329856', firstName: 'Jane', lastName: 'Doe', accountId: '37439510', extId: '62288329856' },
  conversation: { id: '1207164934', type: 'Direct' },
  post: { id: '5865709574' },
  card: { id: 'f0f1f2f3-0000-4000-8000-abcdefabcdef' },
  bot: { id: '12345' },
  data: { action: 'saveSettings', smsEnabled: 'true', recipients: '+16505550100,+16505550101' },
};
/** The raw bytes as received on the wire. */
const RAW = Buffer.from(JSON.stringify(submit));
/** Computed here independently of the code under test. */
const DIGEST = createHmac('sha1', SHARED_SECRET).update(RAW).digest('hex');

describe('verifyGlipSignature', () => {
  it('When the header is "sha1=<hex>" as the docs show, then the request is accepted', () => {
    expect(verifyGlipSignature(RAW, `sha1=${DIGEST}`, SHARED_SECRET)).toBe(true);
  });

  it('When the header is the bare hex digest as the official sample sends, then the request is accepted', () => {
    expect(verifyGlipSignature(RAW, DIGEST, SHARED_SECRET)).toBe(true);
  });

  it('When the digest is upper-case hex, then the request is accepted', () => {
    expect(verifyGlipSignature(RAW, DIGEST.toUpperCase(), SHARED_SECRET)).toBe(true);
    expect(verifyGlipSignature(RAW, `sha1=${DIGEST.toUpperCase()}`, SHARED_SECRET)).toBe(true);
  });

  it('When the body was signed with another secret, then the request is refused', () => {
    const forged = createHmac('sha1', 'someone-elses-secret').update(RAW).digest('hex');

    expect(verifyGlipSignature(RAW, `sha1=${forged}`, SHARED_SECRET)).toBe(false);
  });

  it('When the same JSON arrives re-serialised with different spacing, then it is refused (the raw bytes are what is signed)', () => {
    const reserialised = Buffer.from(JSON.stringify(submit, null, 2));

    expect(JSON.parse(reserialised.toString())).toEqual(submit);
    expect(verifyGlipSignature(reserialised, `sha1=${DIGEST}`, SHARED_SECRET)).toBe(false);
  });

  it('When one byte of the body is changed (another recipient number), then the request is refused', () => {
    const changed = Buffer.from(RAW);
    const at = changed.indexOf('+16505550101') + 11;
    changed[at] = '9'.charCodeAt(0);

    expect(changed.toString()).toContain('+16505550109');
    expect(verifyGlipSignature(changed, `sha1=${DIGEST}`, SHARED_SECRET)).toBe(false);
  });

  it('When the X-Glip-Signature header is missing or empty, then the request is refused', () => {
    expect(verifyGlipSignature(RAW, undefined, SHARED_SECRET)).toBe(false);
    expect(verifyGlipSignature(RAW, '', SHARED_SECRET)).toBe(false);
  });

  it('When the header is not hex, then the request is refused without throwing', () => {
    expect(verifyGlipSignature(RAW, `sha1=${'z'.repeat(40)}`, SHARED_SECRET)).toBe(false);
    expect(verifyGlipSignature(RAW, 'sha1=', SHARED_SECRET)).toBe(false);
  });

  it('When the digest has the wrong length (truncated, or a SHA-256), then the request is refused without throwing', () => {
    const sha256 = createHmac('sha256', SHARED_SECRET).update(RAW).digest('hex');

    expect(verifyGlipSignature(RAW, `sha1=${DIGEST.slice(0, 38)}`, SHARED_SECRET)).toBe(false);
    expect(verifyGlipSignature(RAW, `sha1=${DIGEST}00`, SHARED_SECRET)).toBe(false);
    expect(verifyGlipSignature(RAW, sha256, SHARED_SECRET)).toBe(false);
    expect(verifyGlipSignature(RAW, `sha256=${sha256}`, SHARED_SECRET)).toBe(false);
  });
});

describe('signGlipBody', () => {
  it('When a body is signed for the simulator, then the header is "sha1=" plus the HMAC-SHA1 hex that verification accepts', () => {
    const header = signGlipBody(RAW, SHARED_SECRET);

    expect(header).toBe(`sha1=${DIGEST}`);
    expect(signGlipBody(RAW.toString(), SHARED_SECRET)).toBe(header);
    expect(verifyGlipSignature(RAW, header, SHARED_SECRET)).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { exclusionDecision, excludes, isActive, parseDuration, type ActorExclusion } from '../../../src/policy/exclusions';

const now = new Date('2026-12-01T18:00:00Z');
const peter = { name: 'Peter Beck MacIntyre', extensionNumber: '12001' };
const sync: ActorExclusion = { source: 'ringex', actor: 'peter  beck macintyre', expiresAt: new Date('2026-12-08T18:00:00Z') };

describe('parseDuration', () => {
  it.each([
    ['7d', 7 * 86_400_000, '7 days'],
    ['12h', 12 * 3_600_000, '12 hours'],
    ['30m', 30 * 60_000, '30 minutes'],
    ['2w', 14 * 86_400_000, '2 weeks'],
    ['1 day', 86_400_000, '1 day'],
  ])('When "%s" is given, then it reads as %d ms ("%s")', (text, ms, words) => {
    expect(parseDuration(text)).toEqual({ ms, words });
  });

  it.each(['', '7', 'd7', '0d', 'seven days', '7y', '400d', '-1h'])('When "%s" is given, then it is refused', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });
});

describe('exclusionDecision', () => {
  it('When the actor is excluded by name (any case and spacing), then a medium alert is suppressed', () => {
    expect(exclusionDecision([sync], { source: 'ringex', actor: peter, severity: 'medium' }, now)).toEqual({ kind: 'suppress', exclusion: sync });
  });

  it('When the actor is excluded, then a critical alert is still sent, with the exclusion for its note', () => {
    expect(exclusionDecision([sync], { source: 'ringex', actor: peter, severity: 'critical' }, now)).toEqual({ kind: 'send-with-note', exclusion: sync });
  });

  it('When the exclusion has expired, then the alert is sent', () => {
    expect(exclusionDecision([sync], { source: 'ringex', actor: peter, severity: 'low' }, new Date('2026-12-08T18:00:00Z'))).toEqual({ kind: 'send' });
    expect(isActive(sync, new Date('2026-12-08T17:59:59Z'))).toBe(true);
  });

  it('When an exclusion names an extension number, then it matches that initiator and not another', () => {
    const byNumber: ActorExclusion = { source: 'ringex', actor: '12001', expiresAt: null };
    expect(excludes(byNumber, 'ringex', peter)).toBe(true);
    expect(excludes(byNumber, 'ringex', { name: 'Ada Admin', extensionNumber: '12002' })).toBe(false);
  });

  it('When a RingEX exclusion meets a RingCX record (or the reverse), then it does not apply', () => {
    const ringcx: ActorExclusion = { source: 'ringcx', actor: 'jane.doe@example.com', expiresAt: null };
    expect(excludes(ringcx, 'ringex', { name: 'jane.doe@example.com' })).toBe(false);
    expect(excludes(ringcx, 'ringcx', { userName: 'Jane.Doe@example.com', name: 'Jane Doe' })).toBe(true);
    expect(excludes(sync, 'ringcx', { name: 'Peter Beck MacIntyre' })).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { routeAlert } from '../../../src/policy/route-alert';
import { escalationDue, type EscalationFacts } from '../../../src/policy/escalation';
import { actorToConfirm } from '../../../src/policy/confirm-actor';
import { describeAuditRecord } from '../../../src/catalog/describe-audit-record';
import { EVENT_RECORDS, POLL_TIME, parsed, rawRecord } from '../catalog/audit-record-fixtures';

describe('routeAlert', () => {
  it('When both minimums are low (the default), then every alert goes to SMS and chats', () => {
    for (const severity of ['critical', 'high', 'medium', 'low'] as const) expect(routeAlert(severity, { smsMin: 'low', chatsMin: 'low' })).toEqual({ sms: true, chats: true });
  });

  it('When SMS needs high and chats medium, then a low alert goes nowhere, a medium one to chats only, a high one to both', () => {
    const minimums = { smsMin: 'high', chatsMin: 'medium' } as const;
    expect(routeAlert('low', minimums)).toEqual({ sms: false, chats: false });
    expect(routeAlert('medium', minimums)).toEqual({ sms: false, chats: true });
    expect(routeAlert('high', minimums)).toEqual({ sms: true, chats: true });
  });
});

describe('escalationDue', () => {
  const sentAt = new Date('2026-12-01T10:00:00Z');
  const base: EscalationFacts = { severity: 'critical', state: 'open', firstSentAt: sentAt, now: new Date(sentAt.getTime() + 15 * 60_000), policy: { escalateLevel: 'critical', escalateAfterMinutes: 15 } };

  it('When a critical alert is still open 15 minutes after it was sent, then it escalates; a minute earlier it does not', () => {
    expect(escalationDue(base)).toBe(true);
    expect(escalationDue({ ...base, now: new Date(sentAt.getTime() + 14 * 60_000) })).toBe(false);
  });

  it('When the reminder would come more than 6 hours late (the bot was down), then it is not sent', () => {
    expect(escalationDue({ ...base, now: new Date(sentAt.getTime() + 15 * 60_000 + 6 * 3_600_000 - 1) })).toBe(true);
    expect(escalationDue({ ...base, now: new Date(sentAt.getTime() + 15 * 60_000 + 6 * 3_600_000) })).toBe(false);
  });

  it('When it was acknowledged, marked expected or resolved, then it does not escalate', () => {
    for (const state of ['acknowledged', 'expected', 'resolved'] as const) expect(escalationDue({ ...base, state })).toBe(false);
  });

  it('When it is below the escalation level, or escalation is off, then it does not escalate', () => {
    expect(escalationDue({ ...base, severity: 'high' })).toBe(false);
    expect(escalationDue({ ...base, severity: 'high', policy: { escalateLevel: 'high', escalateAfterMinutes: 15 } })).toBe(true);
    expect(escalationDue({ ...base, policy: { escalateLevel: 'critical', escalateAfterMinutes: null } })).toBe(false);
  });
});

describe('actorToConfirm', () => {
  const facts = describeAuditRecord(parsed(EVENT_RECORDS['mfa-company-off']), POLL_TIME);

  it('When confirm actors is on and a critical or high RingEX change names its initiator, then that extension is asked', () => {
    expect(actorToConfirm(facts, 'critical', true)).toBe('1983002004');
    expect(actorToConfirm(facts, 'high', true)).toBe('1983002004');
  });

  it('When it is off, the alert is medium or low, or no initiator extension is known, then nobody is asked', () => {
    expect(actorToConfirm(facts, 'critical', false)).toBeUndefined();
    expect(actorToConfirm(facts, 'medium', true)).toBeUndefined();
    const anonymous = describeAuditRecord(parsed(rawRecord('UNFORCE_MFA_ACCOUNT', [], { initiator: { name: 'RingCentral Support' } })), POLL_TIME);
    expect(actorToConfirm(anonymous, 'critical', true)).toBeUndefined();
  });
});

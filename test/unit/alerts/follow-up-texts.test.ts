import { describe, expect, it } from 'vitest';
import { escalationSms, compromiseSms } from '../../../src/alerts/send-follow-up';
import { formatAlertSms, SMS_OPT_OUT } from '../../../src/alerts/format-alert-sms';
import { describeAuditRecord } from '../../../src/catalog/describe-audit-record';
import { DEPARTMENT_CHANGE, POLL_TIME, parsed, rawRecord } from '../catalog/audit-record-fixtures';

const LA = 'America/Los_Angeles';

describe('escalation and compromise SMS', () => {
  it('When an alert escalates, then the reminder is "UNACKNOWLEDGED for N min: " followed by the original SMS', () => {
    const facts = describeAuditRecord(parsed(DEPARTMENT_CHANGE), POLL_TIME);
    expect(escalationSms(facts, LA, 15)).toBe(`UNACKNOWLEDGED for 15 min: ${formatAlertSms(facts, LA)}`);
    expect(compromiseSms(facts, LA)).toBe(`CRITICAL: The actor says they did not make this change: possible account compromise. ${formatAlertSms(facts, LA)}`);
  });

  it('When the original text is near the 1,000-character limit, then the reminder is cut to fit and keeps the opt-out sentence whole', () => {
    const long = describeAuditRecord(parsed(rawRecord('CHANGE_USER_INFO:USER', ['Department', 'Biology '.repeat(60), 'Mathematics '.repeat(50)])), POLL_TIME);
    expect(formatAlertSms(long, LA).length).toBeGreaterThan(900);
    for (const text of [escalationSms(long, LA, 15), compromiseSms(long, LA)]) {
      expect(text.length).toBeLessThanOrEqual(1000);
      expect(text.endsWith(SMS_OPT_OUT)).toBe(true);
      expect(text).toContain('…');
    }
    expect(escalationSms(long, LA, 15).startsWith('UNACKNOWLEDGED for 15 min: ')).toBe(true);
  });
});

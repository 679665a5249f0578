import { describe, expect, it } from 'vitest';
import { describeAuditRecord } from '../../../src/catalog/describe-audit-record';
import { describeRingcxRecord } from '../../../src/catalog/describe-ringcx-record';
import { parseRingcxRecord } from '../../../src/catalog/ringcx-record';
import { EVENT_KEYS, type EventKey } from '../../../src/catalog/event-catalog';
import { gradeAlert } from '../../../src/policy/grade-alert';
import { EVENT_RECORDS, POLL_TIME, parsed, rawRecord } from '../catalog/audit-record-fixtures';

const facts = (key: EventKey) => describeAuditRecord(parsed(EVENT_RECORDS[key]), POLL_TIME);
const withValues = (actionId: string, values: string[]) => describeAuditRecord(parsed(rawRecord(actionId, values, { target: { objectId: '0', objectType: 'Account', name: 'Lakeside' } })), POLL_TIME);

const ringcx = (overrides: Record<string, unknown>) =>
  describeRingcxRecord(
    parseRingcxRecord({
      id: 4410,
      authUser: { userName: 'dana.lead@sunnyvale.example', firstName: 'Dana', lastName: 'Lead', userId: 77120, sourceId: 'RC' },
      createTime: Date.parse('2026-03-02T17:04:05.000Z'),
      auditedClass: 'com.ringcentral.ringcx.admin.Gate',
      auditedEntityId: '3120',
      auditedEntityDescription: 'Sales Queue',
      actionType: 'UPDATE',
      accountId: '15001001',
      auditLogResultList: [{ attributeName: 'gatePriority', originalValue: '0', newValue: '1' }],
      ...overrides,
    }).record,
    POLL_TIME,
  );

describe('gradeAlert', () => {
  it('When the issue names an event, then its default severity is the one the issue asks for', () => {
    expect(gradeAlert(facts('mfa-company-off'))).toBe('critical');
    expect(gradeAlert(facts('guest-communications-changed'))).toBe('critical'); // Off → On opens guest access
    expect(gradeAlert(facts('2fa-user-off'))).toBe('high');
    expect(gradeAlert(facts('fac-user-enabled'))).toBe('high');
    expect(gradeAlert(facts('user-info-email'))).toBe('high');
    expect(gradeAlert(facts('user-info-mobile-phone'))).toBe('high');
    expect(gradeAlert(facts('user-info-first-name'))).toBe('low');
    expect(gradeAlert(facts('user-info-last-name'))).toBe('low');
    expect(gradeAlert(facts('user-info-department'))).toBe('low');
  });

  it('When a protection is turned back on, then it grades lower than turning it off', () => {
    expect(gradeAlert(facts('mfa-company-on'))).toBe('medium');
    expect(gradeAlert(facts('2fa-user-on'))).toBe('low');
    expect(gradeAlert(facts('fac-user-disabled'))).toBe('low');
    expect(gradeAlert(facts('file-sharing-changed'))).toBe('low'); // Enabled → Disabled closes it
    expect(gradeAlert(withValues('CHANGE_GLIP_FILE_SHARING', ['File sharing', 'Disabled', 'Enabled']))).toBe('critical');
    expect(gradeAlert(withValues('CHANGE_GLIP_ALLOW_ADDING_USERS', ['External guest communications', 'On', 'Off']))).toBe('low');
  });

  it('When all company calls are forwarded to an outside number, then it is critical; another company routing change is medium', () => {
    expect(gradeAlert(withValues('CHANGE_FAC_MASTER_MENU_ACTION', ['Play company greeting', 'Forward all calls to +16505550142']))).toBe('critical');
    expect(gradeAlert(facts('fac-company-changed'))).toBe('medium'); // "Forward to extension 12000"
  });

  it('When the admin overrides an event, then the override wins; other events keep their default', () => {
    expect(gradeAlert(facts('user-info-department'), { 'user-info-department': 'critical' })).toBe('critical');
    expect(gradeAlert(facts('mfa-company-off'), { 'user-info-department': 'critical' })).toBe('critical');
    expect(gradeAlert(facts('mfa-company-off'), { 'mfa-company-off': 'low' })).toBe('low');
  });

  it('When every catalog event is graded, then each gets one of the four levels', () => {
    for (const key of EVENT_KEYS) expect(['critical', 'high', 'medium', 'low']).toContain(gradeAlert(facts(key)));
  });

  it('When a RingCX change touches users or auth configs, or is made while impersonating, then it is high; other RingCX changes are medium', () => {
    expect(gradeAlert(ringcx({}))).toBe('medium');
    expect(gradeAlert(ringcx({ auditedClass: 'com.ringcentral.ringcx.admin.User' }))).toBe('high');
    expect(gradeAlert(ringcx({ auditedClass: 'com.ringcentral.ringcx.admin.AuthConfig' }))).toBe('high');
    expect(gradeAlert(ringcx({ auditedClass: 'com.ringcentral.ringcx.admin.BlockedIpAddress' }))).toBe('high');
    const impersonated = ringcx({ authUser: { userName: 'agent7', firstName: 'Ann', lastName: 'Agent', userId: 5, sourceId: 'RC', simulatedByUserId: 77120, simulatedByUserName: 'dana.lead' } });
    expect(impersonated.impersonatedBy).toEqual({ userId: '77120', userName: 'dana.lead' });
    expect(gradeAlert(impersonated)).toBe('high');
  });

  it('When a RingEX action is not in the catalog, then it is medium', () => {
    expect(gradeAlert(withValues('CHANGE_SECRET_INFO', ['x']))).toBe('medium');
  });
});

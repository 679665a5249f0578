import { describe, expect, it } from 'vitest';
import { parseAuditRecord } from '../../../src/catalog/audit-record';
import { EVENT_RECORDS, rawRecord } from './audit-record-fixtures';

describe('parseAuditRecord', () => {
  it('When a record comes from the audit-trail search, then every spec field is kept as sent', () => {
    const raw = EVENT_RECORDS['user-info-department'];
    const result = parseAuditRecord(raw);
    expect(result).toEqual({ ok: true, record: raw });
  });

  it('When a record has fields the spec adds later, then they are kept', () => {
    const result = parseAuditRecord({ ...rawRecord('ENFORCE_MFA_ACCOUNT', ['x']), comment: 'Bulk update', riskScore: 3 });
    expect(result.ok && result.record['riskScore']).toBe(3);
    expect(result.ok && result.record.comment).toBe('Bulk update');
  });

  it('When id and actionId are numbers, then they become strings', () => {
    const result = parseAuditRecord({ ...rawRecord('x', []), id: 88231, actionId: 1201 });
    expect(result.ok && [result.record.id, result.record.actionId]).toEqual(['88231', '1201']);
  });

  it('When the id is missing, then the record is refused with a message naming id', () => {
    const raw = rawRecord('ENFORCE_MFA_ACCOUNT', []);
    delete raw['id'];
    const result = parseAuditRecord(raw);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toMatch(/^Not an audit-trail record: id: /);
  });

  it('When the actionId is blank, then the record is refused', () => {
    const result = parseAuditRecord(rawRecord('  ', []));
    expect(!result.ok && result.error).toMatch(/actionId/);
  });

  it.each([
    ['null', null],
    ['a string', 'record'],
    ['a number', 42],
    ['an empty list', []],
    ['undefined', undefined],
  ] as const)('When the record is %s, then it is refused without throwing', (_label, raw) => {
    expect(parseAuditRecord(raw).ok).toBe(false);
  });

  it('When optional fields have the wrong type, then they are dropped and the record is kept', () => {
    const result = parseAuditRecord(rawRecord('UNFORCE_MFA_ACCOUNT', ['Multi-factor authentication'], { initiator: 'Peter', clientIp: ['203.0.113.42'], eventTime: 17 }));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.record.initiator).toBeUndefined();
    expect(result.record.clientIp).toBeUndefined();
    expect(result.record.eventTime).toBeUndefined();
    expect(result.record.details?.parameters).toEqual([{ key: 'param0', value: 'Multi-factor authentication' }]);
  });

  it('When a parameter is malformed, then it stays in place as an empty parameter so positions hold', () => {
    const result = parseAuditRecord(rawRecord('x', [], { details: { parameters: [{ key: 'a', value: 'Department' }, 'Biology', { key: 'c', value: true }] } }));
    expect(result.ok && result.record.details?.parameters).toEqual([
      { key: 'a', value: 'Department' },
      { key: undefined, value: undefined },
      { key: 'c', value: 'true' },
    ]);
  });
});

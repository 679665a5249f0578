import { describe, expect, it } from 'vitest';
import { recordNames } from '../../../src/archive/record-names';

describe('recordNames', () => {
  it('When a RingEX record is read, then the initiator and target names come from initiator.name and target.name', () => {
    const record = {
      id: '3e7a6f0e-2f4b-4a56-9d1e-5b8f2b1c0a77',
      eventTime: '2025-11-20T17:03:12.345Z',
      actionId: 'CHANGE_USER_INFO:USER',
      initiator: { extensionId: '62264425016', extensionNumber: '101', name: 'Peter Beck MacIntyre', role: 'Super Admin' },
      target: { objectId: '62264428016', objectType: 'Extension', name: 'Peter B MacIntyre 44', extensionNumber: '12004' },
      details: { parameters: [{ key: 'param0', value: 'Department' }] },
    };
    expect(recordNames('ringex', record)).toEqual({ initiator: 'Peter Beck MacIntyre', target: 'Peter B MacIntyre 44' });
  });

  it('When a RingCX record is read, then the initiator is the auth user and the target the audited entity', () => {
    const record = {
      id: 90417,
      authUser: { userName: 'ada.admin@example.com', firstName: 'Ada', lastName: 'Admin', userId: 1001, sourceId: 'RC' },
      createTime: 1763658192000,
      auditedClass: 'Agent',
      auditedEntityId: '518203',
      auditedEntityDescription: 'Jane Agent (518203)',
      actionType: 'UPDATE',
    };
    expect(recordNames('ringcx', record)).toEqual({ initiator: 'Ada Admin', target: 'Jane Agent (518203)' });
    expect(recordNames('ringcx', { authUser: { userName: 'ops@example.com' }, auditedClass: 'Campaign', auditedEntityId: 77 })).toEqual({
      initiator: 'ops@example.com',
      target: 'Campaign 77',
    });
  });

  it('When names are missing or the record is not an object, then they are empty rather than an error', () => {
    expect(recordNames('ringex', { initiator: null, target: ['x'] })).toEqual({ initiator: '', target: '' });
    expect(recordNames('ringcx', 'not a record')).toEqual({ initiator: '', target: '' });
    expect(recordNames('ringex', undefined)).toEqual({ initiator: '', target: '' });
  });
});

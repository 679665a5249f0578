import { describe, expect, it } from 'vitest';
import type { AuditRecord } from '../../../src/catalog/audit-record';
import { catalogKeyFor, describeAuditRecord, type AuditFacts } from '../../../src/catalog/describe-audit-record';
import { EVENT_KEYS, type EventKey } from '../../../src/catalog/event-catalog';
import { ADMIN_INITIATOR, EVENT_RECORDS, EVENT_TIME, POLL_TIME, USER_TARGET, parsed, rawRecord } from './audit-record-fixtures';

const describeRaw = (raw: unknown): AuditFacts => describeAuditRecord(parsed(raw), POLL_TIME);

type Expected = Pick<AuditFacts, 'description' | 'element' | 'oldValue' | 'newValue' | 'weakensSecurity'>;

const USER_INFO = 'User account information changed';

const EXPECTED: Record<EventKey, Expected> = {
  'mfa-company-off': { description: 'MFA turned off for Company', element: 'Multi-factor authentication', weakensSecurity: true },
  'mfa-company-on': { description: 'MFA turned on for Company', element: 'Multi-factor authentication', weakensSecurity: false },
  '2fa-user-off': { description: '2FA turned off per user', element: '2-step verification', weakensSecurity: true },
  '2fa-user-on': { description: '2FA turned on per user', element: '2-step verification', weakensSecurity: false },
  'fac-user-enabled': { description: 'Enabled Forward All Calls per user rule', element: 'Forward all calls', weakensSecurity: true },
  'fac-user-disabled': { description: 'Disabled Forward All Calls per user rule', element: 'Forward all calls', weakensSecurity: false },
  'fac-company-changed': {
    description: 'Forward All Company Calls changed',
    element: 'Play company greeting',
    oldValue: 'Play company greeting',
    newValue: 'Forward to extension 12000',
    weakensSecurity: false,
  },
  'guest-communications-changed': {
    description: 'External guest communications toggle changed',
    element: 'External guest communications',
    oldValue: 'Off',
    newValue: 'On',
    weakensSecurity: true,
  },
  'file-sharing-changed': {
    description: 'Team Messaging file sharing changed',
    element: 'File sharing',
    oldValue: 'Enabled',
    newValue: 'Disabled',
    weakensSecurity: false,
  },
  'user-info-department': { description: USER_INFO, element: 'Department', oldValue: 'Biology', newValue: 'Mathematics', weakensSecurity: false },
  'user-info-record-user-name': {
    description: USER_INFO,
    element: 'Record User Name',
    oldValue: 'Peter MacIntyre',
    newValue: 'Peter B MacIntyre',
    weakensSecurity: false,
  },
  'user-info-email': {
    description: USER_INFO,
    element: 'Email',
    oldValue: 'peter.macintyre@lakeside.edu',
    newValue: 'p.macintyre@lakeside.edu',
    weakensSecurity: false,
  },
  'user-info-contact-phone': { description: USER_INFO, element: 'ContactPhone', oldValue: '+16505550143', newValue: '+16505550199', weakensSecurity: false },
  'user-info-first-name': { description: USER_INFO, element: 'FirstName', oldValue: 'Peter', newValue: 'Pete', weakensSecurity: false },
  'user-info-last-name': { description: USER_INFO, element: 'LastName', oldValue: 'MacIntyre', newValue: 'McIntyre', weakensSecurity: false },
  'user-info-job-title': { description: USER_INFO, element: 'JobTitle', oldValue: 'Lecturer', newValue: 'Senior Lecturer', weakensSecurity: false },
  'user-info-mobile-phone': { description: USER_INFO, element: 'MobilePhone', oldValue: '+16505550170', newValue: '+16505550188', weakensSecurity: false },
};

describe('describeAuditRecord: one record per catalog event', () => {
  it('When the fixtures are listed, then they cover all 17 catalog events', () => {
    expect(Object.keys(EVENT_RECORDS).sort()).toEqual([...EVENT_KEYS].sort());
    expect(EVENT_KEYS).toHaveLength(17);
  });

  it.each(EVENT_KEYS.map((key) => [key] as const))(
    'When a %s record arrives, then its key, description, element, old and new values are read from their positions',
    (key) => {
      const facts = describeRaw(EVENT_RECORDS[key]);
      const { description, element, oldValue, newValue, weakensSecurity } = facts;
      expect(facts.key).toBe(key);
      expect({ description, element, oldValue, newValue, weakensSecurity }).toEqual(EXPECTED[key]);
      expect(catalogKeyFor(parsed(EVENT_RECORDS[key]))).toBe(key);
    },
  );

  it('When the guide example arrives, then every fact of the record is carried over', () => {
    const raw = EVENT_RECORDS['user-info-department'];
    expect(describeRaw(raw)).toEqual({
      source: 'RingEX',
      recordId: raw['id'],
      key: 'user-info-department',
      description: USER_INFO,
      element: 'Department',
      oldValue: 'Biology',
      newValue: 'Mathematics',
      initiator: { ...ADMIN_INITIATOR },
      target: { objectId: USER_TARGET.objectId, objectType: 'Extension', name: USER_TARGET.name, extensionNumber: USER_TARGET.extensionNumber },
      eventTime: EVENT_TIME,
      weakensSecurity: false,
      clientIp: '203.0.113.42',
    });
  });

  it('When a company-level record targets objectId "0", then no object id is shown, only the company', () => {
    expect(describeRaw(EVENT_RECORDS['mfa-company-off']).target).toEqual({ name: 'Lakeside Community College', objectType: 'Account' });
  });
});

describe('describeAuditRecord: weakened security', () => {
  const guest = (oldValue: string, newValue: string): AuditFacts =>
    describeRaw(rawRecord('CHANGE_GLIP_ALLOW_ADDING_USERS', ['External guest communications', oldValue, newValue]));

  it.each([
    ['On', true],
    ['on', true],
    ['Enabled', true],
    ['ENABLE', true],
    ['true', true],
    ['Allow', true],
    ['Allowed for all teams', true],
    ['Yes', true],
    ['Off', false],
    ['Disabled', false],
    ['Disallow', false],
    ['Not allowed', false],
    ['false', false],
    ['Once a week', false],
  ] as const)('When guest communications change to "%s", then weakensSecurity is %s', (newValue, weakened) => {
    expect(guest('Off', newValue).weakensSecurity).toBe(weakened);
  });

  it('When the guest toggle record has no new value, then it does not count as turned on', () => {
    expect(describeRaw(rawRecord('CHANGE_GLIP_ALLOW_ADDING_USERS', ['External guest communications'])).weakensSecurity).toBe(false);
  });
});

describe('describeAuditRecord: records outside the catalog', () => {
  it('When the actionId is not in the catalog, then the key is undefined and the actionId is described in words', () => {
    const facts = describeRaw(rawRecord('CHANGE_SECRET_INFO', ['Password']));
    expect(facts).toMatchObject({ key: undefined, description: 'Change secret info', element: 'Password', weakensSecurity: false });
    expect(facts.oldValue).toBeUndefined();
  });

  it('When an unknown actionId has a scope, then it reads "Delete extension (user)"', () => {
    expect(describeRaw(rawRecord('DELETE_EXTENSION:User', [])).description).toBe('Delete extension (user)');
  });

  it('When a user-info record names an element the catalog lacks with four parameters, then [2] and [3] are its old and new values', () => {
    const facts = describeRaw(rawRecord('CHANGE_USER_INFO:USER', ['ExtensionNumber', 'Contact Information', '12004', '12044']));
    expect(facts).toMatchObject({ key: undefined, description: USER_INFO, element: 'ExtensionNumber', oldValue: '12004', newValue: '12044' });
  });

  it('When a user-info record names an element the catalog lacks with three parameters, then [1] and [2] are its old and new values', () => {
    const facts = describeRaw(rawRecord('CHANGE_USER_INFO:USER', ['Manager', 'Ada Lovelace', 'Grace Hopper']));
    expect(facts).toMatchObject({ key: undefined, description: USER_INFO, element: 'Manager', oldValue: 'Ada Lovelace', newValue: 'Grace Hopper' });
  });

  it('When the element is spelled "Contact Phone" or "jobtitle", then it still finds its catalog event', () => {
    expect(catalogKeyFor(parsed(rawRecord('CHANGE_USER_INFO:USER', ['Contact Phone', 'x', '1', '2'])))).toBe('user-info-contact-phone');
    expect(catalogKeyFor(parsed(rawRecord('CHANGE_USER_INFO:USER', ['jobtitle', 'x', 'a', 'b'])))).toBe('user-info-job-title');
  });

  it('When a user-info record has no parameters, then it has no key but still reads "User account information changed"', () => {
    const facts = describeRaw(rawRecord('CHANGE_USER_INFO:USER', []));
    expect(facts).toMatchObject({ key: undefined, description: USER_INFO });
    expect(facts.element).toBeUndefined();
  });
});

describe('describeAuditRecord: unexpected layouts degrade to what is there', () => {
  it('When an Email record has only the element, then the element is shown and no old or new value', () => {
    const facts = describeRaw(rawRecord('CHANGE_USER_INFO:USER', ['Email']));
    expect(facts).toMatchObject({ key: 'user-info-email', element: 'Email' });
    expect(facts).not.toHaveProperty('oldValue');
    expect(facts).not.toHaveProperty('newValue');
  });

  it('When an Email record has three parameters, then [2] is still the old value and the new value is absent', () => {
    const facts = describeRaw(rawRecord('CHANGE_USER_INFO:USER', ['Email', 'Contact Information', 'peter.macintyre@lakeside.edu']));
    expect(facts).toMatchObject({ key: 'user-info-email', element: 'Email', oldValue: 'peter.macintyre@lakeside.edu' });
    expect(facts).not.toHaveProperty('newValue');
  });

  it('When the guest toggle record has only two parameters, then the element and old value are shown', () => {
    const facts = describeRaw(rawRecord('CHANGE_GLIP_ALLOW_ADDING_USERS', ['External guest communications', 'Off']));
    expect(facts).toMatchObject({ key: 'guest-communications-changed', element: 'External guest communications', oldValue: 'Off', weakensSecurity: false });
    expect(facts).not.toHaveProperty('newValue');
  });

  it('When a value is null or blank, then it is left out', () => {
    const facts = describeRaw(rawRecord('CHANGE_USER_INFO:USER', ['Department', null, '  ']));
    expect(facts).toMatchObject({ key: 'user-info-department', element: 'Department' });
    expect(facts).not.toHaveProperty('oldValue');
    expect(facts).not.toHaveProperty('newValue');
  });

  it('When values and ids arrive as numbers, then they are shown as text', () => {
    const raw = rawRecord('CHANGE_USER_INFO:USER', ['ContactPhone', 'Contact Information', 16505550143, 16505550199], {
      id: 88231,
      initiator: { extensionId: 1983002004, extensionNumber: 12001, name: 'Peter Beck MacIntyre' },
    });
    const facts = describeRaw(raw);
    expect(facts).toMatchObject({
      recordId: '88231',
      key: 'user-info-contact-phone',
      oldValue: '16505550143',
      newValue: '16505550199',
      initiator: { extensionId: '1983002004', extensionNumber: '12001', name: 'Peter Beck MacIntyre' },
    });
  });

  it('When a parameter is not an object, then it keeps its position and the others are still read', () => {
    const raw = rawRecord('CHANGE_USER_INFO:USER', [], {
      details: { parameters: [{ key: 'param0', value: 'Department' }, 'Biology', { key: 'param2', value: 'Mathematics' }] },
    });
    const facts = describeRaw(raw);
    expect(facts).toMatchObject({ key: 'user-info-department', element: 'Department', newValue: 'Mathematics' });
    expect(facts).not.toHaveProperty('oldValue');
  });

  it('When initiator and target are missing, then both are empty and nothing else is lost', () => {
    const raw = rawRecord('UNFORCE_MFA_ACCOUNT', ['Multi-factor authentication']);
    delete raw['initiator'];
    delete raw['target'];
    const facts = describeRaw(raw);
    expect(facts).toMatchObject({ key: 'mfa-company-off', initiator: {}, target: {}, element: 'Multi-factor authentication', weakensSecurity: true });
  });

  it('When initiator is a string and target is null, then they are treated as missing', () => {
    const facts = describeRaw(rawRecord('ENFORCE_MFA_EXTENSION', ['2-step verification'], { initiator: 'Peter', target: null }));
    expect(facts.initiator).toEqual({});
    expect(facts.target).toEqual({});
  });

  it.each([
    ['not a date', 'yesterday afternoon'],
    ['empty', ''],
    ['a number', 1745529120000],
    ['a bare number in a string', '17'],
    ['null', null],
  ] as const)('When eventTime is %s, then the poll time is used', (_label, eventTime) => {
    expect(describeRaw(rawRecord('ENFORCE_MFA_ACCOUNT', ['Multi-factor authentication'], { eventTime })).eventTime).toEqual(POLL_TIME);
  });

  it('When eventTime is missing, then the poll time is used', () => {
    const raw = rawRecord('ENFORCE_MFA_ACCOUNT', ['Multi-factor authentication']);
    delete raw['eventTime'];
    expect(describeRaw(raw).eventTime).toEqual(POLL_TIME);
  });

  it('When eventTime has no offset, then it is read as UTC, as the spec says every eventTime is', () => {
    expect(describeRaw(rawRecord('ENFORCE_MFA_ACCOUNT', ['x'], { eventTime: '2025-04-24T21:12:00.000' })).eventTime).toEqual(EVENT_TIME);
  });

  it('When details are missing or parameters is not a list, then the record is described without element', () => {
    const noDetails = describeRaw(rawRecord('ENABLE_FAC_RULE:User', [], { details: undefined }));
    const badParameters = describeRaw(rawRecord('ENABLE_FAC_RULE:User', [], { details: { parameters: 'Forward all calls' } }));
    for (const facts of [noDetails, badParameters]) {
      expect(facts).toMatchObject({ key: 'fac-user-enabled', description: 'Enabled Forward All Calls per user rule', weakensSecurity: true });
      expect(facts).not.toHaveProperty('element');
    }
  });

  it('When a record built in code holds values no parser would let through, then it is still described without throwing', () => {
    const odd = {
      id: 'b1',
      actionId: 'CHANGE_USER_INFO:USER',
      details: { parameters: [{ key: 'param0', value: { nested: true } }, null, { value: ['Biology'] }] },
      initiator: { name: 42 },
      target: 'Peter',
      eventTime: 7,
    } as unknown as AuditRecord;
    const facts = describeAuditRecord(odd, POLL_TIME);
    expect(facts).toMatchObject({ recordId: 'b1', key: undefined, description: USER_INFO, initiator: { name: '42' }, target: {}, eventTime: POLL_TIME });
    expect(facts).not.toHaveProperty('element');
  });
});

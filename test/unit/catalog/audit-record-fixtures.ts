import { parseAuditRecord, type AuditRecord } from '../../../src/catalog/audit-record';
import type { EventKey } from '../../../src/catalog/event-catalog';

/**
 * RingEX audit-trail records as `POST /restapi/v1.0/account/~/audit-trail/search` returns them
 * (OpenAPI AccountHistoryPublicRecord). The parameter keys are undocumented; the values sit by
 * position as RINGCENTRAL.md §8 lists them.
 */

export const ACCOUNT = { accountId: '1983001004', accountName: 'Lakeside Community College' } as const;

export const ADMIN_INITIATOR = {
  extensionId: '1983002004',
  extensionNumber: '12001',
  name: 'Peter Beck MacIntyre',
  role: 'Super Admin',
} as const;

export const USER_TARGET = {
  objectId: '1983009004',
  objectType: 'Extension',
  name: 'Peter B MacIntyre 44',
  extensionNumber: '12004',
  siteId: '1983001004',
} as const;

/** Company-level changes: objectId "0" (OpenAPI: '"0" for Company level'). */
export const COMPANY_TARGET = { objectId: '0', objectType: 'Account', name: 'Lakeside Community College' } as const;

let sequence = 0;

/** A raw record as the API sends it; `values` become details.parameters in order. */
export function rawRecord(
  actionId: string,
  values: unknown[],
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  sequence += 1;
  return {
    id: `a4c1f0e2-7b3d-4e55-9f1a-${String(sequence).padStart(12, '0')}`,
    eventTime: '2025-04-24T21:12:00.000Z',
    actionId,
    eventType: 'UPDATE',
    ...ACCOUNT,
    clientIp: '203.0.113.42',
    initiator: { ...ADMIN_INITIATOR },
    target: { ...USER_TARGET },
    details: { parameters: values.map((value, i) => ({ key: `param${i}`, value })) },
    ...overrides,
  };
}

/** Parses a raw record the way the poller does, failing the test when it is refused. */
export function parsed(raw: unknown): AuditRecord {
  const result = parseAuditRecord(raw);
  if (!result.ok) throw new Error(result.error);
  return result.record;
}

const company = { target: { ...COMPANY_TARGET } };

/**
 * One realistic record per catalog event. User-info records carry [0] element, [1] old, [2] new for
 * Department and Record User Name, and [0] element, [1] the section, [2] old, [3] new for the others;
 * the company Forward All Calls record carries [0] old action, [1] new action.
 */
export const EVENT_RECORDS: Record<EventKey, Record<string, unknown>> = {
  'mfa-company-off': rawRecord('UNFORCE_MFA_ACCOUNT', ['Multi-factor authentication'], company),
  'mfa-company-on': rawRecord('ENFORCE_MFA_ACCOUNT', ['Multi-factor authentication'], company),
  '2fa-user-off': rawRecord('UNFORCE_MFA_EXTENSION', ['2-step verification']),
  '2fa-user-on': rawRecord('ENFORCE_MFA_EXTENSION', ['2-step verification']),
  'fac-user-enabled': rawRecord('ENABLE_FAC_RULE:User', ['Forward all calls']),
  'fac-user-disabled': rawRecord('DISABLE_FAC_RULE:User', ['Forward all calls']),
  'fac-company-changed': rawRecord('CHANGE_FAC_MASTER_MENU_ACTION', ['Play company greeting', 'Forward to extension 12000'], company),
  'guest-communications-changed': rawRecord('CHANGE_GLIP_ALLOW_ADDING_USERS', ['External guest communications', 'Off', 'On'], company),
  'file-sharing-changed': rawRecord('CHANGE_GLIP_FILE_SHARING', ['File sharing', 'Enabled', 'Disabled'], company),
  'user-info-department': rawRecord('CHANGE_USER_INFO:USER', ['Department', 'Biology', 'Mathematics']),
  'user-info-record-user-name': rawRecord('CHANGE_USER_INFO:USER', ['Record User Name', 'Peter MacIntyre', 'Peter B MacIntyre']),
  'user-info-email': rawRecord('CHANGE_USER_INFO:USER', ['Email', 'Contact Information', 'peter.macintyre@lakeside.edu', 'p.macintyre@lakeside.edu']),
  'user-info-contact-phone': rawRecord('CHANGE_USER_INFO:USER', ['ContactPhone', 'Contact Information', '+16505550143', '+16505550199']),
  'user-info-first-name': rawRecord('CHANGE_USER_INFO:USER', ['FirstName', 'User Name', 'Peter', 'Pete']),
  'user-info-last-name': rawRecord('CHANGE_USER_INFO:USER', ['LastName', 'User Name', 'MacIntyre', 'McIntyre']),
  'user-info-job-title': rawRecord('CHANGE_USER_INFO:USER', ['JobTitle', 'Contact Information', 'Lecturer', 'Senior Lecturer']),
  'user-info-mobile-phone': rawRecord('CHANGE_USER_INFO:USER', ['MobilePhone', 'Contact Information', '+16505550170', '+16505550188']),
};

/** The guide's example: Peter Beck MacIntyre moved Peter B MacIntyre 44 from Biology to Mathematics. */
export const DEPARTMENT_CHANGE = EVENT_RECORDS['user-info-department'];

/** When the records happened: Apr 24, 2025 2:12 pm in Los Angeles. */
export const EVENT_TIME = new Date('2025-04-24T21:12:00.000Z');
/** What describeAuditRecord is given as "now" for records without a usable eventTime. */
export const POLL_TIME = new Date('2025-04-25T08:05:00.000Z');

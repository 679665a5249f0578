/**
 * The events admins can choose, keyed by the stable keys of the configuration grammar, with the
 * product guide's names and the RingEX audit-trail actionIds behind them (RINGCENTRAL.md §8).
 */

export type EventGroup = 'User account information' | 'Security' | 'Call forwarding' | 'Team Messaging';

export const EVENT_GROUPS: readonly EventGroup[] = ['User account information', 'Security', 'Call forwarding', 'Team Messaging'];

export type EventKey =
  | 'mfa-company-off'
  | 'mfa-company-on'
  | '2fa-user-off'
  | '2fa-user-on'
  | 'fac-user-enabled'
  | 'fac-user-disabled'
  | 'fac-company-changed'
  | 'guest-communications-changed'
  | 'file-sharing-changed'
  | 'user-info-record-user-name'
  | 'user-info-email'
  | 'user-info-contact-phone'
  | 'user-info-first-name'
  | 'user-info-last-name'
  | 'user-info-department'
  | 'user-info-job-title'
  | 'user-info-mobile-phone';

export interface CatalogEvent {
  key: EventKey;
  /** As the product guide names the event. */
  label: string;
  group: EventGroup;
  actionId: string;
  /** For CHANGE_USER_INFO:USER: the element named in parameters[0]. */
  element?: string;
  /** Weakens security when it happens: shown with a warning mark. */
  weakensSecurity: boolean;
}

const userInfo = (key: EventKey, element: string, shown: string): CatalogEvent => ({
  key,
  label: `User account information changed: ${shown}`,
  group: 'User account information',
  actionId: 'CHANGE_USER_INFO:USER',
  element,
  weakensSecurity: false,
});

export const EVENT_CATALOG: readonly CatalogEvent[] = [
  userInfo('user-info-record-user-name', 'Record User Name', 'Record User Name'),
  userInfo('user-info-email', 'Email', 'Email'),
  userInfo('user-info-contact-phone', 'ContactPhone', 'Contact Phone'),
  userInfo('user-info-first-name', 'FirstName', 'First Name'),
  userInfo('user-info-last-name', 'LastName', 'Last Name'),
  userInfo('user-info-department', 'Department', 'Department'),
  userInfo('user-info-job-title', 'JobTitle', 'Job Title'),
  userInfo('user-info-mobile-phone', 'MobilePhone', 'Mobile Phone'),
  { key: 'mfa-company-off', label: 'MFA turned off for Company', group: 'Security', actionId: 'UNFORCE_MFA_ACCOUNT', weakensSecurity: true },
  { key: 'mfa-company-on', label: 'MFA turned on for Company', group: 'Security', actionId: 'ENFORCE_MFA_ACCOUNT', weakensSecurity: false },
  { key: '2fa-user-off', label: '2FA turned off per user', group: 'Security', actionId: 'UNFORCE_MFA_EXTENSION', weakensSecurity: true },
  { key: '2fa-user-on', label: '2FA turned on per user', group: 'Security', actionId: 'ENFORCE_MFA_EXTENSION', weakensSecurity: false },
  { key: 'fac-user-enabled', label: 'Enabled Forward All Calls per user rule', group: 'Call forwarding', actionId: 'ENABLE_FAC_RULE:User', weakensSecurity: true },
  { key: 'fac-user-disabled', label: 'Disabled Forward All Calls per user rule', group: 'Call forwarding', actionId: 'DISABLE_FAC_RULE:User', weakensSecurity: false },
  { key: 'fac-company-changed', label: 'Forward All Company Calls changed', group: 'Call forwarding', actionId: 'CHANGE_FAC_MASTER_MENU_ACTION', weakensSecurity: false },
  { key: 'guest-communications-changed', label: 'External guest communications toggle changed', group: 'Team Messaging', actionId: 'CHANGE_GLIP_ALLOW_ADDING_USERS', weakensSecurity: false },
  { key: 'file-sharing-changed', label: 'Team Messaging file sharing changed', group: 'Team Messaging', actionId: 'CHANGE_GLIP_FILE_SHARING', weakensSecurity: false },
];

export const EVENT_KEYS: readonly EventKey[] = EVENT_CATALOG.map((e) => e.key);

const byKey = new Map(EVENT_CATALOG.map((e) => [e.key, e]));

export function isEventKey(value: string): value is EventKey {
  return byKey.has(value as EventKey);
}

export function catalogEvent(key: EventKey): CatalogEvent {
  const event = byKey.get(key);
  if (!event) throw new Error(`unknown event key ${key}`);
  return event;
}

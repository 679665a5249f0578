/**
 * One realistic RingEX audit record per catalog event, shaped like RingCentral's (RINGCENTRAL.md §8,
 * positional parameters). Used by `npm run demo` and by the tests.
 */
export interface SampleAuditRecord {
  actionId: string;
  eventType: string;
  initiator: { extensionId: string; extensionNumber: string; name: string; role: string };
  target: { objectId: string; objectType: 'Extension' | 'Account'; name: string; extensionNumber?: string };
  details: { parameters: { key: string; value: string }[] };
}

export interface SamplePeople {
  accountId: string;
  accountName: string;
  actor: { id: string; extensionNumber: string; name: string };
  target: { id: string; extensionNumber: string; name: string };
}

const params = (...values: string[]) => ({ parameters: values.map((value, i) => ({ key: `param${i}`, value })) });

export function sampleAuditRecords(people: SamplePeople): SampleAuditRecord[] {
  const initiator = { extensionId: people.actor.id, extensionNumber: people.actor.extensionNumber, name: people.actor.name, role: 'Super Admin' };
  const user = { objectId: people.target.id, objectType: 'Extension' as const, name: people.target.name, extensionNumber: people.target.extensionNumber };
  const company = { objectId: people.accountId, objectType: 'Account' as const, name: people.accountName };
  const userInfo = (...values: string[]): SampleAuditRecord => ({ actionId: 'CHANGE_USER_INFO:USER', eventType: 'UPDATE', initiator, target: user, details: params(...values) });
  return [
    { actionId: 'UNFORCE_MFA_ACCOUNT', eventType: 'UPDATE', initiator, target: company, details: params('Multi-factor authentication') },
    { actionId: 'ENFORCE_MFA_ACCOUNT', eventType: 'UPDATE', initiator, target: company, details: params('Multi-factor authentication') },
    { actionId: 'UNFORCE_MFA_EXTENSION', eventType: 'UPDATE', initiator, target: user, details: params('Two-factor authentication') },
    { actionId: 'ENFORCE_MFA_EXTENSION', eventType: 'UPDATE', initiator, target: user, details: params('Two-factor authentication') },
    { actionId: 'ENABLE_FAC_RULE:User', eventType: 'UPDATE', initiator, target: user, details: params('Forward All Calls') },
    { actionId: 'DISABLE_FAC_RULE:User', eventType: 'UPDATE', initiator, target: user, details: params('Forward All Calls') },
    { actionId: 'CHANGE_FAC_MASTER_MENU_ACTION', eventType: 'UPDATE', initiator, target: company, details: params('Play company greeting', 'Forward all calls to +16505550142') },
    { actionId: 'CHANGE_GLIP_ALLOW_ADDING_USERS', eventType: 'UPDATE', initiator, target: company, details: params('External guest communications', 'Off', 'On') },
    { actionId: 'CHANGE_GLIP_FILE_SHARING', eventType: 'UPDATE', initiator, target: company, details: params('File sharing', 'Enabled', 'Disabled') },
    userInfo('Department', 'Biology', 'Mathematics'),
    userInfo('Record User Name', 'pmacintyre', 'peter.macintyre'),
    userInfo('Email', people.target.name, 'peter@old-mail.example.com', 'peter.macintyre@example.com'),
    userInfo('ContactPhone', people.target.name, '+16505550120', '+16505550121'),
    userInfo('FirstName', people.target.name, 'Pete', 'Peter'),
    userInfo('LastName', people.target.name, 'McIntyre', 'MacIntyre'),
    userInfo('JobTitle', people.target.name, 'Lab Assistant', 'Lab Director'),
    userInfo('MobilePhone', people.target.name, '+16505550130', '+16505550131'),
  ];
}

import type { CardData, CardName } from '../../../src/cards/render-card';

/** The admin every fixture belongs to: an extension id, as RingCentral sends it in `user.extId`. */
export const ADMIN_ID = '2691853004';

type EventRow = CardData['events']['groups'][number]['events'][number];

const userInfo = (key: string, shown: string, on: boolean): EventRow => ({
  key: `user-info-${key}`,
  label: `User account information changed: ${shown}`,
  on,
});

/** The 17 events of the product guide, in its four groups; the user-information ones mostly off. */
export const EVENT_GROUPS: CardData['events']['groups'] = [
  {
    name: 'User account information',
    events: [
      userInfo('record-user-name', 'Record User Name', false),
      userInfo('email', 'Email', true),
      userInfo('contact-phone', 'Contact Phone', false),
      userInfo('first-name', 'First Name', false),
      userInfo('last-name', 'Last Name', false),
      userInfo('department', 'Department', false),
      userInfo('job-title', 'Job Title', false),
      userInfo('mobile-phone', 'Mobile Phone', true),
    ],
  },
  {
    name: 'Security',
    events: [
      { key: 'mfa-company-off', label: 'MFA turned off for Company', on: true },
      { key: 'mfa-company-on', label: 'MFA turned on for Company', on: false },
      { key: '2fa-user-off', label: '2FA turned off per user', on: true },
      { key: '2fa-user-on', label: '2FA turned on per user', on: false },
    ],
  },
  {
    name: 'Call forwarding',
    events: [
      { key: 'fac-user-enabled', label: 'Enabled Forward All Calls per user rule', on: true },
      { key: 'fac-user-disabled', label: 'Disabled Forward All Calls per user rule', on: false },
      { key: 'fac-company-changed', label: 'Forward All Company Calls changed', on: true },
    ],
  },
  {
    name: 'Team Messaging',
    events: [
      { key: 'guest-communications-changed', label: 'External guest communications toggle changed', on: true },
      { key: 'file-sharing-changed', label: 'Team Messaging file sharing changed', on: false },
    ],
  },
];

export const DIRECTIVES: CardData['directives'] = {
  adminId: ADMIN_ID,
  version: 7,
  smsQuiet: '22:00–07:00 (America/Los_Angeles): texts that are not critical are held and sent as one text when they end',
  notice: 'Saved.',
  smsEnabled: true,
  smsSender: '+16505550123',
  senderChoices: [
    { title: '(650) 555-0123 · Main company number', value: '+16505550123' },
    { title: '(415) 555-0188 · IT Helpdesk', value: '+14155550188' },
  ],
  noSenderReason: '',
  smsNotes: 'Opted out: +447700900123 (replied STOP) gets no SMS from +16505550123 until they reply START.',
  recipient1: '+16505550100',
  recipient2: '+447700900123',
  recipient3: '',
  recipient4: '',
  recipient5: '',
  chatsEnabled: true,
  chatIds: '1489354758,1489477638',
  chatChoices: [
    { title: 'IT Security', value: '1489354758' },
    { title: 'Ops On-Call', value: '1489477638' },
    { title: 'Helpdesk', value: '1490010118' },
  ],
  chatsHint: '',
  routing: 'SMS: low and above · Chats: high and above',
};

/** An account with no SMS-capable number and a bot that is in no team yet. */
export const DIRECTIVES_EMPTY: CardData['directives'] = {
  ...DIRECTIVES,
  version: 1,
  notice: '',
  smsEnabled: false,
  smsSender: '',
  senderChoices: [],
  noSenderReason: 'No number on this account has the SMS feature. Ask your account owner to enable SMS on a company number.',
  recipient1: '',
  recipient2: '',
  chatsEnabled: false,
  chatIds: '',
  chatChoices: [],
  chatsHint: 'I am not in any team yet. Open a team, choose Add members, and add Audit Trail Bot.',
};

export const EVENTS: CardData['events'] = {
  adminId: ADMIN_ID,
  version: 12,
  notice: '',
  groups: EVENT_GROUPS,
  ringcx: {
    version: 0,
    known: false,
    enabled: false,
    hint: 'Also alert on RingCX agent, queue, campaign and dial group changes: type ringcx on (needs RingCX "Audit log access"). Its filters then show here.',
    subAccounts: '',
    subAccountChoices: [],
    entities: '',
    entityChoices: [],
    actions: 'CREATE,UPDATE,DELETE',
    ignoredUsers: '',
  },
};

/** The events card of an admin who turned RingCX on and narrowed it. */
export const EVENTS_RINGCX: CardData['events'] = {
  ...EVENTS,
  ringcx: {
    version: 4,
    known: true,
    enabled: true,
    hint: 'On · all 2 sub-accounts · Agent, Campaign · UPDATE, DELETE · ignoring svc.sync@example.com',
    subAccounts: '15001001,15001002',
    subAccountChoices: [
      { title: 'Sunnyvale Support Desk (15001001)', value: '15001001' },
      { title: 'Sunnyvale Outbound Sales (15001002)', value: '15001002' },
    ],
    entities: 'Agent,Campaign',
    entityChoices: ['Agent', 'AgentGroup', 'Campaign', 'Gate', 'GateGroup', 'User'].map((name) => ({ title: name, value: name })),
    actions: 'UPDATE,DELETE',
    ignoredUsers: 'svc.sync@example.com',
  },
};

export const STATUS: CardData['status'] = {
  adminId: ADMIN_ID,
  adminName: 'Priya Raman',
  facts: [
    { title: 'Authorization', value: 'Valid, renewed Nov 21, 2026 09:14 UTC' },
    { title: 'SMS', value: 'On, from (650) 555-0123' },
    { title: 'Recipients', value: '+1 650-555-0100, +44 7700 900123' },
    { title: 'Team chats', value: 'IT Security, Ops On-Call' },
    { title: 'Events', value: '8 of 17' },
    { title: 'Alerts', value: 'Running; last audit check 2 minutes ago' },
  ],
  changes: [
    { when: 'Nov 21, 10:02', who: 'Priya Raman', what: 'Turned on "MFA turned off for Company"' },
    { when: 'Nov 21, 09:58', who: 'Priya Raman', what: 'Added recipient +44 7700 900123' },
    { when: 'Nov 20, 16:40', who: 'Marcus Oyelaran', what: 'Selected team chat Ops On-Call' },
  ],
};

/** The product guide's example alert: a Department change, as alertCard builds it, open with its triage buttons. */
export const ALERT: CardData['alert'] = {
  fallbackText: 'Department changed for Peter B MacIntyre 44: Biology → Mathematics',
  headline: 'Department changed for Peter B MacIntyre 44: Biology → Mathematics',
  severityWord: 'Low',
  severityStyle: 'emphasis',
  severityColor: 'Default',
  byLine: 'By Peter Beck MacIntyre (ext 12001, Super Admin) · Apr 24, 2:12 pm PDT',
  test: false,
  status: '',
  note: '',
  actorLine: '',
  actorColor: 'Default',
  facts: [
    { title: 'Setting', value: 'Department' },
    { title: 'Before', value: 'Biology' },
    { title: 'After', value: 'Mathematics' },
    { title: 'Affected', value: 'Peter B MacIntyre 44 · ext 12004' },
    { title: 'IP address', value: '203.0.113.42' },
    { title: 'Source', value: 'RingEX' },
  ],
  adminId: ADMIN_ID,
  accountId: '37439510',
  source: 'ringex',
  recordId: 'a4c1f0e2-7b3d-4e55-9f1a-000000000010',
  version: 0,
  canAcknowledge: true,
  canExpect: true,
  canResolve: false,
  canReopen: false,
  portalUrl: 'https://service.ringcentral.com',
};

/** The MFA-off alert after Acknowledge: critical, the state line, Expected change and Resolve left. */
export const ALERT_ACKNOWLEDGED: CardData['alert'] = {
  ...ALERT,
  fallbackText: 'MFA turned OFF for the whole company',
  headline: 'MFA turned OFF for the whole company',
  severityWord: 'Critical',
  severityStyle: 'attention',
  severityColor: 'Attention',
  status: 'Acknowledged by Ada Admin · Apr 24, 2:14 pm PDT',
  actorLine: 'Confirmed by the actor',
  actorColor: 'Good',
  facts: [
    { title: 'Setting', value: 'Multi-factor authentication' },
    { title: 'Affected', value: 'Lakeside Community College' },
    { title: 'Source', value: 'RingEX' },
  ],
  version: 1,
  canAcknowledge: false,
  canResolve: true,
};

/** Every template with realistic data; some templates twice, to cover their `$when` branches. */
export type RenderCase = { [N in CardName]: { label: string; name: N; data: CardData[N] } }[CardName];

export const RENDER_CASES: RenderCase[] = [
  { label: 'welcome', name: 'welcome', data: { installerName: 'Priya Raman', accountId: '37439510' } },
  {
    label: 'help',
    name: 'help',
    data: {
      commands: [
        { usage: 'login', summary: 'Authorize me to read the audit trail' },
        { usage: 'settings', summary: 'Open the settings menu' },
        { usage: 'help', summary: 'Show this list' },
      ],
    },
  },
  {
    label: 'login',
    name: 'login',
    data: {
      adminName: 'Priya Raman',
      authorizeUrl: 'https://platform.ringcentral.com/restapi/oauth/authorize?response_type=code&client_id=aBcD3fGh1JkL&state=5f0c9b2e7a',
      expiresMinutes: 10,
      reason: '',
    },
  },
  {
    label: 'login after expiry',
    name: 'login',
    data: {
      adminName: 'Priya Raman',
      authorizeUrl: 'https://platform.ringcentral.com/restapi/oauth/authorize?response_type=code&client_id=aBcD3fGh1JkL&state=91ad44c0e3',
      expiresMinutes: 1,
      reason: 'Your authorization expired.',
    },
  },
  {
    label: 'menu',
    name: 'menu',
    data: {
      adminId: ADMIN_ID,
      adminName: 'Priya Raman',
      summary: 'SMS on (2 recipients) · Team chats on (2) · 8 of 17 events · Running',
    },
  },
  { label: 'directives', name: 'directives', data: DIRECTIVES },
  { label: 'directives without numbers or teams', name: 'directives', data: DIRECTIVES_EMPTY },
  { label: 'events', name: 'events', data: EVENTS },
  { label: 'events with RingCX', name: 'events', data: EVENTS_RINGCX },
  { label: 'events after save', name: 'events', data: { ...EVENTS, notice: 'Saved. 8 of 17 events on.' } },
  { label: 'status', name: 'status', data: STATUS },
  { label: 'status without changes', name: 'status', data: { ...STATUS, changes: [] } },
  { label: 'logout-confirm', name: 'logout-confirm', data: { adminId: ADMIN_ID, adminName: 'Priya Raman' } },
  { label: 'alert', name: 'alert', data: ALERT },
  { label: 'alert, acknowledged and confirmed by the actor', name: 'alert', data: ALERT_ACKNOWLEDGED },
  {
    label: 'alert, expected with a note',
    name: 'alert',
    data: { ...ALERT_ACKNOWLEDGED, status: 'Expected change by Ada Admin · Apr 24, 2:20 pm PDT', note: 'Planned SSO migration, ticket OPS-1142', actorLine: '', canExpect: false, canResolve: false, canReopen: true, version: 2 },
  },
  {
    label: 'alert, test',
    name: 'alert',
    data: { ...ALERT, test: true, fallbackText: '[TEST] 2FA turned OFF for Priya Raman', headline: '2FA turned OFF for Priya Raman', severityWord: 'High', severityStyle: 'warning', severityColor: 'Warning', adminId: '', accountId: '', source: '', canAcknowledge: false, canExpect: false },
  },
  {
    label: 'confirm-actor',
    name: 'confirm-actor',
    data: {
      fallbackText: 'Did you make this change? MFA turned OFF for the whole company',
      headline: 'MFA turned OFF for the whole company',
      byLine: 'By Peter Beck MacIntyre (ext 12001, Super Admin) · Apr 24, 2:12 pm PDT',
      facts: [{ title: 'Setting', value: 'Multi-factor authentication' }],
      adminId: ADMIN_ID,
      accountId: '37439510',
      source: 'ringex',
      recordId: 'a4c1f0e2-7b3d-4e55-9f1a-000000000001',
      actorId: '1983002004',
      answered: '',
    },
  },
  {
    label: 'confirm-actor, answered',
    name: 'confirm-actor',
    data: {
      fallbackText: 'Did you make this change? MFA turned OFF for the whole company',
      headline: 'MFA turned OFF for the whole company',
      byLine: 'By Peter Beck MacIntyre (ext 12001, Super Admin) · Apr 24, 2:12 pm PDT',
      facts: [],
      adminId: ADMIN_ID,
      accountId: '37439510',
      source: 'ringex',
      recordId: 'a4c1f0e2-7b3d-4e55-9f1a-000000000001',
      actorId: '1983002004',
      answered: 'You answered: no, it was not you. Your admins were alerted.',
    },
  },
  {
    label: 'burst summary',
    name: 'burst',
    data: {
      headline: "Peter Beck MacIntyre changed 37 users' Department in 4 minutes",
      severityLine: 'Severity: Low (the highest of the 37 changes)',
      items: Array.from({ length: 10 }, (_, i) => ({ when: `2:1${i % 10} pm`, what: `Department: Biology → Mathematics · Peter B MacIntyre ${40 + i}` })),
      more: 'and 27 more',
      footer: 'One card for many changes by one person. More changes by Peter Beck MacIntyre until 2:22 pm are added here. Every change is in the audit archive (npm run export).',
    },
  },
  {
    label: 'digest',
    name: 'digest',
    data: {
      headline: 'Hourly digest: 12 alerts since 8:02 am',
      items: Array.from({ length: 10 }, (_, i) => ({ when: `8:${String(i * 5 + 2).padStart(2, '0')} am`, what: `Low · User account information changed: Department: Biology → Mathematics · Peter B MacIntyre ${40 + i}` })),
      more: 'and 2 more',
      footer: 'Alerts below High wait for this digest; High and Critical come at once. Change it with chats digest <off|hourly|daily>.',
    },
  },
  {
    label: 'events discover',
    name: 'discover',
    data: {
      headline: '3 audit actions in the last 30 days (1,250 records)',
      actions: [
        { actionId: 'CHANGE_USER_INFO:USER', summary: '1,204 records · User account information changed · watched (8 of 8 events) · severity by event' },
        { actionId: 'CHANGE_CALLER_ID', summary: '44 records · Caller ID changed · watched · Medium' },
        { actionId: 'DELETE_EXTENSION:User', summary: '2 records · Extension deleted (user) · not watched' },
      ],
      more: '',
      hint: 'Type events watch <actionId> [critical|high|medium|low] to be alerted on an action (medium by default); events unwatch <actionId> to stop.',
    },
  },
  {
    label: 'history',
    name: 'history',
    data: {
      headline: '2 alerts by Peter',
      filters: 'by Peter · since Nov 24, 2026',
      rows: [
        { text: 'Dec 1, 2026 2:14 pm · Low · User account information changed: Department: Biology → Mathematics · Peter B MacIntyre 44 · by Peter Beck MacIntyre' },
        { text: 'Dec 1, 2026 2:10 pm · Critical · MFA turned off for Company · Sunnyvale Biology Labs · by Peter Beck MacIntyre' },
      ],
      more: '',
      hint: 'At most 20 are shown. For every record: npm run -s export -- --since <date> (see the README).',
    },
  },
  {
    label: 'summary',
    name: 'summary',
    data: {
      headline: 'Last 7 days: 3 alerts',
      events: [{ title: 'MFA turned off for Company', value: '1' }, { title: 'User account information changed', value: '2' }],
      severities: [{ title: 'Critical', value: '1' }, { title: 'Low', value: '2' }],
      actors: [{ title: 'Peter Beck MacIntyre', value: '3' }],
      criticalTitle: 'Critical alerts not acknowledged: 1',
      critical: [{ text: 'Dec 1, 2026 2:10 pm · MFA turned off for Company · by Peter Beck MacIntyre' }],
    },
  },
  {
    label: 'incident starting',
    name: 'incident',
    data: {
      cleared: false,
      title: 'Audit trail not read',
      detail: 'The audit trail has not been read successfully for 31 minutes (3 polls missed). Alerts wait until it is; type status to see the last poll\'s error.',
      facts: [
        { title: 'Account', value: 'Lakeside Community College' },
        { title: 'Started', value: 'Dec 1, 2026, 2:10 PM UTC' },
      ],
    },
  },
  {
    label: 'incident cleared',
    name: 'incident',
    data: {
      cleared: true,
      title: 'Audit trail not read',
      detail: 'The audit trail is read again.',
      facts: [
        { title: 'Account', value: 'Lakeside Community College' },
        { title: 'Started', value: 'Dec 1, 2026, 2:10 PM UTC' },
        { title: 'Cleared', value: 'Dec 1, 2026, 2:45 PM UTC' },
      ],
    },
  },
  {
    label: 'alert digest after the daily post cap',
    name: 'alert-digest',
    data: {
      fallbackText: "2 alerts held back by RingCentral's daily post limit",
      title: "2 alerts held back by RingCentral's daily post limit",
      explanation:
        'RingCentral lets a bot post 2,500 times a day. This chat reached that limit, so these alerts waited until Dec 1, 2026 4:00 pm America/Los_Angeles and come here together. SMS alerts went out as usual.',
      alerts: [
        { when: 'Dec 1, 2026 11:58 am America/Los_Angeles', title: 'MFA turned off for Company' },
        { when: 'Dec 1, 2026 12:04 pm America/Los_Angeles', title: 'User account information changed' },
      ],
      more: 0,
    },
  },
  {
    label: 'alert digest listing 50 of 51',
    name: 'alert-digest',
    data: {
      fallbackText: "51 alerts held back by RingCentral's daily post limit",
      title: "51 alerts held back by RingCentral's daily post limit",
      explanation:
        'RingCentral lets a bot post 2,500 times a day. This chat reached that limit, so these alerts waited until Dec 2, 2026 12:00 am UTC and come here together. SMS alerts went out as usual.',
      alerts: Array.from({ length: 50 }, (_, i) => ({ when: `Dec 1, 2026 ${(i % 12) + 1}:0${i % 10} pm UTC`, title: 'Enabled Forward All Calls per user rule' })),
      more: 1,
    },
  },
];

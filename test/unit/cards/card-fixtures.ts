import type { CardData, CardName } from '../../../src/cards/render-card';

/** The admin every fixture belongs to: an extension id, as RingCentral sends it in `user.extId`. */
export const ADMIN_ID = '2691853004';

type EventRow = CardData['events']['groups'][number]['events'][number];

const row = (key: string, label: string, on: boolean, severity = ''): EventRow => ({ key, label, on, severity });
const userInfo = (key: string, shown: string, on: boolean, severity: string): EventRow => row(`user-info-${key}`, shown, on, severity);

/** The 17 events of the product guide, in its four groups, each with its default severity as eventsCard words it; the user-information ones mostly off. */
export const EVENT_GROUPS: CardData['events']['groups'] = [
  {
    name: 'User account information changed',
    events: [
      userInfo('record-user-name', 'Record User Name', false, 'Medium'),
      userInfo('email', 'Email', true, 'High'),
      userInfo('contact-phone', 'Contact Phone', false, 'Medium'),
      userInfo('first-name', 'First Name', false, 'Low'),
      userInfo('last-name', 'Last Name', false, 'Low'),
      userInfo('department', 'Department', false, 'Low'),
      userInfo('job-title', 'Job Title', false, 'Low'),
      userInfo('mobile-phone', 'Mobile Phone', true, 'High'),
    ],
  },
  {
    name: 'Security',
    events: [
      row('mfa-company-off', 'MFA turned off for Company', true, 'Critical'),
      row('mfa-company-on', 'MFA turned on for Company', false, 'Medium'),
      row('2fa-user-off', '2FA turned off per user', true, 'High'),
      row('2fa-user-on', '2FA turned on per user', false, 'Low'),
    ],
  },
  {
    name: 'Call forwarding',
    events: [
      row('fac-user-enabled', 'Enabled Forward All Calls per user rule', true, 'High'),
      row('fac-user-disabled', 'Disabled Forward All Calls per user rule', false, 'Low'),
      row('fac-company-changed', 'Forward All Company Calls changed', true, 'Critical or Medium'),
    ],
  },
  {
    name: 'Team Messaging',
    events: [
      row('guest-communications-changed', 'External guest communications toggle changed', true, 'Critical or Low'),
      row('file-sharing-changed', 'Team Messaging file sharing changed', false, 'Critical or Low'),
    ],
  },
];

/** Nothing saved just now: no result box. */
export const NO_RESULT: CardData['directives']['result'] = { tone: '', title: '', lines: [] };

/** The help card as helpCard builds it for the registered commands (two sections shown here). */
export const HELP: CardData['help'] = {
  groups: [
    {
      name: 'Getting started',
      commands: [
        { usage: 'help', summary: 'This list.' },
        { usage: 'login', summary: 'Let me read your audit trail.' },
      ],
    },
    {
      name: 'Where alerts go',
      commands: [
        { usage: 'settings', summary: 'Choose texts and team chats (card).' },
        { usage: 'sms\u00a0to\u00a0<number>\u00a0[<number>\u00a0…]', summary: 'Who gets texts (at most 5).' },
      ],
    },
  ],
  allUsages: 'help, login, settings, sms to <number> [<number> …]',
};

export const DIRECTIVES: CardData['directives'] = {
  adminId: ADMIN_ID,
  version: 7,
  smsQuiet: '22:00–07:00 (America/Los_Angeles): texts that are not critical are held and sent as one text when they end',
  result: { tone: 'good', title: 'Saved', lines: ['SMS recipients: (650) 555-0100 → (650) 555-0100, +44 7700 900123'] },
  smsEnabled: true,
  smsSender: '+16505550123',
  senderChoices: [
    { title: '(650) 555-0123 · Main number · ready', value: '+16505550123' },
    { title: '(415) 555-0188 · IT Helpdesk · not ready', value: '+14155550188' },
    { title: '(833) 555-0142 · Contact center number · unchecked', value: '+18335550142' },
  ],
  noSenderReason: '',
  smsNotes:
    'Numbers not confirmed to send texts: (415) 555-0188 (its 10DLC campaign is Pending, not Confirmed); (833) 555-0142 (registration unknown (no SMS configuration)).\n\nOpted out: +44 7700 900123 (replied STOP) gets no texts from (650) 555-0123 until they reply START.',
  recipientsHint: "Up to five mobile numbers. Any usual form is accepted, read in the account's country (US). Leave unused fields empty.",
  recipient1: '(650) 555-0100',
  recipient2: '+44 7700 900123',
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
  result: NO_RESULT,
  smsEnabled: false,
  smsSender: '',
  senderChoices: [],
  smsNotes: '',
  noSenderReason: 'None of your numbers can send texts, so text alerts cannot go out from your login. Ask your RingCentral admin for a number that can send texts, or use team chats.',
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
  result: NO_RESULT,
  countLine: '8 of 17 events on',
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
  health: 'Working: sending to 2 numbers and 2 chats; last audit check Nov 21, 2026 10:04 am',
  healthAttention: false,
  facts: [
    { title: 'Authorization', value: 'Authorized as Priya Raman' },
    { title: 'Alerts', value: 'Sending to 2 numbers and 2 chats' },
    { title: 'Texts', value: 'On, from (650) 555-0123' },
    { title: 'Recipients', value: '(650) 555-0100, +44 7700 900123' },
    { title: 'Team chats', value: 'On: IT Security, Ops On-Call' },
    { title: 'Events', value: '8 of 17 on' },
    { title: 'Minimum severity', value: 'SMS: high and above · Chats: low and above' },
    { title: 'Triage', value: 'Escalate critical and above after 15 min unacknowledged · Triage: any user of the account in the chat · Confirm actors: on' },
    { title: 'Last audit check', value: 'Nov 21, 2026 10:04 am' },
    { title: 'Texts to (650) 555-0100', value: '12 delivered · 1 accepted, not yet confirmed · 0 sent, unconfirmed · 0 waiting · 0 failed' },
    {
      title: 'Texts to +44 7700 900123',
      value: '3 delivered · 0 accepted, not yet confirmed · 0 sent, unconfirmed · 0 waiting · 1 failed · last error: SMS-CAR-413: the recipient opted out of SMS from (650) 555-0123',
    },
    { title: 'Chat IT Security', value: '13 delivered · 0 waiting · 0 failed' },
    { title: 'Opted out (STOP)', value: '+44 7700 900123: RingCentral reported SMS-CAR-413; gets no texts from (650) 555-0123 until they reply START' },
    { title: 'Opt-out list', value: 'read from RingCentral Nov 21, 2026 9:00 am' },
  ],
  changes: [
    { when: 'Nov 21, 2026 10:02 am', who: 'Priya Raman', what: 'Events: on: MFA turned off for Company' },
    { when: 'Nov 21, 2026 9:58 am', who: 'Priya Raman', what: 'SMS recipients: (650) 555-0100 → (650) 555-0100, +44 7700 900123' },
    { when: 'Nov 20, 2026 4:40 pm', who: 'Marcus Oyelaran', what: 'Alert chats: IT Security → IT Security, Ops On-Call' },
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
    data: HELP,
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
      state: 'Sending to 2 numbers and 2 chats',
      stateAttention: false,
      detail: 'Watching 8 of 17 events · RingCX off',
    },
  },
  {
    label: 'menu with nothing on',
    name: 'menu',
    data: { adminId: ADMIN_ID, adminName: 'Priya Raman', state: 'Not sending: no destination is on — open settings', stateAttention: true, detail: 'Watching 17 of 17 events · RingCX off' },
  },
  {
    label: 'menu while paused',
    name: 'menu',
    data: { adminId: ADMIN_ID, adminName: 'Priya Raman', state: 'Paused since Nov 21, 2026 4:05 pm — type resume', stateAttention: true, detail: 'Watching 8 of 17 events · RingCX on' },
  },
  { label: 'directives', name: 'directives', data: DIRECTIVES },
  { label: 'directives without numbers or teams', name: 'directives', data: DIRECTIVES_EMPTY },
  { label: 'events', name: 'events', data: EVENTS },
  { label: 'events with RingCX', name: 'events', data: EVENTS_RINGCX },
  {
    label: 'events after save',
    name: 'events',
    data: { ...EVENTS_RINGCX, result: { tone: 'good', title: 'Saved', lines: ['Events: on: MFA turned off for Company', 'RingCX: On · all 2 sub-accounts · Agent, Campaign · UPDATE, DELETE'] } },
  },
  {
    label: 'directives refused',
    name: 'directives',
    data: { ...DIRECTIVES, recipient2: '555-01', result: { tone: 'attention', title: 'Not saved', lines: ['"555-01" is not a phone number I can read. Any usual form is accepted, read in the account\'s country (US), such as (201) 555-0123 or +44 20 7946 0958.'] } },
  },
  { label: 'status', name: 'status', data: STATUS },
  { label: 'status without changes', name: 'status', data: { ...STATUS, changes: [] } },
  {
    label: 'status with open problems',
    name: 'status',
    data: {
      ...STATUS,
      health: 'Problems: Audit trail not read; SMS sender cannot send (since Nov 21, 2026 9:30 am)',
      healthAttention: true,
      facts: [
        ...STATUS.facts.filter((f) => !f.title.startsWith('Opt')),
        {
          title: 'Opt-out list',
          value: "could not be read from RingCentral Nov 21, 2026 9:00 am (CMN-102: Resource for parameter [phoneNumber] is not found); the opt-outs I know still apply, and I read it again daily and when you save text settings",
        },
      ],
    },
  },
  {
    label: 'directives with a sender that is not ready',
    name: 'directives',
    data: {
      ...DIRECTIVES,
      result: NO_RESULT,
      smsSender: '+14155550188',
      smsNotes:
        'Sender (415) 555-0188 cannot send alerts yet: its 10DLC campaign is Pending, not Confirmed. Finish its registration in the RingCentral Admin Portal (SMS registration for business texting) and wait until it is approved, or choose another number with: sms from <number>.\n\nOpted out: +44 7700 900123 (replied STOP) gets no texts from (415) 555-0188 until they reply START.',
    },
  },
  { label: 'logout-confirm', name: 'logout-confirm', data: { adminId: ADMIN_ID, adminName: 'Priya Raman' } },
  { label: 'alert', name: 'alert', data: ALERT },
  {
    label: 'alert, critical',
    name: 'alert',
    data: { ...ALERT_ACKNOWLEDGED, status: '', actorLine: '', version: 0, canAcknowledge: true, canExpect: true, canResolve: false },
  },
  { label: 'alert, acknowledged and confirmed by the actor', name: 'alert', data: ALERT_ACKNOWLEDGED },
  {
    label: 'alert, resolved',
    name: 'alert',
    data: { ...ALERT_ACKNOWLEDGED, status: 'Resolved by Ada Admin · Apr 24, 3:05 pm PDT', version: 2, canExpect: false, canResolve: false, canReopen: true },
  },
  {
    label: 'alert, the actor says it was not them',
    name: 'alert',
    data: {
      ...ALERT,
      fallbackText: 'Mobile Phone changed for Peter B MacIntyre 44: (650) 555-0144 → (415) 555-0199',
      headline: 'Mobile Phone changed for Peter B MacIntyre 44: (650) 555-0144 → (415) 555-0199',
      severityWord: 'Critical',
      severityStyle: 'attention',
      severityColor: 'Attention',
      actorLine: 'The actor says they did not make this change: possible account compromise',
      actorColor: 'Attention',
      facts: [
        { title: 'Setting', value: 'Mobile Phone' },
        { title: 'Before', value: '(650) 555-0144' },
        { title: 'After', value: '(415) 555-0199' },
        { title: 'Affected', value: 'Peter B MacIntyre 44 · ext 12004' },
        { title: 'Source', value: 'RingEX' },
      ],
      version: 1,
    },
  },
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
        { title: 'Started', value: 'Dec 1, 2026 2:10 pm UTC' },
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
        { title: 'Started', value: 'Dec 1, 2026 2:10 pm UTC' },
        { title: 'Cleared', value: 'Dec 1, 2026 2:45 pm UTC' },
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
        'RingCentral lets a bot post 2,500 times a day. This chat reached that limit, so these alerts waited until Dec 1, 2026 4:00 pm and come here together. SMS alerts went out as usual.',
      alerts: [
        { when: 'Dec 1, 2026 11:58 am', title: 'MFA turned OFF for the whole company' },
        { when: 'Dec 1, 2026 12:04 pm', title: 'Department changed for Peter B MacIntyre 44: Biology → Mathematics' },
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
      alerts: Array.from({ length: 50 }, (_, i) => ({ when: `Dec 1, 2026 ${(i % 12) + 1}:0${i % 10} pm UTC`, title: `Forward All Calls turned ON for Sales Desk ${i + 1}` })),
      more: 1,
    },
  },
];

/** The longest values a card meets in practice (issue 11, "Bad input"). */
export const LONGEST = {
  /** 60 characters. */
  chatName: 'IT Security Operations - North America Overnight Escalations',
  /** 40 characters. */
  displayName: 'Maximiliana Alexandra Oyelaran-Castellan',
  /** 1,000 characters: a text alert of a user-information change with long old and new values. */
  smsPreview: `Apr 24, 2025 => 2:12 pm: User account information changed by: Peter Beck MacIntyre. Affected Element: [Job Title] old value / current action: [${'Senior Director of Clinical Research Operations and Regulatory Affairs, '.repeat(7).trim()}] new value: [${'Vice President of Enterprise Security, Identity Governance and Compliance, '.repeat(7).trim()}]`.slice(0, 1000),
  recipients: ['(650) 555-0100', '(650) 555-0101', '+44 7700 900123', '+49 1512 3456789', '+61 412 345 678'],
};

const moreEvents = [
  'Call recording settings changed',
  'Emergency address changed',
  'Caller ID changed',
  'Business hours changed',
  'Auto-receptionist greeting changed',
  'Call queue members changed',
  'Device assigned to user',
  'Device unassigned from user',
  'User role assigned',
  'User role removed',
  'Password policy changed',
  'Single sign-on settings changed',
  'API app authorized',
  'API app access revoked',
  'International calling turned on',
  'Voicemail to email changed',
  'Site created or deleted',
  'Paging group changed',
];

/** 35 events: the catalog's 17 and 18 more of the same kind, as the catalog may grow. */
export const EVENTS_35: CardData['events'] = {
  ...EVENTS_RINGCX,
  countLine: '20 of 35 events on',
  groups: [
    ...EVENT_GROUPS.map((g) => ({ ...g, events: g.events.map((e) => ({ ...e, severity: e.key.includes('off') ? 'High' : 'Medium' })) })),
    { name: 'Phone system', events: moreEvents.map((label, i) => row(`more-${i}`, label, i % 2 === 0, i % 3 === 0 ? 'Low' : 'Medium')) },
  ],
};

export const LONGEST_CASES: RenderCase[] = [
  {
    label: 'longest menu',
    name: 'menu',
    data: { adminId: ADMIN_ID, adminName: LONGEST.displayName, state: 'Paused since Nov 21, 2026 12:55 pm — type resume', stateAttention: true, detail: 'Watching 35 of 35 events · RingCX on' },
  },
  {
    label: 'longest directives',
    name: 'directives',
    data: {
      ...DIRECTIVES,
      recipient1: LONGEST.recipients[0]!,
      recipient2: LONGEST.recipients[1]!,
      recipient3: LONGEST.recipients[2]!,
      recipient4: LONGEST.recipients[3]!,
      recipient5: LONGEST.recipients[4]!,
      senderChoices: [
        { title: '(650) 555-0123 · Main number', value: '+16505550123' },
        { title: '(415) 555-0188 · Contact center number', value: '+14155550188' },
      ],
      chatIds: '1489354758,1489477638,1490010118,1490010119,1490010120',
      chatChoices: [LONGEST.chatName, 'IT Security', 'Ops On-Call', 'Helpdesk', 'Compliance (group)'].map((title, i) => ({ title, value: String(1489354758 + i) })),
      result: { tone: 'good', title: 'Saved', lines: [`Alert chats: (none) → ${LONGEST.chatName}, IT Security, Ops On-Call, Helpdesk, Compliance`, `SMS recipients: (none) → ${LONGEST.recipients.join(', ')}`] },
    },
  },
  { label: 'longest events', name: 'events', data: EVENTS_35 },
  {
    label: 'longest status',
    name: 'status',
    data: {
      ...STATUS,
      adminName: LONGEST.displayName,
      health: 'Sending to 5 numbers and 5 chats, but 3 alerts could not be delivered — see below',
      healthAttention: true,
      facts: [
        { title: 'Authorization', value: `Authorized as ${LONGEST.displayName}` },
        { title: 'Alerts', value: 'Sending to 5 numbers and 5 chats' },
        { title: 'Texts', value: 'On, from (650) 555-0123' },
        { title: 'Recipients', value: LONGEST.recipients.join(', ') },
        { title: 'Team chats', value: `On: ${LONGEST.chatName}, IT Security, Ops On-Call, Helpdesk, Compliance` },
        { title: 'Events', value: '35 of 35 on' },
        { title: 'RingCX', value: 'On · all 2 sub-accounts · Agent, Campaign · UPDATE, DELETE · ignoring svc.sync@example.com' },
        { title: 'Time zone', value: 'America/Argentina/ComodRivadavia' },
        { title: 'Last audit check', value: 'Nov 21, 2026 12:55 pm' },
        ...LONGEST.recipients.map((n, i) => ({ title: `Texts to ${n}`, value: `${40 + i} delivered · ${i} waiting · ${i === 2 ? 3 : 0} failed${i === 2 ? ' · last error: The number is not a mobile number (SMS-CAR-400)' : ''}` })),
        { title: `Chat ${LONGEST.chatName}`, value: '45 delivered · 0 waiting · 0 failed' },
      ],
      changes: [
        { when: 'Nov 21, 2026 12:55 pm', who: LONGEST.displayName, what: 'Notifications: running → paused' },
        { when: 'Nov 21, 2026 12:50 pm', who: LONGEST.displayName, what: `Alert chats: IT Security → ${LONGEST.chatName}, IT Security` },
        { when: 'Nov 21, 2026 12:48 pm', who: LONGEST.displayName, what: `SMS recipients: (none) → ${LONGEST.recipients.join(', ')}` },
        { when: 'Nov 21, 2026 12:40 pm', who: LONGEST.displayName, what: 'Events: on: 18 events' },
        { when: 'Nov 20, 2026 4:40 pm', who: '2691853019', what: 'Time zone: (none) → America/Argentina/ComodRivadavia' },
      ],
    },
  },
  { label: 'longest logout-confirm', name: 'logout-confirm', data: { adminId: ADMIN_ID, adminName: LONGEST.displayName } },
  { label: 'longest login', name: 'login', data: { adminName: LONGEST.displayName, authorizeUrl: 'https://platform.ringcentral.com/restapi/oauth/authorize?response_type=code&client_id=aBcD3fGh1JkL&state=5f0c9b2e7a', expiresMinutes: 10, reason: 'Your authorization expired.' } },
  { label: 'longest welcome', name: 'welcome', data: { installerName: LONGEST.displayName, accountId: '37439510' } },
  {
    label: 'longest alert',
    name: 'alert',
    data: {
      ...ALERT,
      fallbackText: LONGEST.smsPreview,
      facts: [
        { title: 'Who', value: `${LONGEST.displayName} · ext 12001 · Super Admin` },
        { title: 'What changed', value: LONGEST.smsPreview.slice(LONGEST.smsPreview.indexOf('[Job Title]')) },
        { title: 'Affected', value: `${LONGEST.displayName} · ext 12004 · id 1983009004` },
        { title: 'When', value: 'Apr 24, 2025 2:12 pm America/Argentina/ComodRivadavia (Apr 24, 2025 5:12 pm UTC)' },
        { title: 'Source', value: 'RingEX' },
      ],
    },
  },
];

RENDER_CASES.push(...LONGEST_CASES);

import { eventsCard } from '../../../src/admin/admin-views';
import type { AdminSettings } from '../../../src/db/admin-settings-repository';
import { defaultAlertPolicy } from '../../../src/db/alert-policies-repository';
import { describe, expect, it } from 'vitest';
import { renderCard, type AdaptiveCard } from '../../../src/cards/render-card';
import { ADMIN_ID, DIRECTIVES, DIRECTIVES_EMPTY, EVENT_GROUPS, EVENTS, EVENTS_RINGCX, RENDER_CASES, STATUS } from './card-fixtures';
import { inputsOf, stringsOf, submitsOf, typedObjects, type JsonObject } from './card-inspect';

const texts = (card: AdaptiveCard): string[] =>
  typedObjects(card)
    .filter((o) => o['type'] === 'TextBlock')
    .map((o) => String(o['text']));

const factSets = (card: AdaptiveCard): JsonObject[] => typedObjects(card).filter((o) => o['type'] === 'FactSet');

const LOGIN = {
  adminName: 'Priya Raman',
  authorizeUrl: 'https://platform.ringcentral.com/restapi/oauth/authorize?response_type=code&client_id=aBcD3fGh1JkL&state=5f0c9b2e7a',
  expiresMinutes: 10,
  reason: '',
};

describe('every admin card', () => {
  const adminCases = RENDER_CASES.filter((c) => c.name !== 'welcome' && c.name !== 'help');

  it.each(adminCases.map((c) => [c.label, c] as const))(
    'When the %s card is rendered, then every Submit button carries its verb and the admin id',
    (_label, c) => {
      const card = renderCard(c.name, c.data);
      for (const data of submitsOf(card).values()) {
        expect(data['action']).toEqual(expect.stringMatching(/^[a-z][A-Za-z]+$/));
        expect(data['adminId']).toBe(ADMIN_ID);
      }
    },
  );

  it('When an admin name holds quotes, markdown and a template expression, then it is shown as typed and not expanded', () => {
    const adminName = 'Zoë "Z" O\'Brien ${adminId} **bold**';
    const card = renderCard('menu', { adminId: ADMIN_ID, adminName, state: 'Paused — type resume', stateAttention: true, detail: 'Watching 0 of 17 events · RingCX off' });
    expect(texts(card)).toContain(`Signed in as ${adminName}`);
  });
});

describe('login card', () => {
  it('When an admin is asked to log in, then Authorize opens the one-time link and the card says who may authorize and when it expires', () => {
    const card = renderCard('login', LOGIN);
    expect(card.actions).toEqual([{ type: 'Action.OpenUrl', title: 'Authorize', url: LOGIN.authorizeUrl, style: 'positive' }]);
    const all = texts(card).join('\n');
    expect(all).toContain('For Priya Raman');
    expect(all).toContain('**Super Admin** or **Billing Admin**');
    expect(all).toContain('audit trail');
    expect(all).toContain('The link works once and expires in 10 minutes.');
    expect(card.fallbackText).toContain('10 minutes');
    expect(card.fallbackText).not.toContain('state=');
  });

  it('When no reason is given, then no reason line is shown', () => {
    const card = renderCard('login', LOGIN);
    expect(typedObjects(card).filter((o) => o['color'] === 'Attention')).toEqual([]);
    expect(texts(card)).not.toContain('');
  });

  it('When the authorization expired and the link lasts one minute, then the reason is shown above the button and "minute" is singular', () => {
    const card = renderCard('login', { ...LOGIN, expiresMinutes: 1, reason: 'Your authorization expired.' });
    const reason = typedObjects(card).find((o) => o['text'] === 'Your authorization expired.');
    expect(reason).toMatchObject({ type: 'TextBlock', color: 'Attention', wrap: true });
    expect(texts(card).indexOf('Your authorization expired.')).toBe(2);
    expect(texts(card).join('\n')).toContain('expires in 1 minute.');
  });
});

describe('menu card', () => {
  const menu = (state: string, stateAttention: boolean) =>
    renderCard('menu', { adminId: ADMIN_ID, adminName: 'Priya Raman', state, stateAttention, detail: 'Watching 8 of 17 events · RingCX off' });

  it('When the menu is rendered, then it shows the state line and four short buttons, each with the admin id, and no fact list repeating them', () => {
    const card = menu('Sending to 2 numbers and 1 chat', false);
    expect(texts(card)).toEqual(['Audit Trail Bot', 'Signed in as Priya Raman', 'Sending to 2 numbers and 1 chat', 'Watching 8 of 17 events · RingCX off']);
    expect(factSets(card)).toEqual([]);
    expect(card.fallbackText).toBe('Audit Trail Bot: Sending to 2 numbers and 1 chat. Watching 8 of 17 events · RingCX off');
    expect([...submitsOf(card)]).toEqual([
      ['Settings', { action: 'openDirectives', adminId: ADMIN_ID }],
      ['Events', { action: 'openEvents', adminId: ADMIN_ID }],
      ['Status', { action: 'showStatus', adminId: ADMIN_ID }],
      ['Log out', { action: 'logout', adminId: ADMIN_ID }],
    ]);
    for (const title of submitsOf(card).keys()) expect(title.length).toBeLessThanOrEqual(8);
  });

  it('When nothing is being sent, then the state line is in the attention colour; when sending, in the good colour', () => {
    const state = (card: AdaptiveCard) => typedObjects(card).find((o) => o['type'] === 'TextBlock' && o['weight'] === 'Bolder' && o['size'] === undefined);
    expect(state(menu('Not sending: no destination is on — open settings', true))).toMatchObject({ text: 'Not sending: no destination is on — open settings', color: 'Attention' });
    expect(state(menu('Sending to 2 numbers and 1 chat', false))).toMatchObject({ color: 'Good' });
  });
});

describe('directives card', () => {
  it('When the settings have a sender, recipients and chats, then every input has its contract id and current value', () => {
    const card = renderCard('directives', DIRECTIVES);
    const inputs = inputsOf(card);
    expect([...inputs.keys()]).toEqual([
      'smsEnabled',
      'smsSender',
      'recipient1',
      'recipient2',
      'recipient3',
      'recipient4',
      'recipient5',
      'chatsEnabled',
      'chatIds',
    ]);
    expect(inputs.get('smsEnabled')).toMatchObject({ type: 'Input.Toggle', valueOn: 'true', valueOff: 'false', value: 'true' });
    expect(inputs.get('smsSender')).toMatchObject({
      type: 'Input.ChoiceSet',
      style: 'compact',
      value: '+16505550123',
      choices: DIRECTIVES.senderChoices,
    });
    expect(inputs.get('smsSender')?.['isMultiSelect']).toBeUndefined();
    const recipients = [1, 2, 3, 4, 5].map((n) => inputs.get(`recipient${n}`));
    for (const recipient of recipients) {
      expect(recipient).toMatchObject({ type: 'Input.Text', style: 'tel', placeholder: expect.stringMatching(/^[+(\d][\d ()-]+$/) });
    }
    expect(recipients.map((r) => r?.['value'])).toEqual(['(650) 555-0100', '+44 7700 900123', '', '', '']);
    expect(inputs.get('chatsEnabled')).toMatchObject({ type: 'Input.Toggle', valueOn: 'true', valueOff: 'false', value: 'true' });
    expect(inputs.get('chatIds')).toMatchObject({
      type: 'Input.ChoiceSet',
      isMultiSelect: true,
      value: '1489354758,1489477638',
      choices: DIRECTIVES.chatChoices,
    });
  });

  it('When the card is rendered, then Save carries the settings version as a number and Back returns to the menu', () => {
    const card = renderCard('directives', DIRECTIVES);
    expect([...submitsOf(card)]).toEqual([
      ['Save', { action: 'saveDirectives', adminId: ADMIN_ID, version: 7 }],
      ['Back', { action: 'openMenu', adminId: ADMIN_ID }],
    ]);
  });

  it('When a save went through, then what changed is shown inside the card, in a good box below the title and before the SMS section', () => {
    const card = renderCard('directives', DIRECTIVES);
    const box = (card.body as JsonObject[])[2]!;
    expect(box).toMatchObject({ type: 'Container', style: 'good' });
    expect((box['items'] as JsonObject[]).map((i) => i['text'])).toEqual(['Saved', 'SMS recipients: (650) 555-0100 → (650) 555-0100, +44 7700 900123']);
    const all = texts(card);
    expect(all.indexOf('Saved')).toBeGreaterThan(all.indexOf('Settings'));
    expect(all.indexOf('Saved')).toBeLessThan(all.indexOf('Text messages (SMS)'));
    expect(all.indexOf('Text messages (SMS)')).toBeLessThan(all.indexOf('Team chats'));
    expect(card.fallbackText).toContain('Saved.');
  });

  it('When a save was refused, then the card says "Not saved" and why, in the attention style, and keeps what was typed', () => {
    const reason = '"555-01" is not a phone number I can read. Any usual form is accepted, read in the account\'s country (US), such as (201) 555-0123 or +44 20 7946 0958.';
    const card = renderCard('directives', { ...DIRECTIVES, recipient2: '555-01', result: { tone: 'attention', title: 'Not saved', lines: [reason] } });
    expect((card.body as JsonObject[])[2]).toMatchObject({ type: 'Container', style: 'attention' });
    expect(texts(card).slice(2, 4)).toEqual(['Not saved', reason]);
    expect(inputsOf(card).get('recipient2')?.['value']).toBe('555-01');
  });

  it('When the card is only opened, then no result box is shown', () => {
    const card = renderCard('directives', DIRECTIVES_EMPTY);
    expect(typedObjects(card).filter((o) => o['type'] === 'Container')).toEqual([]);
  });

  it('When senders are listed, then each reads as a formatted number with what it is and whether it may send, in plain words', () => {
    const card = renderCard('directives', DIRECTIVES);
    expect((inputsOf(card).get('smsSender')?.['choices'] as JsonObject[]).map((c) => c['title'])).toEqual([
      '(650) 555-0123 · Main number · ready',
      '(415) 555-0188 · IT Helpdesk · not ready',
      '(833) 555-0142 · Contact center number · unchecked',
    ]);
    expect(texts(card)).toContain(
      'Numbers not confirmed to send texts: (415) 555-0188 (its 10DLC campaign is Pending, not Confirmed); (833) 555-0142 (registration unknown (no SMS configuration)).\n\nOpted out: +44 7700 900123 (replied STOP) gets no texts from (650) 555-0123 until they reply START.',
    );
    expect(inputsOf(card).get('smsSender')?.['label']).toBe('Send from (your numbers that can send texts)');
    expect(texts(card)).toContain("**Recipients.** Up to five mobile numbers. Any usual form is accepted, read in the account's country (US). Leave unused fields empty.");
    expect(JSON.stringify(card)).not.toMatch(/SmsSender|feature/);
  });

  it('When the account has no SMS sender and the bot is in no team, then the reasons replace the pickers and both toggles are off', () => {
    const card = renderCard('directives', DIRECTIVES_EMPTY);
    const inputs = inputsOf(card);
    expect(inputs.has('smsSender')).toBe(false);
    expect(inputs.has('chatIds')).toBe(false);
    expect(typedObjects(card).filter((o) => o['type'] === 'Input.ChoiceSet')).toEqual([]);
    expect(texts(card)).toContain(DIRECTIVES_EMPTY.noSenderReason);
    expect(texts(card)).toContain(DIRECTIVES_EMPTY.chatsHint);
    expect(inputs.get('smsEnabled')?.['value']).toBe('false');
    expect(inputs.get('chatsEnabled')?.['value']).toBe('false');
    expect(inputs.get('recipient1')?.['value']).toBe('');
    expect(texts(card)).not.toContain('');
    expect(submitsOf(card).get('Save')).toEqual({ action: 'saveDirectives', adminId: ADMIN_ID, version: 1 });
  });

  it('When there are sender choices, then the no-sender reason is not shown', () => {
    const card = renderCard('directives', { ...DIRECTIVES, noSenderReason: 'should not appear' });
    expect(stringsOf(card).map((s) => s.value)).not.toContain('should not appear');
  });

  it('When there are team choices and a hint, then the hint is shown below the chat picker', () => {
    const hint = 'Missing a team? Add me to it, then open this card again.';
    const card = renderCard('directives', { ...DIRECTIVES, chatsHint: hint });
    const body = card.body as JsonObject[];
    const picker = body.findIndex((o) => o['id'] === 'chatIds');
    expect(body[picker + 1]).toMatchObject({ type: 'TextBlock', text: hint });
  });
});

describe('events card', () => {
  const allEvents = EVENT_GROUPS.flatMap((g) => g.events);

  it('When the events card is rendered, then it has one toggle per catalog event, 17 in all, with the current on/off values', () => {
    const card = renderCard('events', EVENTS);
    const toggles = typedObjects(card).filter((o) => o['type'] === 'Input.Toggle');
    expect(toggles).toHaveLength(17);
    expect(toggles.map((t) => [t['id'], t['title'], t['value'], t['valueOn'], t['valueOff']])).toEqual(
      allEvents.map((e) => [`evt_${e.key}`, e.label, e.on ? 'true' : 'false', 'true', 'false']),
    );
    expect(inputsOf(card).get('evt_mfa-company-off')).toMatchObject({ title: 'MFA turned off for Company', value: 'true' });
    expect(inputsOf(card).get('evt_user-info-email')).toMatchObject({ title: 'Email', value: 'true' });
  });

  it('When the events card is rendered, then each group is a section whose bold heading carries the shared words, and no toggle repeats them', () => {
    const card = renderCard('events', EVENTS);
    const sections = (card.body as JsonObject[]).filter((o) => o['type'] === 'Container' && o['separator'] === true);
    expect(sections).toHaveLength(4);
    sections.forEach((section, i) => {
      const group = EVENT_GROUPS[i]!;
      const [heading, ...rows] = section['items'] as JsonObject[];
      expect(heading).toMatchObject({ type: 'TextBlock', text: group.name, weight: 'Bolder' });
      expect(rows.map((r) => inputsOfRow(r))).toEqual(group.events.map((e) => `evt_${e.key}`));
    });
    const titles = typedObjects(card).filter((o) => o['type'] === 'Input.Toggle').map((t) => String(t['title']));
    expect(titles.filter((t) => t.includes('User account information'))).toEqual([]);
    expect(texts(card)).toContain('User account information changed');
  });

  it('When an event has a severity, then it is shown beside its toggle; without one, nothing is', () => {
    const graded = { ...EVENTS, groups: [{ name: 'Security', events: [{ key: 'mfa-company-off', label: 'MFA turned off for Company', on: true, severity: 'High' }] }] };
    const row = (card: AdaptiveCard) => typedObjects(card).find((o) => o['type'] === 'ColumnSet')!;
    expect((row(renderCard('events', graded))['columns'] as JsonObject[]).map((c) => (c['items'] as JsonObject[])[0]!['text'] ?? (c['items'] as JsonObject[])[0]!['id'])).toEqual(['evt_mfa-company-off', 'High']);
    const ungraded = { ...EVENTS, groups: [{ name: 'Security', events: [{ key: 'mfa-company-off', label: 'MFA turned off for Company', on: true, severity: '' }] }] };
    expect(row(renderCard('events', ungraded))['columns']).toHaveLength(1);
  });

  it("When an admin opens events, then each event shows its severity in a plain word: the default, or the admin's override", () => {
    const settings: AdminSettings = {
      accountId: '37439510', extensionId: ADMIN_ID, version: 3, smsEnabled: false, smsSender: null, smsRecipients: [], chatsEnabled: true, chatIds: [],
      eventKeys: ['mfa-company-off'], paused: false, timezone: null, notificationsSince: null,
    };
    const severities = (card: AdaptiveCard) =>
      new Map(
        typedObjects(card)
          .filter((o) => o['type'] === 'ColumnSet')
          .map((set) => (set['columns'] as JsonObject[]).map((c) => (c['items'] as JsonObject[])[0]!))
          .map(([toggle, word]) => [String(toggle!['title']), word ? String(word['text']) : '']),
      );
    const defaults = severities(eventsCard(settings, undefined, undefined, defaultAlertPolicy('37439510', ADMIN_ID)));
    expect(defaults.get('MFA turned off for Company')).toBe('Critical');
    expect(defaults.get('2FA turned on per user')).toBe('Low');
    expect(defaults.get('Mobile Phone')).toBe('High');
    expect(defaults.get('Team Messaging file sharing changed')).toBe('Critical or Low');
    expect([...defaults.values()].every((w) => /^(Critical|High|Medium|Low)( or (Critical|High|Medium|Low))?$/.test(w))).toBe(true);
    const overridden = severities(eventsCard(settings, undefined, undefined, { ...defaultAlertPolicy('37439510', ADMIN_ID), severityOverrides: { 'mfa-company-off': 'medium' } }));
    expect(overridden.get('MFA turned off for Company')).toBe('Medium');
  });

  it('When the events card is rendered, then there is one Save for the whole card, carrying both versions, and no second Save in the RingCX section', () => {
    const card = renderCard('events', EVENTS_RINGCX);
    expect([...submitsOf(card)]).toEqual([
      ['Save', { action: 'saveEvents', adminId: ADMIN_ID, version: 12, ringcxVersion: 4 }],
      ['All on', { action: 'eventsAllOn', adminId: ADMIN_ID, version: 12 }],
      ['All off', { action: 'eventsAllOff', adminId: ADMIN_ID, version: 12 }],
      ['Back', { action: 'openMenu', adminId: ADMIN_ID }],
    ]);
    expect(typedObjects(card).filter((o) => o['type'] === 'ActionSet')).toEqual([]);
    expect(inputsOf(card).has('rcx_enabled')).toBe(true);
  });

  it('When a save went through, then the result is shown once above the first group; without one, the count line is all', () => {
    const saved = renderCard('events', { ...EVENTS, result: { tone: 'good', title: 'Saved', lines: ['Events: on: MFA turned off for Company'] } });
    expect(texts(saved).slice(2, 4)).toEqual(['Saved', 'Events: on: MFA turned off for Company']);
    expect(texts(renderCard('events', EVENTS))[1]).toMatch(/^8 of 17 events on\. /);
    expect(texts(renderCard('events', EVENTS))[2]).toBe('User account information changed');
  });
});

/** The toggle id of an events-card row (a ColumnSet whose first column holds the toggle). */
function inputsOfRow(row: JsonObject): string {
  const first = (row['columns'] as JsonObject[])[0]!;
  return String((first['items'] as JsonObject[])[0]!['id']);
}

describe('status card', () => {
  it('When the status is rendered, then the facts are a FactSet, each recent change is a "when · who" line over what changed, and Menu returns to the menu', () => {
    const card = renderCard('status', STATUS);
    const [facts, ...others] = factSets(card);
    expect(facts?.['facts']).toEqual(STATUS.facts);
    expect(others).toEqual([]);
    const all = texts(card);
    expect(all.slice(all.indexOf('Recent changes') + 1)).toEqual([
      'Nov 21, 2026 10:02 am · Priya Raman',
      'Events: on: MFA turned off for Company',
      'Nov 21, 2026 9:58 am · Priya Raman',
      'SMS recipients: (650) 555-0100 → (650) 555-0100, +44 7700 900123',
      'Nov 20, 2026 4:40 pm · Marcus Oyelaran',
      'Alert chats: IT Security → IT Security, Ops On-Call',
    ]);
    expect(texts(card)).toContain('Recent changes');
    expect(texts(card)).not.toContain('No changes yet.');
    expect(card.fallbackText).toContain('Working: sending to 2 numbers and 2 chats; last audit check Nov 21, 2026 10:04 am. Authorization: Authorized as Priya Raman; Alerts: Sending to 2 numbers and 2 chats');
    expect([...submitsOf(card)]).toEqual([['Menu', { action: 'openMenu', adminId: ADMIN_ID }]]);
  });

  it('When the status is rendered, then the health line comes first after the title, in the good style, or attention when something is wrong', () => {
    const box = (card: AdaptiveCard) => (card.body as JsonObject[])[2]!;
    expect(box(renderCard('status', STATUS))).toMatchObject({ type: 'Container', style: 'good', items: [{ type: 'TextBlock', text: STATUS.health }] });
    expect(box(renderCard('status', { ...STATUS, health: 'Not working: I can no longer read the audit trail — type login', healthAttention: true }))).toMatchObject({ style: 'attention' });
  });

  it('When nothing has changed yet, then "No changes yet." replaces the changes list', () => {
    const card = renderCard('status', { ...STATUS, changes: [] });
    expect(factSets(card)).toHaveLength(1);
    expect(texts(card)).toContain('No changes yet.');
  });
});

describe('logout-confirm card', () => {
  it('When an admin asks to log out, then the card says what logout does and offers to confirm or cancel', () => {
    const card = renderCard('logout-confirm', { adminId: ADMIN_ID, adminName: 'Priya Raman' });
    const all = texts(card).join('\n');
    expect(all).toContain('Priya Raman');
    expect(all).toContain('revokes my access to RingCentral');
    expect(all).toContain('deletes your settings');
    expect([...submitsOf(card)]).toEqual([
      ['Yes, log out', { action: 'logoutConfirm', adminId: ADMIN_ID }],
      ['Cancel', { action: 'openMenu', adminId: ADMIN_ID }],
    ]);
  });
});

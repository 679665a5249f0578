import { describe, expect, it } from 'vitest';
import { renderCard, type AdaptiveCard } from '../../../src/cards/render-card';
import { ADMIN_ID, DIRECTIVES, DIRECTIVES_EMPTY, EVENT_GROUPS, EVENTS, RENDER_CASES, STATUS } from './card-fixtures';
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
    const card = renderCard('menu', { adminId: ADMIN_ID, adminName, summary: 'SMS off · Team chats off · 0 of 17 events · Paused' });
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
  it('When the menu is rendered, then it shows the summary and the four buttons of the guide, each with the admin id', () => {
    const summary = 'SMS on (2 recipients) · Team chats on (1) · 17 of 17 events · Running';
    const card = renderCard('menu', { adminId: ADMIN_ID, adminName: 'Priya Raman', summary });
    expect(texts(card)).toContain(summary);
    expect(texts(card)).toContain('Signed in as Priya Raman');
    expect(card.fallbackText).toBe(`Audit Trail Bot settings: ${summary}`);
    expect([...submitsOf(card)]).toEqual([
      ['Set account directives', { action: 'openDirectives', adminId: ADMIN_ID }],
      ['Choose notification events', { action: 'openEvents', adminId: ADMIN_ID }],
      ['Status', { action: 'showStatus', adminId: ADMIN_ID }],
      ['Logout', { action: 'logout', adminId: ADMIN_ID }],
    ]);
    expect(card.actions).toHaveLength(4);
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
      expect(recipient).toMatchObject({ type: 'Input.Text', style: 'tel', placeholder: expect.stringMatching(/^\+\d[\d ]+$/) });
    }
    expect(recipients.map((r) => r?.['value'])).toEqual(['+16505550100', '+447700900123', '', '', '']);
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

  it('When there is a notice, then it is shown below the title, before the SMS section', () => {
    const all = texts(renderCard('directives', DIRECTIVES));
    expect(all.indexOf('Saved.')).toBeGreaterThan(all.indexOf('Account directives'));
    expect(all.indexOf('Saved.')).toBeLessThan(all.indexOf('SMS'));
    expect(all.indexOf('SMS')).toBeLessThan(all.indexOf('Team Messaging'));
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
    expect(inputsOf(card).get('evt_2fa-user-on')).toMatchObject({ title: '2FA turned on per user', value: 'false' });
  });

  it('When the events card is rendered, then each group is a section whose bold heading comes before its toggles', () => {
    const card = renderCard('events', EVENTS);
    const sections = (card.body as JsonObject[]).filter((o) => o['type'] === 'Container' && o['separator'] === true);
    expect(sections).toHaveLength(4);
    sections.forEach((section, i) => {
      const group = EVENT_GROUPS[i]!;
      const [heading, ...toggles] = section['items'] as JsonObject[];
      expect(heading).toMatchObject({ type: 'TextBlock', text: group.name, weight: 'Bolder' });
      expect(toggles.map((t) => t['id'])).toEqual(group.events.map((e) => `evt_${e.key}`));
    });
  });

  it('When the events card is rendered, then Save, All on and All off carry the version as a number and Back does not', () => {
    const card = renderCard('events', EVENTS);
    expect([...submitsOf(card)]).toEqual([
      ['Save', { action: 'saveEvents', adminId: ADMIN_ID, version: 12 }],
      ['All on', { action: 'eventsAllOn', adminId: ADMIN_ID, version: 12 }],
      ['All off', { action: 'eventsAllOff', adminId: ADMIN_ID, version: 12 }],
      ['Back', { action: 'openMenu', adminId: ADMIN_ID }],
    ]);
  });

  it('When there is a notice, then it is shown once above the first group; without one, nothing is shown', () => {
    expect(texts(renderCard('events', { ...EVENTS, notice: 'Saved. 8 of 17 events on.' }))[2]).toBe('Saved. 8 of 17 events on.');
    expect(texts(renderCard('events', EVENTS))[2]).toBe('User account information');
  });
});

describe('status card', () => {
  it('When the status is rendered, then the facts and the recent changes are FactSets and Menu returns to the menu', () => {
    const card = renderCard('status', STATUS);
    const [facts, changes] = factSets(card);
    expect(facts?.['facts']).toEqual(STATUS.facts);
    expect(changes?.['facts']).toEqual([
      { title: 'Nov 21, 10:02', value: 'Priya Raman: Turned on "MFA turned off for Company"' },
      { title: 'Nov 21, 09:58', value: 'Priya Raman: Added recipient +44 7700 900123' },
      { title: 'Nov 20, 16:40', value: 'Marcus Oyelaran: Selected team chat Ops On-Call' },
    ]);
    expect(texts(card)).toContain('Recent changes');
    expect(texts(card)).not.toContain('No changes yet.');
    expect(card.fallbackText).toContain('Authorization: Valid, renewed Nov 21, 2026 09:14 UTC; SMS: On, from (650) 555-0123');
    expect([...submitsOf(card)]).toEqual([['Menu', { action: 'openMenu', adminId: ADMIN_ID }]]);
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

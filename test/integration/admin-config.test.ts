import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness, SHARED_SECRET } from '../support/harness';
import { findAction, installedWorld, latestCard, latestText, loginThroughChat, type InstalledWorld } from '../support/world';
import { signGlipBody } from '../../src/http/verify-glip-signature';
import { EVENT_KEYS } from '../../src/catalog/event-catalog';
import { formatCardTime } from '../../src/cards/format-card-time';

let h: Harness;
let world: InstalledWorld;
let teamId: string;
beforeEach(async () => {
  h = await startHarness();
  world = await installedWorld(h);
  teamId = h.sim.addChat(world.accountId, { type: 'Team', name: 'Security Operations', memberIds: [world.adminId, world.botId] }).id;
  await h.settle();
  await loginThroughChat(h, world, { extensionId: world.adminId, dmId: world.dmId });
});
afterEach(async () => {
  expect(h.sim.specViolations).toEqual([]);
  await h.stop();
});

async function say(text: string, from = world.adminId, chatId = world.dmId): Promise<string | undefined> {
  await h.sim.sendChatMessage({ chatId, fromId: from, text, ...(chatId !== world.dmId && text.includes('![:Person]') ? { mentionIds: [world.botId] } : {}) });
  await h.settle();
  return latestText(h, world.botId, chatId);
}

const settings = () => h.app.deps.db.settings.find(world.accountId, world.adminId);
const changeCount = async () => (await h.app.deps.db.settings.recentChanges(world.accountId, world.adminId, 100)).length;

describe('Configuring by commands', () => {
  it('When the admin sets the sender, recipients and switches SMS on, then each answer says what changed and the row holds E.164 numbers', async () => {
    expect(await say('sms from (650) 555-0100')).toBe('Saved. SMS sender: (none) → (650) 555-0100');
    expect(await say('SMS TO +1 650 555 0101, 650-555-0102')).toBe('Saved. SMS recipients: (none) → (650) 555-0101, (650) 555-0102');
    expect(await say('sms add 6505550103')).toBe('Saved. SMS recipients: (650) 555-0101, (650) 555-0102 → (650) 555-0101, (650) 555-0102, (650) 555-0103');
    expect(await say('sms remove +16505550102')).toBe('Saved. SMS recipients: (650) 555-0101, (650) 555-0102, (650) 555-0103 → (650) 555-0101, (650) 555-0103');
    expect(await say('sms on')).toBe('Saved. SMS alerts: off → on');
    expect(await say('sms on')).toBe('SMS alerts are already on.');
    expect(await settings()).toMatchObject({ smsEnabled: true, smsSender: '+16505550100', smsRecipients: ['+16505550101', '+16505550103'] });
    expect((await settings())?.notificationsSince).toBeInstanceOf(Date);
  });

  it('When the admin says notify here in a team, then that team becomes a destination and chats are on; stop here removes it', async () => {
    expect(await say(`![:Person](${world.botId}) notify here`, world.adminId, teamId)).toBe('Saved. Team chat alerts: off → on · Alert chats: (none) → Security Operations');
    expect(await settings()).toMatchObject({ chatsEnabled: true, chatIds: [teamId] });
    expect(await say(`![:Person](${world.botId}) stop here`, world.adminId, teamId)).toBe('Saved. Team chat alerts: on → off · Alert chats: Security Operations → (none)');
  });

  it('When the admin switches events off and on by key, then the row and events list follow', async () => {
    expect(await say('events off mfa-company-on 2FA-USER-ON')).toBe('Saved. Events: off: MFA turned on for Company, 2FA turned on per user');
    expect((await settings())?.eventKeys).toEqual(EVENT_KEYS.filter((k) => k !== 'mfa-company-on' && k !== '2fa-user-on'));
    const list = await say('events list');
    expect(list).toContain('✗ mfa-company-on: MFA turned on for Company');
    expect(list).toContain('✓ mfa-company-off: MFA turned off for Company');
    expect(await say('events on all')).toBe('Saved. Events: on: MFA turned on for Company, 2FA turned on per user');
    expect(await say('events off all')).toContain('Saved. Events: off:');
    expect((await settings())?.eventKeys).toEqual([]);
  });

  it('When the admin pauses and resumes, then the setting follows and status shows it with the last 5 changes', async () => {
    expect(await say('pause')).toBe('Saved. Notifications: running → paused');
    await say('sms from +16505550100');
    await say('sms to +16505550101');
    await say('sms on');
    await say('events off file-sharing-changed');
    expect(await say('resume')).toBe('Saved. Notifications: paused → running');
    await say('status');
    const card = latestCard(h, world.botId, world.dmId)!;
    const text = JSON.stringify(card.body);
    expect(text).toContain('Authorized as Peter MacIntyre');
    expect(text).toContain('"title":"Recipients","value":"(650) 555-0101"');
    expect(text).toContain('"title":"Events","value":"16 of 17 on"');
    expect(text).not.toMatch(/\+1650555010\d/);
    expect(text).not.toContain('file-sharing-changed');
    for (const line of ['Notifications: paused → running', 'Events: off: Team Messaging file sharing changed', 'SMS alerts: off → on', 'SMS recipients: (none) → (650) 555-0101', 'SMS sender: (none) → (650) 555-0100']) {
      expect(text).toContain(line);
    }
    expect(text).not.toContain('Notifications: running → paused'); // the 6th change back is not shown
  });
});

describe('What the menu and status say is happening', () => {
  type Card = { body: { type: string; items?: { text: string }[] }[] };
  const boxOf = async (command: string) => {
    await say(command);
    return (latestCard(h, world.botId, world.dmId)!.body as unknown as Card).body[2]!.items!.map((i) => i.text);
  };

  it('When nothing is on, then sending, then paused, the menu state line and the status health line say so', async () => {
    expect(await boxOf('menu')).toEqual(['Not sending: no destination is on — open settings', 'Watching 17 of 17 events · RingCX off']);
    expect(await boxOf('status')).toEqual(['Not sending: no destination is on — open settings']);
    await say('sms from +16505550100');
    await say('sms to +16505550101 +16505550102');
    await say('sms on');
    await say(`![:Person](${world.botId}) notify here`, world.adminId, teamId);
    expect(await boxOf('menu')).toEqual(['Sending to 2 numbers and 1 chat', 'Watching 17 of 17 events · RingCX off']);
    expect(await boxOf('status')).toEqual(['Working: sending to 2 numbers and 1 chat; last audit check not yet']);
    await say('pause');
    const [paused] = await h.app.deps.db.settings.recentChanges(world.accountId, world.adminId, 1);
    const since = formatCardTime(paused!.changedAt, 'America/Los_Angeles');
    expect(since).toMatch(/^[A-Z][a-z]{2} \d{1,2}, \d{4} \d{1,2}:\d{2} (am|pm)$/);
    expect(await boxOf('menu')).toEqual([`Paused since ${since} — type resume`, 'Watching 17 of 17 events · RingCX off']);
    expect(await boxOf('status')).toEqual([`Paused since ${since} — type resume`]);
  });
});

describe('Refusals (a clear message, nothing saved)', () => {
  it.each([
    ['sms from +16505550199', '(650) 555-0199 is not one of your numbers that can send texts. Choose one of: (650) 555-0100.'],
    ['sms from not-a-number', `"not-a-number" is not a phone number I can read. Any usual form is accepted, read in the account's country (US), such as (201) 555-0123 or +44 20 7946 0958.`],
    ['sms to +16505550101 +16505550102 +16505550103 +16505550104 +16505550105 +16505550106', 'At most 5 SMS recipients are allowed; you gave 6. Remove one with sms remove <number>.'],
    ['sms to +16505550101 (650) 555-0101', '+16505550101 is listed twice. Each recipient can be listed once.'],
    ['sms to 12', `"12" is not a phone number I can read. Any usual form is accepted, read in the account's country (US), such as (201) 555-0123 or +44 20 7946 0958.`],
    ['sms on', 'SMS alerts need a sender number first. Type sms from <number> (one of your numbers that can send texts), then sms on.'],
    ['chats on', 'Team chat alerts need at least one chat. Type notify here (mentioning me) in a team chat I am in, or choose chats with settings.'],
    ['events on mfa-everything', '"mfa-everything" is not an event key. Type events list to see them all.'],
    ['notify here', 'notify here works in a team or group chat. Mention me there with: notify here'],
  ])('When the admin types "%s", then they read what to do and nothing is saved', async (command, message) => {
    const before = await settings();
    const changes = await changeCount();
    expect(await say(command)).toBe(message);
    expect(await settings()).toEqual(before);
    expect(await changeCount()).toBe(changes);
  });

  it('When a sixth recipient is added, then it is refused', async () => {
    await say('sms to +16505550101 +16505550102 +16505550103 +16505550104 +16505550105');
    expect(await say('sms add +16505550106')).toBe('You already have 5 SMS recipients, the most allowed. Remove one first with sms remove <number>.');
    expect((await settings())?.smsRecipients).toHaveLength(5);
  });

  it('When someone who is not an authorized admin types a configuration command, then they are told how to authorize', async () => {
    const user = h.sim.addExtension(world.accountId, { firstName: 'Sam', lastName: 'Ortiz' });
    const dm = h.sim.addChat(world.accountId, { type: 'Direct', memberIds: [user.id, world.botId] });
    await h.settle();
    expect(await say('sms on', user.id, dm.id)).toBe(
      'Only an authorized admin can configure Audit Trail Bot. If you are a Super Admin or Billing Admin, type login (in a direct chat with me) to authorize.',
    );
    expect(await h.app.deps.db.settings.find(world.accountId, user.id)).toBeUndefined();
  });
});

describe('Configuring by cards', () => {
  async function openDirectives() {
    await say('settings');
    return latestCard(h, world.botId, world.dmId)!;
  }

  it('When the admin fills in the directives card and saves, then everything is stored, the card is replaced in place with the saved values, and a confirmation is posted', async () => {
    const card = await openDirectives();
    const senders = findAction(card.body, () => false); // the card parses
    expect(senders).toBeUndefined();
    // Each sender number shows, formatted, what it is and in a word its 10DLC state (sms-configuration).
    expect(JSON.stringify(card.body)).toContain('"title":"(650) 555-0100 · Direct number · ready","value":"+16505550100"');
    expect(JSON.stringify(card.body)).toContain('"title":"Security Operations"');
    expect(JSON.stringify(card.body)).toContain(`"text":"**Recipients.** Up to five mobile numbers. Any usual form is accepted, read in the account's country (US). Leave unused fields empty."`);
    const result = await h.sim.clickCard({
      cardId: card.id,
      userId: world.adminId,
      action: 'Save',
      inputs: { smsEnabled: 'true', smsSender: '+16505550100', recipient1: '(650) 555-0101', recipient2: '+1 650 555 0102', chatsEnabled: 'true', chatIds: teamId },
      url: `${h.url}/interactive-messages`,
    });
    expect(result.status).toBe(200);
    await h.settle();
    expect(await settings()).toMatchObject({
      smsEnabled: true,
      smsSender: '+16505550100',
      smsRecipients: ['+16505550101', '+16505550102'],
      chatsEnabled: true,
      chatIds: [teamId],
      version: 1,
    });
    const updated = h.sim.cards.find((c) => c.id === card.id)!;
    expect(updated.versions).toBe(2);
    const text = JSON.stringify(updated.body);
    const box = (updated.body as { body: { type: string; style?: string; items?: { text: string }[] }[] }).body[2]!;
    expect(box).toMatchObject({ type: 'Container', style: 'good' });
    expect(box.items!.map((i) => i.text)).toEqual([
      'Saved',
      'SMS alerts: off → on',
      'SMS sender: (none) → (650) 555-0100',
      'SMS recipients: (none) → (650) 555-0101, (650) 555-0102',
      'Team chat alerts: off → on',
      'Alert chats: (none) → Security Operations',
    ]);
    expect(text).toContain('"id":"recipient1","style":"tel","placeholder":"(650) 555-0100","value":"(650) 555-0101"');
    expect(latestText(h, world.botId, world.dmId)).toContain('Saved. SMS alerts: off → on');
  });

  it('When a team the bot is not in is chosen, then the bot joins it with the admin token', async () => {
    const other = h.sim.addChat(world.accountId, { type: 'Team', name: 'IT Admins', memberIds: [world.adminId] });
    const card = await openDirectives();
    await h.sim.clickCard({ cardId: card.id, userId: world.adminId, action: 'Save', inputs: { chatsEnabled: 'true', chatIds: `${teamId},${other.id}` }, url: `${h.url}/interactive-messages` });
    await h.settle();
    expect(h.sim.chat(other.id)?.memberIds).toContain(world.botId);
    expect((await settings())?.chatIds).toEqual([teamId, other.id]);
  });

  it('When the card names a chat the admin is not in, then nothing is saved and the admin is told', async () => {
    const foreign = h.sim.addChat(world.accountId, { type: 'Team', name: 'Finance', memberIds: [world.botId] });
    const card = await openDirectives();
    await h.sim.clickCard({ cardId: card.id, userId: world.adminId, action: 'Save', inputs: { chatsEnabled: 'true', chatIds: foreign.id }, url: `${h.url}/interactive-messages` });
    await h.settle();
    expect(await settings()).toBeUndefined();
    expect(latestText(h, world.botId, world.dmId)).toBe(`You are not a member of chat ${foreign.id}, so it cannot receive your alerts.`);
    const refused = JSON.stringify(h.sim.cards.find((c) => c.id === card.id)?.body);
    expect(refused).toContain(`"style":"attention","spacing":"Medium","items":[{"type":"TextBlock","text":"Not saved","weight":"Bolder","wrap":true},{"type":"TextBlock","text":"You are not a member of chat ${foreign.id}, so it cannot receive your alerts."`);
  });

  it('When the card is saved with a number that cannot be read, then the card shows "Not saved", why, and the number as typed', async () => {
    const card = await openDirectives();
    await h.sim.clickCard({ cardId: card.id, userId: world.adminId, action: 'Save', inputs: { recipient1: '(650) 555-0101', recipient2: '555-01' }, url: `${h.url}/interactive-messages` });
    await h.settle();
    expect(await settings()).toBeUndefined();
    const refused = JSON.stringify(h.sim.cards.find((c) => c.id === card.id)?.body);
    expect(refused).toContain(`"text":"Not saved"`);
    expect(refused).toContain(`"text":"\\"555-01\\" is not a phone number I can read. Any usual form is accepted, read in the account's country (US), such as (201) 555-0123 or +44 20 7946 0958."`);
    expect(refused).toContain('"id":"recipient2","style":"tel","placeholder":"650-555-0101","value":"555-01"');
  });

  it('When a stale directives card is saved after a change by command, then nothing is saved and the card is refreshed', async () => {
    const card = await openDirectives();
    await say('sms from +16505550100');
    await h.sim.clickCard({ cardId: card.id, userId: world.adminId, action: 'Save', inputs: { recipient1: '+16505550101' }, url: `${h.url}/interactive-messages` });
    await h.settle();
    expect((await settings())?.smsRecipients).toEqual([]);
    expect(latestText(h, world.botId, world.dmId)).toContain('These settings changed since this card was shown');
    expect(JSON.stringify(h.sim.cards.find((c) => c.id === card.id)?.body)).toContain('These settings had changed');
  });

  it('When the admin toggles events on the events card and saves, then exactly those events are chosen; All off clears them', async () => {
    await say('events');
    const card = latestCard(h, world.botId, world.dmId)!;
    const inputs = Object.fromEntries(EVENT_KEYS.map((k) => [`evt_${k}`, k.startsWith('user-info') ? 'false' : 'true']));
    await h.sim.clickCard({ cardId: card.id, userId: world.adminId, action: 'Save', inputs, url: `${h.url}/interactive-messages` });
    await h.settle();
    expect((await settings())?.eventKeys).toEqual(EVENT_KEYS.filter((k) => !k.startsWith('user-info')));
    await h.sim.clickCard({ cardId: card.id, userId: world.adminId, action: 'All off', url: `${h.url}/interactive-messages` });
    await h.settle();
    expect((await settings())?.eventKeys).toEqual([]);
  });

  it('When a second admin of the account clicks the first admin\'s card, or crafts a submit for another account, then nothing is saved', async () => {
    const second = h.sim.addExtension(world.accountId, { firstName: 'Olga', lastName: 'Nyberg', admin: true, phoneNumbers: [{ phoneNumber: '+16505550177', features: ['SmsSender'] }] });
    const dm2 = h.sim.addChat(world.accountId, { type: 'Direct', memberIds: [second.id, world.botId] });
    await h.sim.addChatMembers(teamId, [second.id]);
    await h.settle();
    await loginThroughChat(h, world, { extensionId: second.id, dmId: dm2.id });
    // The first admin opens their settings card in the team both admins are in.
    await say(`![:Person](${world.botId}) settings`, world.adminId, teamId);
    const card = latestCard(h, world.botId, teamId)!;
    expect(card).toBeDefined();
    await h.sim.clickCard({ cardId: card.id, userId: second.id, action: 'Save', inputs: { smsEnabled: 'true', smsSender: '+16505550100', recipient1: '+16505550101' }, url: `${h.url}/interactive-messages` });
    await h.settle();
    expect(await settings()).toBeUndefined();
    expect(latestText(h, world.botId, teamId)).toContain("These are Peter MacIntyre's settings");

    const crafted = JSON.stringify({
      uuid: '9a0e2c1d-3b4f-4e5a-8f6b-7c8d9e0f1a2b',
      timestamp: new Date().toISOString(),
      type: 'button_submit',
      user: { id: world.adminId, firstName: 'Peter', lastName: 'MacIntyre', accountId: '99999999', extId: world.adminId },
      conversation: { id: world.dmId, type: 'Direct' },
      bot: { id: world.botId },
      data: { action: 'saveEvents', adminId: world.adminId, version: '0' },
    });
    await fetch(`${h.url}/interactive-messages`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Glip-Signature': signGlipBody(crafted, SHARED_SECRET) }, body: crafted });
    await h.settle();
    expect(await settings()).toBeUndefined();

    // Each admin keeps their own settings.
    await say('sms from +16505550177', second.id, dm2.id);
    expect(await h.app.deps.db.settings.find(world.accountId, second.id)).toMatchObject({ smsSender: '+16505550177' });
    expect(await settings()).toBeUndefined();
  });
});

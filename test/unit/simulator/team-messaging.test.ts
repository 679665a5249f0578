import crypto from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RingCentralSimulator } from '../../../src/simulator';
import { BOT_APP, call, Receiver, SHARED_SECRET, standardWorld, startSimulator } from './sim-fixtures';

let sim: RingCentralSimulator;
let receiver: Receiver;
let world: Awaited<ReturnType<typeof standardWorld>>;
let bot: { botId: string; accessToken: string };

beforeEach(async () => {
  ({ sim } = await startSimulator());
  receiver = await Receiver.start();
  world = await standardWorld(sim);
  const installed = await sim.installBotPrivate({ accountId: world.account.id, installerId: world.admin.id, clientId: BOT_APP.clientId, redirectUri: `${receiver.url}/install` });
  bot = { botId: installed.botId, accessToken: installed.accessToken };
});
afterEach(async () => {
  expect(sim.specViolations).toEqual([]);
  await sim.stop();
  await receiver.stop();
});

const settingsCard = {
  type: 'AdaptiveCard',
  version: '1.3',
  $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
  fallbackText: 'Audit Trail Bot settings',
  body: [
    { type: 'TextBlock', text: 'Settings', weight: 'Bolder' },
    {
      type: 'Container',
      items: [
        { type: 'Input.Toggle', id: 'mfaAlerts', title: 'MFA alerts', value: 'true' },
        { type: 'Input.ChoiceSet', id: 'channels', isMultiSelect: true, value: 'chat,sms', choices: [{ title: 'Chat', value: 'chat' }, { title: 'SMS', value: 'sms' }] },
        { type: 'Input.Text', id: 'phone', placeholder: '+1…' },
      ],
    },
    { type: 'ActionSet', actions: [{ type: 'Action.Submit', title: 'Save', data: { action: 'settings.save', botId: 'b1' } }] },
  ],
  actions: [{ type: 'Action.Submit', title: 'Cancel', data: { action: 'settings.cancel' } }],
};

describe('chats', () => {
  it('When the bot lists Team chats, then it sees its teams and public teams it is not in, paged by token', async () => {
    const mine = sim.addChat(world.account.id, { type: 'Team', name: 'Mine', memberIds: [world.admin.id, bot.botId] });
    const open = sim.addChat(world.account.id, { type: 'Team', name: 'Open', memberIds: [world.admin.id], public: true });
    sim.addChat(world.account.id, { type: 'Team', name: 'Secret', memberIds: [world.admin.id] });
    sim.addChat(world.account.id, { type: 'Group', memberIds: [world.admin.id, world.user.id, bot.botId] });
    const first = await call(sim.url, 'GET', '/team-messaging/v1/chats?type=Team&recordCount=1', bot.accessToken);
    expect(first.status).toBe(200);
    expect(first.body.records.map((r: { id: string }) => r.id)).toEqual([mine.id]);
    const second = await call(sim.url, 'GET', `/team-messaging/v1/chats?type=Team&recordCount=1&pageToken=${first.body.navigation.nextPageToken}`, bot.accessToken);
    expect(second.body.records).toEqual([expect.objectContaining({ id: open.id, public: true, members: [{ id: world.admin.id }] })]);
    expect(second.body.navigation.nextPageToken).toBeUndefined();
    const both = await call(sim.url, 'GET', '/team-messaging/v1/chats?type=Team&type=Group', bot.accessToken);
    expect(both.body.records).toHaveLength(3);
  });

  it('When the bot joins a public team, then it becomes a member; a private team answers 403', async () => {
    const open = sim.addChat(world.account.id, { type: 'Team', name: 'Open', memberIds: [world.admin.id], public: true });
    const secret = sim.addChat(world.account.id, { type: 'Team', name: 'Secret', memberIds: [world.admin.id] });
    expect((await call(sim.url, 'POST', `/team-messaging/v1/teams/${open.id}/join`, bot.accessToken)).status).toBe(204);
    expect(sim.chat(open.id)?.memberIds).toContain(bot.botId);
    expect((await call(sim.url, 'POST', `/team-messaging/v1/teams/${secret.id}/join`, bot.accessToken)).status).toBe(403);
  });

  it('When an admin adds the bot to a team, then the bot is a member', async () => {
    const team = sim.addChat(world.account.id, { type: 'Team', name: 'Ops', memberIds: [world.admin.id] });
    const admin = sim.issueTokens({ extensionId: world.admin.id, clientId: BOT_APP.clientId });
    const res = await call(sim.url, 'POST', `/team-messaging/v1/teams/${team.id}/add`, admin.accessToken, { members: [{ id: bot.botId }] });
    expect(res.status).toBe(204);
    expect(sim.chat(team.id)?.memberIds).toEqual([world.admin.id, bot.botId]);
  });

  it('When the bot opens a conversation with a person twice, then the same Direct chat comes back', async () => {
    const first = await call(sim.url, 'POST', '/team-messaging/v1/conversations', bot.accessToken, { members: [{ id: world.admin.id }] });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ type: 'Direct', members: [{ id: bot.botId }, { id: world.admin.id }] });
    const again = await call(sim.url, 'POST', '/team-messaging/v1/conversations', bot.accessToken, { members: [{ id: world.admin.id }] });
    expect(again.body.id).toBe(first.body.id);
  });

  it('When the bot reads a person, then it gets their name and company', async () => {
    const res = await call(sim.url, 'GET', `/team-messaging/v1/persons/${world.user.id}`, bot.accessToken);
    expect(res.body).toMatchObject({ id: world.user.id, firstName: 'Uma', lastName: 'User', companyId: world.account.id });
    expect((await call(sim.url, 'GET', '/team-messaging/v1/persons/999', bot.accessToken)).status).toBe(404);
  });
});

describe('posts and cards', () => {
  it('When the bot posts in a chat it is not in, then it gets 403 and nothing is posted', async () => {
    const chat = sim.addChat(world.account.id, { type: 'Group', memberIds: [world.admin.id, world.user.id] });
    const res = await call(sim.url, 'POST', `/team-messaging/v1/chats/${chat.id}/posts`, bot.accessToken, { text: 'hi' });
    expect(res.status).toBe(403);
    expect(sim.posts).toHaveLength(0);
  });

  it('When the bot posts text over 10,000 characters, then it is refused', async () => {
    const chat = sim.addChat(world.account.id, { type: 'Direct', memberIds: [world.admin.id, bot.botId] });
    expect((await call(sim.url, 'POST', `/team-messaging/v1/chats/${chat.id}/posts`, bot.accessToken, { text: 'x'.repeat(10_001) })).status).toBe(400);
    const ok = await call(sim.url, 'POST', `/team-messaging/v1/chats/${chat.id}/posts`, bot.accessToken, { text: `hi ![:Person](${world.admin.id})` });
    expect(ok.status).toBe(201);
    expect(sim.posts.at(-1)).toMatchObject({ chatId: chat.id, creatorId: bot.botId, mentions: [{ id: world.admin.id, name: 'Ada Admin' }] });
  });

  it('When the bot posts and updates a card, then the stored card follows and only the creator may update it', async () => {
    const chat = sim.addChat(world.account.id, { type: 'Direct', memberIds: [world.admin.id, bot.botId] });
    const created = await call(sim.url, 'POST', `/team-messaging/v1/chats/${chat.id}/adaptive-cards`, bot.accessToken, settingsCard);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ type: 'AdaptiveCard', version: '1.3', creator: { id: bot.botId }, chatIds: [chat.id] });
    const updated = await call(sim.url, 'PUT', `/team-messaging/v1/adaptive-cards/${created.body.id}`, bot.accessToken, { ...settingsCard, fallbackText: 'Saved' });
    expect(updated.status).toBe(200);
    expect(sim.cards[0]).toMatchObject({ id: created.body.id, versions: 2, body: { fallbackText: 'Saved' } });
    const admin = sim.issueTokens({ extensionId: world.admin.id, clientId: BOT_APP.clientId });
    expect((await call(sim.url, 'PUT', `/team-messaging/v1/adaptive-cards/${created.body.id}`, admin.accessToken, settingsCard)).status).toBe(403);
    const read = await call(sim.url, 'GET', `/team-messaging/v1/adaptive-cards/${created.body.id}`, bot.accessToken);
    expect(read.body).toMatchObject({ id: created.body.id, fallbackText: 'Saved', body: settingsCard.body });
  });

  it('When a card declares version 1.4, then it is refused', async () => {
    const chat = sim.addChat(world.account.id, { type: 'Direct', memberIds: [world.admin.id, bot.botId] });
    const res = await call(sim.url, 'POST', `/team-messaging/v1/chats/${chat.id}/adaptive-cards`, bot.accessToken, { ...settingsCard, version: '1.4' });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].parameterName).toBe('version');
  });
});

describe('card submits', () => {
  async function postCard(): Promise<{ cardId: string; chatId: string }> {
    const chat = sim.addChat(world.account.id, { type: 'Group', name: 'Admins', memberIds: [world.admin.id, world.user.id, bot.botId] });
    const created = await call(sim.url, 'POST', `/team-messaging/v1/chats/${chat.id}/adaptive-cards`, bot.accessToken, settingsCard);
    return { cardId: created.body.id, chatId: chat.id };
  }

  it('When a user clicks Save, then the bot gets a signed button_submit with action data merged with the inputs', async () => {
    const { cardId, chatId } = await postCard();
    const result = await sim.clickCard({ cardId, userId: world.admin.id, action: 'Save', inputs: { mfaAlerts: false, phone: '+16505550111' }, url: `${receiver.url}/interactive` });
    expect(result.status).toBe(200);
    const request = receiver.received.at(-1);
    const raw = request?.body ?? '';
    const expected = crypto.createHmac('sha1', SHARED_SECRET).update(raw).digest('hex');
    expect(request?.headers['x-glip-signature']).toBe(`sha1=${expected}`);
    const body = JSON.parse(raw);
    expect(body).toMatchObject({
      type: 'button_submit',
      appId: BOT_APP.clientId,
      user: { id: world.admin.id, firstName: 'Ada', lastName: 'Admin', accountId: world.account.id, extId: world.admin.id },
      conversation: { id: chatId, type: 'Group', name: 'Admins' },
      card: { id: cardId },
      bot: { id: bot.botId },
    });
    expect(body.data).toEqual({ action: 'settings.save', botId: 'b1', mfaAlerts: 'false', channels: 'chat,sms', phone: '+16505550111' });
  });

  it('When no action is named, then the first Action.Submit is used with the card defaults', async () => {
    const { cardId } = await postCard();
    await sim.clickCard({ cardId, userId: world.user.id, url: `${receiver.url}/interactive`, signature: 'bare' });
    const request = receiver.received.at(-1);
    expect(request?.headers['x-glip-signature']).toBe(crypto.createHmac('sha1', SHARED_SECRET).update(request?.body ?? '').digest('hex'));
    expect(JSON.parse(request?.body ?? '{}').data).toEqual({ action: 'settings.save', botId: 'b1', mfaAlerts: 'true', channels: 'chat,sms', phone: '' });
  });

  it('When the signature is forged or missing, then the header says so', async () => {
    const { cardId } = await postCard();
    await sim.clickCard({ cardId, userId: world.user.id, action: 'settings.cancel', url: `${receiver.url}/interactive`, signature: 'forged' });
    const forged = receiver.received.at(-1);
    expect(forged?.headers['x-glip-signature']).not.toBe(`sha1=${crypto.createHmac('sha1', SHARED_SECRET).update(forged?.body ?? '').digest('hex')}`);
    expect(JSON.parse(forged?.body ?? '{}').data.action).toBe('settings.cancel');
    await sim.clickCard({ cardId, userId: world.user.id, url: `${receiver.url}/interactive`, signature: 'none' });
    expect(receiver.received.at(-1)?.headers['x-glip-signature']).toBeUndefined();
  });

  it('When the bot answers with a dialog, then clickCard returns it', async () => {
    const { cardId } = await postCard();
    receiver.responseBody = JSON.stringify({ type: 'dialog', dialog: { title: 'Hi', size: 'small', card: settingsCard } });
    const result = await sim.clickCard({ cardId, userId: world.user.id, url: `${receiver.url}/interactive` });
    expect(JSON.parse(result.body).type).toBe('dialog');
  });
});

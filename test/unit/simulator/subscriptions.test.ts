import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RingCentralSimulator } from '../../../src/simulator';
import { BOT_APP, call, FakeClock, Receiver, standardWorld, startSimulator } from './sim-fixtures';

const FILTERS = [
  '/team-messaging/v1/posts',
  '/team-messaging/v1/chats',
  '/restapi/v1.0/account/~/extension/~',
  '/restapi/v1.0/subscription/~?threshold=60&interval=15',
];

let sim: RingCentralSimulator;
let clock: FakeClock;
let receiver: Receiver;
let world: Awaited<ReturnType<typeof standardWorld>>;
let bot: { botId: string; accessToken: string };

beforeEach(async () => {
  ({ sim, clock } = await startSimulator());
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

function subscribe(expiresIn = 315360000) {
  return call(sim.url, 'POST', '/restapi/v1.0/subscription', bot.accessToken, {
    eventFilters: FILTERS,
    deliveryMode: { transportType: 'WebHook', address: `${receiver.url}/webhook`, verificationToken: 'verify-me' },
    expiresIn,
  });
}

describe('creating a webhook subscription', () => {
  it('When the receiver echoes Validation-Token, then the subscription is created Active', async () => {
    const res = await subscribe();
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'Active', eventFilters: FILTERS, deliveryMode: { transportType: 'WebHook', address: `${receiver.url}/webhook` } });
    expect(res.body.deliveryMode.verificationToken).toBeUndefined();
    const handshake = receiver.received.find((r) => r.headers['validation-token'] !== undefined);
    expect(handshake).toMatchObject({ method: 'POST', body: '' });
    expect(sim.subscriptions).toHaveLength(1);
    expect(sim.subscriptions[0]).toMatchObject({ ownerId: bot.botId, clientId: BOT_APP.clientId, accountId: world.account.id });
  });

  it('When the receiver does not echo the header, then creation is refused with 400 and nothing is stored', async () => {
    receiver.echoValidationToken = false;
    const res = await subscribe();
    expect(res.status).toBe(400);
    expect(res.body.errors[0].errorCode).toMatch(/^SUB-/);
    expect(sim.subscriptions).toHaveLength(0);
  });

  it('When the receiver answers the handshake with 500, then creation is refused', async () => {
    receiver.status = 500;
    expect((await subscribe()).status).toBe(400);
  });

  it('When the receiver answers the handshake too late, then creation is refused with a timeout error', async () => {
    await sim.stop();
    ({ sim, clock } = await startSimulator({ webhookTimeoutMs: 100 }));
    world = await standardWorld(sim);
    const installed = await sim.installBotPrivate({ accountId: world.account.id, installerId: world.admin.id, clientId: BOT_APP.clientId, redirectUri: `${receiver.url}/install` });
    bot = { botId: installed.botId, accessToken: installed.accessToken };
    receiver.delayMs = 300;
    const res = await subscribe();
    expect(res.status).toBe(400);
    expect(res.body.errors[0].message).toMatch(/did not respond/);
  });

  it('When the handshake answer is larger than 1 KB, then creation is refused', async () => {
    receiver.responseBody = JSON.stringify({ padding: 'x'.repeat(1100) });
    expect((await subscribe()).status).toBe(400);
  });

  it('When an event filter is unknown, then the request is refused with CMN-101', async () => {
    const res = await call(sim.url, 'POST', '/restapi/v1.0/subscription', bot.accessToken, {
      eventFilters: ['/restapi/v1.0/account/~/telephony/sessions'],
      deliveryMode: { transportType: 'WebHook', address: `${receiver.url}/webhook` },
    });
    expect(res.status).toBe(400);
    expect(res.body.errors[0]).toMatchObject({ errorCode: 'CMN-101', parameterName: 'eventFilters' });
  });
});

describe('notifications', () => {
  it('When a user mentions the bot in a team, then the bot gets PostAdded with the envelope, mentions and Verification-Token', async () => {
    await subscribe();
    const team = sim.addChat(world.account.id, { type: 'Team', name: 'Security', memberIds: [world.admin.id, world.user.id, bot.botId] });
    await sim.settle();
    await sim.sendChatMessage({ chatId: team.id, fromId: world.user.id, text: 'status please', mentionIds: [bot.botId] });
    const posts = receiver.notifications().filter((n) => n.event === '/team-messaging/v1/posts');
    expect(posts).toHaveLength(1);
    const [note] = posts;
    expect(note?.headers['verification-token']).toBe('verify-me');
    expect(note).toMatchObject({ ownerId: bot.botId, subscriptionId: sim.subscriptions[0]?.id });
    expect(note?.body).toMatchObject({
      groupId: team.id,
      type: 'TextMessage',
      creatorId: world.user.id,
      text: `![:Person](${bot.botId}) status please`,
      mentions: [{ id: bot.botId, type: 'Person', name: 'Audit Trail Bot' }],
      eventType: 'PostAdded',
    });
  });

  it('When a bot subscribes, then its PersonalChat GroupJoined reaches the webhook before the POST /subscription answer does (RINGCENTRAL.md §3)', async () => {
    const created = await subscribe();
    expect(created.status).toBe(200);
    const first = receiver.notifications();
    expect(first.map((n) => [n.event, n.body.type, n.body.eventType, n.body.members])).toEqual([['/team-messaging/v1/chats', 'Personal', 'GroupJoined', [bot.botId]]]);
    expect(first[0]?.subscriptionId).toBe(created.body.id);
    expect(sim.webhookDeliveries).toEqual([expect.objectContaining({ subscriptionId: created.body.id, event: '/team-messaging/v1/chats', status: 200 })]);
  });

  it('When the bot is added to a chat, then it gets GroupJoined with the chat', async () => {
    await subscribe();
    const chat = sim.addChat(world.account.id, { type: 'Group', memberIds: [world.admin.id, world.user.id, bot.botId] });
    await sim.settle();
    const joined = receiver.notifications().filter((n) => n.event === '/team-messaging/v1/chats' && n.body.type !== 'Personal');
    expect(joined.map((n) => n.body)).toEqual([expect.objectContaining({ id: chat.id, type: 'Group', eventType: 'GroupJoined', members: [world.admin.id, world.user.id, bot.botId] })]);
  });

  it('When the bot is removed from a team, then it gets GroupLeft and is no longer a member', async () => {
    await subscribe();
    const team = sim.addChat(world.account.id, { type: 'Team', name: 'Security', memberIds: [world.admin.id, bot.botId] });
    await sim.settle();
    await sim.removeChatMembers(team.id, [bot.botId]);
    const events = receiver.notifications().filter((n) => n.event === '/team-messaging/v1/chats' && n.body.type !== 'Personal').map((n) => [n.body.eventType, n.body.members]);
    expect(events).toEqual([['GroupJoined', [world.admin.id, bot.botId]], ['GroupLeft', [world.admin.id]]]);
    expect(sim.chat(team.id)?.memberIds).toEqual([world.admin.id]);
  });

  it('When the bot posts, then it receives its own post too (and must ignore it)', async () => {
    await subscribe();
    const chat = sim.addChat(world.account.id, { type: 'Direct', memberIds: [world.admin.id, bot.botId] });
    await call(sim.url, 'POST', `/team-messaging/v1/chats/${chat.id}/posts`, bot.accessToken, { text: 'hello' });
    await sim.settle();
    const own = receiver.notifications().filter((n) => n.event === '/team-messaging/v1/posts');
    expect(own.map((n) => n.body.creatorId)).toEqual([bot.botId]);
  });

  it('When deliveries fail three times, then the subscription is Blacklisted with a reason', async () => {
    await subscribe();
    const chat = sim.addChat(world.account.id, { type: 'Direct', memberIds: [world.admin.id, bot.botId] });
    receiver.status = 503;
    for (let i = 0; i < 3; i += 1) await sim.sendChatMessage({ chatId: chat.id, fromId: world.admin.id, text: `try ${i}` });
    const listed = await call(sim.url, 'GET', '/restapi/v1.0/subscription', bot.accessToken);
    expect(listed.body.records[0]).toMatchObject({ status: 'Blacklisted', blacklistedData: { reason: expect.stringContaining('503') } });
    receiver.status = 200;
    await sim.sendChatMessage({ chatId: chat.id, fromId: world.admin.id, text: 'after' });
    expect(receiver.notifications().some((n) => n.body.text === 'after')).toBe(false);
  });

  it('When the reminder fires, then the bot gets the reminder event and can renew', async () => {
    const created = await subscribe(900);
    await sim.sendRenewalReminder(created.body.id);
    const reminder = receiver.notifications().find((n) => n.event === FILTERS[3]);
    expect(reminder?.body).toMatchObject({ id: created.body.id });
    clock.advance(600_000);
    const renewed = await call(sim.url, 'POST', `/restapi/v1.0/subscription/${created.body.id}/renew`, bot.accessToken);
    expect(renewed.status).toBe(200);
    expect(Date.parse(renewed.body.expirationTime)).toBe(clock.ms + 900_000);
  });

  it('When a subscription expires on the clock, then RingCentral forgets it', async () => {
    const created = await subscribe(60);
    clock.advance(61_000);
    expect((await call(sim.url, 'GET', `/restapi/v1.0/subscription/${created.body.id}`, bot.accessToken)).status).toBe(404);
    expect(sim.subscriptions).toHaveLength(0);
  });

  it('When the bot is uninstalled, then its subscription gets the extension Delete event first', async () => {
    await subscribe();
    await sim.uninstallBot(world.account.id, BOT_APP.clientId);
    const deleted = receiver.notifications().find((n) => n.event.includes('/extension/'));
    expect(deleted?.body).toMatchObject({ extensionId: bot.botId, eventType: 'Delete' });
    expect(sim.subscriptions).toHaveLength(0);
    expect(sim.botId(world.account.id, BOT_APP.clientId)).toBeUndefined();
    expect((await call(sim.url, 'GET', '/restapi/v1.0/account/~/extension/~', bot.accessToken)).status).toBe(401);
  });

  it('When subscriptions are listed, updated and deleted, then the API reflects it', async () => {
    const created = await subscribe();
    sim.blacklistSubscription(created.body.id, 'test');
    const updated = await call(sim.url, 'PUT', `/restapi/v1.0/subscription/${created.body.id}`, bot.accessToken, { eventFilters: FILTERS.slice(0, 2) });
    expect(updated.body).toMatchObject({ status: 'Active', eventFilters: FILTERS.slice(0, 2) });
    expect((await call(sim.url, 'DELETE', `/restapi/v1.0/subscription/${created.body.id}`, bot.accessToken)).status).toBe(204);
    expect((await call(sim.url, 'GET', '/restapi/v1.0/subscription', bot.accessToken)).body.records).toEqual([]);
  });
});

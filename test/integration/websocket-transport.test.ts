import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BOT_CLIENT_ID, startHarness, type Harness } from '../support/harness';
import { botOutput, installedWorld, type InstalledWorld } from '../support/world';
import { CHAT_EVENT_FILTERS } from '../../src/bot/chat-subscription';
import { maintainSubscriptions } from '../../src/jobs/maintain-subscriptions';

let h: Harness;
let world: InstalledWorld;
beforeEach(async () => {
  h = await startHarness({ env: { RINGCENTRAL_TRANSPORT: 'websocket' }, startTransport: true });
  world = await installedWorld(h);
});
afterEach(async () => {
  expect(h.sim.specViolations).toEqual([]);
  await h.stop();
});

/** Cards listing the bot's commands (the help card has one line per command, "**help** — …" among them). */
const helpCardsIn = (chatId: string) =>
  botOutput(h, world.botId, chatId).cards.filter((c) => JSON.stringify(c.body).includes('"text":"**help** — '));

describe('Chat events over WebSocket (RINGCENTRAL_TRANSPORT=websocket)', () => {
  it('When an admin installs the private bot, then no WebHook subscription is created, a WebSocket one is, and the welcome card arrives', async () => {
    expect(h.sim.subscriptions.filter((s) => s.deliveryMode.transportType === 'WebHook')).toEqual([]);
    expect(h.sim.subscriptions).toMatchObject([
      { ownerId: world.botId, status: 'Active', eventFilters: CHAT_EVENT_FILTERS, deliveryMode: { transportType: 'WebSocket' } },
    ]);
    expect(h.sim.requests.filter((r) => r.method === 'POST' && r.path === '/restapi/v1.0/subscription').map((r) => r.transport)).toEqual(['WebSocket']);
    expect(h.sim.requests.filter((r) => r.path === '/bot/webhook')).toEqual([]);
    expect(h.sim.webSocketConnections).toEqual([{ ownerId: world.botId, subscriptionIds: [h.sim.subscriptions[0]?.id] }]);
    expect(h.app.transport?.connectedAccounts()).toEqual([world.accountId]);
    expect(botOutput(h, world.botId, world.dmId).cards).toHaveLength(1); // the welcome card
    // tokens never reach a log line
    const token = await h.app.deps.db.installations.botToken(world.accountId);
    expect(token).toBeTruthy();
    expect(h.logs.text()).not.toContain(token);
  });

  it('When the transport connects, then its own POST /restapi/oauth/wstoken goes through the pacer in the Auth group and is counted like every platform call', async () => {
    const seen: { method: string; path: string; group: string | undefined; status: number }[] = [];
    const off = h.app.deps.ringCentralCalls.on((c) => seen.push({ method: c.method, path: c.path, group: c.group, status: c.status }));
    await h.app.transport!.disconnect(world.accountId);
    await h.app.transport!.connect(world.accountId);
    off();
    expect(h.app.transport?.connectedAccounts()).toEqual([world.accountId]);
    expect(seen.filter((c) => c.path === '/restapi/oauth/wstoken')).toEqual([{ method: 'POST', path: '/restapi/oauth/wstoken', group: 'Auth', status: 200 }]);
  });

  it('When an admin types help in the DM, then the help card arrives in the DM and the bot does not answer its own card', async () => {
    await h.sim.sendChatMessage({ chatId: world.dmId, fromId: world.adminId, text: 'help' });
    await h.settle();
    expect(helpCardsIn(world.dmId)).toHaveLength(1);
    // welcome + help; the help card's own PostAdded came back over the socket and was ignored
    expect(botOutput(h, world.botId, world.dmId)).toMatchObject({ posts: [] });
    expect(botOutput(h, world.botId, world.dmId).cards).toHaveLength(2);
  });

  it('When someone mentions the bot with help in a team, then the help card goes to that team, the team is remembered, and the bot ignores its own posts', async () => {
    const colleague = h.sim.addExtension(world.accountId, { firstName: 'Ann', lastName: 'Lee' });
    const team = h.sim.addChat(world.accountId, { type: 'Team', name: 'Security', memberIds: [world.adminId, colleague.id, world.botId] });
    await h.settle();
    expect((await h.app.deps.db.botChats.list(world.accountId)).map((c) => ({ chatId: c.chatId, name: c.name }))).toContainEqual({ chatId: team.id, name: 'Security' });

    await h.sim.sendChatMessage({ chatId: team.id, fromId: colleague.id, text: 'hello team' });
    await h.sim.sendChatMessage({ chatId: team.id, fromId: colleague.id, text: `![:Person](${world.botId}) help`, mentionIds: [world.botId] });
    await h.settle();
    expect(botOutput(h, world.botId, team.id).cards).toHaveLength(1);
    expect(helpCardsIn(team.id)).toHaveLength(1);

    // a text post by the bot itself comes back over the socket and gets no answer
    const token = (await h.app.deps.db.installations.botToken(world.accountId)) ?? '';
    await h.app.deps.api.postText(token, team.id, `![:Person](${world.botId}) help`);
    await h.settle();
    expect(botOutput(h, world.botId, team.id).cards).toHaveLength(1);
    expect(botOutput(h, world.botId, team.id).posts).toHaveLength(1);
  });

  it('When the admin uninstalls the bot, then the Delete event over the socket marks the installation uninstalled and the transport disconnects it', async () => {
    await h.sim.uninstallBot(world.accountId, BOT_CLIENT_ID);
    await h.settle();
    expect(await h.app.deps.db.installations.findByAccount(world.accountId)).toMatchObject({ status: 'uninstalled' });
    expect(await h.app.deps.db.installations.botToken(world.accountId)).toBeUndefined();
    expect(h.app.transport?.connectedAccounts()).toEqual([]);
    await h.sim.waitFor(() => h.sim.webSocketConnections.length === 0, 3000);
  });

  it('When the bot is reinstalled (new token), then the transport reconnects with the new token and answers once', async () => {
    const again = await h.sim.installBotPrivate({ accountId: world.accountId, installerId: world.adminId, clientId: BOT_CLIENT_ID, redirectUri: `${h.url}/bot/oauth` });
    expect(again.status).toBe(200);
    await h.settle();
    expect(h.app.transport?.connectedAccounts()).toEqual([world.accountId]);
    await h.sim.waitFor(() => h.sim.webSocketConnections.length === 1, 3000);
    const before = helpCardsIn(world.dmId).length;
    await h.sim.sendChatMessage({ chatId: world.dmId, fromId: world.adminId, text: 'help' });
    await h.settle();
    expect(helpCardsIn(world.dmId)).toHaveLength(before + 1);
    expect(h.sim.subscriptions.filter((s) => s.deliveryMode.transportType === 'WebHook')).toEqual([]);
  });

  it('When the app restarts, then the transport reconnects for the stored installation and help works again', async () => {
    await h.restart();
    expect(h.app.transport?.connectedAccounts()).toEqual([world.accountId]);
    // the old subscription was revoked on shutdown; the new connection has exactly one
    expect(h.sim.subscriptions).toMatchObject([{ ownerId: world.botId, deliveryMode: { transportType: 'WebSocket' } }]);
    expect(h.sim.subscriptions).toHaveLength(1);
    await h.sim.sendChatMessage({ chatId: world.dmId, fromId: world.adminId, text: 'help' });
    await h.settle();
    expect(helpCardsIn(world.dmId)).toHaveLength(1);
  });

  it('When the connection drops, then the library reconnects and recovers the session, and a message sent meanwhile is answered', async () => {
    const subscriptionId = h.sim.subscriptions[0]?.id;
    expect(h.sim.dropWebSocketConnections(world.botId)).toBe(1);
    await h.sim.sendChatMessage({ chatId: world.dmId, fromId: world.adminId, text: 'help' });
    // @rc-ex/ws checks every 2 s and reconnects with its wsc token; the gateway replays what the session missed
    await h.sim.waitFor(() => h.logs.text().includes('WebSocket session recovered'), 10_000);
    await h.settle();
    expect(helpCardsIn(world.dmId)).toHaveLength(1);
    expect(h.sim.subscriptions.map((s) => s.id)).toEqual([subscriptionId]);
    expect(h.sim.webSocketConnections).toHaveLength(1);
  }, 20_000);

  it('When the daily maintenance runs, then it recreates no WebHook and a revoked bot token still marks the installation uninstalled', async () => {
    const healthy = await maintainSubscriptions(h.app.deps);
    expect(healthy).toMatchObject({ checked: 1, healthy: 1, recreated: 0 });
    expect(h.sim.subscriptions.filter((s) => s.deliveryMode.transportType === 'WebHook')).toEqual([]);

    h.sim.revokeAllTokensOf(world.botId);
    const revoked = await maintainSubscriptions(h.app.deps);
    expect(revoked).toMatchObject({ checked: 1, uninstalled: 1 });
    expect(await h.app.deps.db.installations.findByAccount(world.accountId)).toMatchObject({ status: 'uninstalled' });
    expect(h.app.transport?.connectedAccounts()).toEqual([]);
  });
});

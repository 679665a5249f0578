import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { SDK } from '@ringcentral/sdk';
import { Subscriptions } from '@ringcentral/subscriptions';
import type { RingCentralSimulator } from '../../../src/simulator';
import { ADMIN_APP, BOT_APP, call, Receiver, standardWorld, startSimulator } from './sim-fixtures';

const FILTERS = [
  '/team-messaging/v1/posts',
  '/team-messaging/v1/chats',
  '/restapi/v1.0/account/~/extension/~',
  '/restapi/v1.0/subscription/~?threshold=60&interval=15',
];

type Frame = [Record<string, unknown>, unknown?];

/** A bare WebSocket client that records every frame the gateway sends. */
class WsClient {
  readonly frames: Frame[] = [];
  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data: Buffer) => this.frames.push(JSON.parse(data.toString('utf8')) as Frame));
  }

  static async connect(url: string): Promise<WsClient> {
    const ws = new WebSocket(url);
    const client = new WsClient(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return client;
  }

  async next(predicate: (frame: Frame) => boolean, timeoutMs = 3000): Promise<Frame> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.frames.find(predicate);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no matching frame; got ${JSON.stringify(this.frames)}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  async request(method: string, path: string, body?: unknown): Promise<Frame> {
    const messageId = `req-${Math.random().toString(36).slice(2)}`;
    const frame: unknown[] = [{ type: 'ClientRequest', messageId, method, path, headers: {} }];
    if (body !== undefined) frame.push(body);
    this.ws.send(JSON.stringify(frame));
    return this.next(([meta]) => meta.messageId === messageId && meta.type === 'ClientRequest');
  }

  async close(): Promise<void> {
    if (this.ws.readyState === WebSocket.CLOSED) return;
    await new Promise<void>((resolve) => {
      this.ws.once('close', () => resolve());
      this.ws.close();
    });
  }
}

let sim: RingCentralSimulator;
let world: Awaited<ReturnType<typeof standardWorld>>;
let receiver: Receiver;
let bot: { botId: string; accessToken: string };
const clients: WsClient[] = [];

async function wsToken(token: string) {
  return call(sim.url, 'POST', '/restapi/oauth/wstoken', token);
}

async function connect(): Promise<WsClient> {
  const { body } = await wsToken(bot.accessToken);
  const token = body as { ws_access_token: string; uri: string };
  const client = await WsClient.connect(`${token.uri}?access_token=${token.ws_access_token}`);
  clients.push(client);
  return client;
}

beforeEach(async () => {
  ({ sim } = await startSimulator({ apps: [{ ...BOT_APP, permissions: ['WebSocketsSubscription'] }, ADMIN_APP] }));
  receiver = await Receiver.start();
  world = await standardWorld(sim);
  const installed = await sim.installBotPrivate({ accountId: world.account.id, installerId: world.admin.id, clientId: BOT_APP.clientId, redirectUri: `${receiver.url}/install` });
  bot = { botId: installed.botId, accessToken: installed.accessToken };
});
afterEach(async () => {
  for (const client of clients.splice(0)) await client.close();
  expect(sim.specViolations).toEqual([]);
  await sim.stop();
  await receiver.stop();
});

describe('POST /restapi/oauth/wstoken', () => {
  it('When a token of an app with WebSocketsSubscription asks, then it gets a ws_access_token, the gateway uri and expires_in', async () => {
    const { status, body } = await wsToken(bot.accessToken);
    expect(status).toBe(200);
    expect(body).toEqual({ ws_access_token: expect.stringMatching(/^ws-/), uri: `${sim.url.replace('http', 'ws')}/ws`, expires_in: 600 });
  });

  it('When the app lacks WebSocketsSubscription, then 403 CMN-401; without a token, 401', async () => {
    const world2 = await standardWorld(sim);
    const admin = sim.issueTokens({ extensionId: world2.admin.id, clientId: ADMIN_APP.clientId });
    const other = await call(sim.url, 'POST', '/restapi/oauth/wstoken', admin.accessToken);
    expect(other.status).toBe(200); // the admin app has the permission (RINGCENTRAL.md §7)
    sim.revokeAllTokensOf(world2.admin.id);
    expect((await wsToken(admin.accessToken)).status).toBe(401);

    const { sim: plain } = await startSimulator();
    try {
      const w = await standardWorld(plain);
      const installed = await plain.installBotPrivate({ accountId: w.account.id, installerId: w.admin.id, clientId: BOT_APP.clientId, redirectUri: `${receiver.url}/install` });
      const refused = await call(plain.url, 'POST', '/restapi/oauth/wstoken', installed.accessToken);
      expect(refused.status).toBe(403);
      expect(refused.body).toMatchObject({ errorCode: 'CMN-401' });
    } finally {
      await plain.stop();
    }
  });
});

describe('the WebSocket gateway', () => {
  it('When a client connects with a valid ws_access_token, then ConnectionDetails with a wsc token comes first and Heartbeats are answered', async () => {
    const client = await connect();
    const [meta, details] = await client.next(([m]) => m.type === 'ConnectionDetails');
    expect(meta).toMatchObject({ type: 'ConnectionDetails', status: 200, wsc: { token: expect.any(String), sequence: 1 } });
    expect(details).toMatchObject({ recoveryTimeout: 180, recoveryBufferSize: 100, creationTime: expect.any(String) });
    expect(details).not.toHaveProperty('recoveryState');

    client.ws.send(JSON.stringify([{ type: 'Heartbeat', messageId: 'hb-1' }]));
    expect((await client.next(([m]) => m.messageId === 'hb-1'))[0]).toMatchObject({ type: 'Heartbeat', status: 200 });
  });

  it('When the ws_access_token is unknown, then an Error frame comes and the socket closes', async () => {
    const client = await WsClient.connect(`${sim.url.replace('http', 'ws')}/ws?access_token=forged`);
    clients.push(client);
    const [meta, body] = await client.next(([m]) => m.type === 'Error');
    expect(meta.status).toBe(401);
    expect(body).toMatchObject({ errorCode: 'WSG-401' });
    await new Promise<void>((resolve) => (client.ws.readyState === WebSocket.CLOSED ? resolve() : client.ws.once('close', () => resolve())));
  });

  it('When a subscription is created over the socket, then it is a WebSocket subscription and chat events arrive as ServerNotification frames, not HTTP posts', async () => {
    const client = await connect();
    const [meta, info] = await client.request('POST', '/restapi/v1.0/subscription', { eventFilters: FILTERS, deliveryMode: { transportType: 'WebSocket' } });
    expect(meta.status).toBe(200);
    expect(info).toMatchObject({ eventFilters: FILTERS, status: 'Active', deliveryMode: { transportType: 'WebSocket' } });
    const subscriptionId = (info as { id: string }).id;
    expect(sim.subscriptions.find((s) => s.id === subscriptionId)?.deliveryMode.transportType).toBe('WebSocket');
    expect(sim.requests.filter((r) => r.transport === 'WebSocket')).toMatchObject([{ method: 'POST', path: '/restapi/v1.0/subscription', status: 200, userId: bot.botId }]);

    const dm = sim.addChat(world.account.id, { type: 'Direct', memberIds: [world.admin.id, bot.botId] });
    await sim.settle();
    await sim.sendChatMessage({ chatId: dm.id, fromId: world.admin.id, text: 'help' });
    const [noteMeta, envelope] = await client.next(([m, b]) => m.type === 'ServerNotification' && (b as { event: string }).event === '/team-messaging/v1/posts');
    expect(noteMeta).toMatchObject({ status: 200, wsc: { sequence: expect.any(Number) } });
    expect(envelope).toMatchObject({ subscriptionId, ownerId: bot.botId, body: { groupId: dm.id, text: 'help', creatorId: world.admin.id, eventType: 'PostAdded' } });
    expect(await client.next(([m, b]) => m.type === 'ServerNotification' && (b as { event: string }).event === '/team-messaging/v1/chats')).toBeTruthy();
    expect(sim.webSocketNotificationsSent).toBe(2);
    expect(receiver.received.filter((r) => r.method === 'POST' && r.url !== '/install')).toEqual([]);
    expect(sim.webSocketConnections).toEqual([{ ownerId: bot.botId, subscriptionIds: [subscriptionId] }]);

    // listed over HTTP like any other, but WebSocket subscriptions cannot be renewed over HTTP (spec: renewSubscription)
    const listed = await call(sim.url, 'GET', '/restapi/v1.0/subscription', bot.accessToken);
    expect((listed.body as { records: { id: string }[] }).records.map((r) => r.id)).toEqual([subscriptionId]);
    expect((await call(sim.url, 'POST', `/restapi/v1.0/subscription/${subscriptionId}/renew`, bot.accessToken)).status).toBe(400);

    const [deleted] = await client.request('DELETE', `/restapi/v1.0/subscription/${subscriptionId}`);
    expect(deleted.status).toBe(204);
    expect(sim.subscriptions).toEqual([]);
  });

  it('When a WebHook subscription is requested over the socket, then 400; other REST calls are proxied as the token owner', async () => {
    const client = await connect();
    const [refused] = await client.request('POST', '/restapi/v1.0/subscription', { eventFilters: FILTERS, deliveryMode: { transportType: 'WebHook', address: `${receiver.url}/webhook` } });
    expect(refused.status).toBe(400);
    const [meta, me] = await client.request('GET', '/restapi/v1.0/account/~/extension/~');
    expect(meta.status).toBe(200);
    expect(me).toMatchObject({ id: Number(bot.botId) });
  });

  it("When an admin's token subscribes to inbound SMS over the socket, then a reply to the admin's number arrives as a ServerNotification frame", async () => {
    const admin = sim.issueTokens({ extensionId: world.admin.id, clientId: ADMIN_APP.clientId });
    const { body } = await wsToken(admin.accessToken);
    const token = body as { ws_access_token: string; uri: string };
    const client = await WsClient.connect(`${token.uri}?access_token=${token.ws_access_token}`);
    clients.push(client);
    const filter = '/restapi/v1.0/account/~/extension/~/message-store/instant?type=SMS';
    const [meta, info] = await client.request('POST', '/restapi/v1.0/subscription', { eventFilters: [filter], deliveryMode: { transportType: 'WebSocket' } });
    expect(meta.status).toBe(200);
    const subscriptionId = (info as { id: string }).id;

    await sim.receiveSms({ to: '+16505550100', from: '+14155550123', text: 'STOP' });
    const [, envelope] = await client.next(([m]) => m.type === 'ServerNotification');
    expect(envelope).toMatchObject({
      subscriptionId,
      ownerId: world.admin.id,
      event: `/restapi/v1.0/account/${world.account.id}/extension/${world.admin.id}/message-store/instant?type=SMS`,
      body: { from: { phoneNumber: '+14155550123' }, to: [{ phoneNumber: '+16505550100' }], subject: 'STOP', direction: 'Inbound', type: 'SMS' },
    });
    // an SMS to a number of another extension does not reach this subscription
    await sim.receiveSms({ to: '+19995550100', from: '+14155550123', text: 'STOP' });
    await sim.settle();
    expect(client.frames.filter(([m]) => m.type === 'ServerNotification')).toHaveLength(1);
    expect(receiver.received.filter((r) => r.method === 'POST' && r.url !== '/install')).toEqual([]);
  });

  it('When the bot is uninstalled, then the extension Delete event arrives over the socket', async () => {
    const client = await connect();
    await client.request('POST', '/restapi/v1.0/subscription', { eventFilters: FILTERS, deliveryMode: { transportType: 'WebSocket' } });
    await sim.uninstallBot(world.account.id, BOT_APP.clientId);
    const [, envelope] = await client.next(([m]) => m.type === 'ServerNotification');
    expect(envelope).toMatchObject({ event: `/restapi/v1.0/account/${world.account.id}/extension/${bot.botId}`, body: { extensionId: bot.botId, eventType: 'Delete' } });
    const [after] = await client.request('POST', '/restapi/v1.0/subscription', { eventFilters: FILTERS, deliveryMode: { transportType: 'WebSocket' } });
    expect(after.status).toBe(401);
  });

  it('When a client reconnects with its wsc token, then the session recovers and missed notifications are replayed; an unknown wsc fails recovery', async () => {
    const first = await connect();
    const [details] = await first.next(([m]) => m.type === 'ConnectionDetails');
    const wsc = (details.wsc as { token: string }).token;
    const [, info] = await first.request('POST', '/restapi/v1.0/subscription', { eventFilters: FILTERS, deliveryMode: { transportType: 'WebSocket' } });
    const dm = sim.addChat(world.account.id, { type: 'Direct', memberIds: [world.admin.id, bot.botId] });
    await sim.settle();
    await first.close();

    await sim.sendChatMessage({ chatId: dm.id, fromId: world.admin.id, text: 'while away' });
    const { body } = await wsToken(bot.accessToken);
    const token = body as { ws_access_token: string; uri: string };
    const again = await WsClient.connect(`${token.uri}?access_token=${token.ws_access_token}&wsc=${wsc}`);
    clients.push(again);
    const [, recovered] = await again.next(([m]) => m.type === 'ConnectionDetails');
    expect(recovered).toMatchObject({ recoveryState: 'Successful' });
    const [, replayed] = await again.next(([m]) => m.type === 'ServerNotification');
    expect(replayed).toMatchObject({ subscriptionId: (info as { id: string }).id, body: { text: 'while away' } });

    const stranger = await WsClient.connect(`${token.uri}?access_token=${token.ws_access_token}&wsc=unknown`);
    clients.push(stranger);
    expect((await stranger.next(([m]) => m.type === 'ConnectionDetails'))[1]).toMatchObject({ recoveryState: 'Failed' });
  });
});

describe('@ringcentral/subscriptions against the simulator', () => {
  it('When the SDK subscribes with the bot token, then it gets chat events and revoking deletes the subscription', async () => {
    const sdk = new SDK({
      server: sim.url,
      clientId: BOT_APP.clientId,
      clientSecret: BOT_APP.clientSecret,
      Request: globalThis.Request,
      Response: globalThis.Response,
      Headers: globalThis.Headers,
      fetch: globalThis.fetch,
    } as ConstructorParameters<typeof SDK>[0]);
    await sdk.platform().auth().setData({ token_type: 'bearer', access_token: bot.accessToken, expires_in: '630720000', refresh_token: '', refresh_token_expires_in: '630720000' });
    const events: unknown[] = [];
    const subscription = new Subscriptions({ sdk }).createSubscription();
    subscription.on(subscription.events.notification, (event: unknown) => events.push(event));
    const registered = await subscription.setEventFilters(FILTERS).register();
    try {
      expect(sim.subscriptions).toMatchObject([{ ownerId: bot.botId, deliveryMode: { transportType: 'WebSocket' }, eventFilters: FILTERS }]);
      const team = sim.addChat(world.account.id, { type: 'Team', name: 'Ops', memberIds: [world.admin.id, world.user.id, bot.botId] });
      await sim.settle();
      await sim.sendChatMessage({ chatId: team.id, fromId: world.user.id, text: 'hello', mentionIds: [bot.botId] });
      await sim.waitFor(() => events.length >= 2, 3000);
      expect(events).toMatchObject([
        { event: '/team-messaging/v1/chats', body: { id: team.id, eventType: 'GroupJoined' } },
        { event: '/team-messaging/v1/posts', body: { groupId: team.id, eventType: 'PostAdded' } },
      ]);
    } finally {
      await (registered.wse as unknown as { revoke(): Promise<void> }).revoke();
    }
    expect(sim.subscriptions).toEqual([]);
  });
});

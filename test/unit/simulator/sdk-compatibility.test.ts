import { SDK } from '@ringcentral/sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RingCentralSimulator } from '../../../src/simulator';
import { ADMIN_APP, BOT_APP, Receiver, standardWorld, startSimulator } from './sim-fixtures';

let sim: RingCentralSimulator;
let world: Awaited<ReturnType<typeof standardWorld>>;

beforeEach(async () => {
  ({ sim } = await startSimulator());
  world = await standardWorld(sim);
});
afterEach(async () => {
  expect(sim.specViolations).toEqual([]);
  await sim.stop();
});

describe('the official @ringcentral/sdk against the simulator', () => {
  it('When the SDK runs the PKCE login, calls the API and refreshes, then every step succeeds', async () => {
    const sdk = new SDK({ server: sim.url, clientId: ADMIN_APP.clientId, clientSecret: ADMIN_APP.clientSecret });
    const platform = sdk.platform();
    const redirectUri = 'https://bot.example.com/oauth/callback';
    const loginUrl = platform.loginUrl({ state: 's1', usePKCE: true, redirectUri });
    const redirect = new URL(await sim.authorize(loginUrl, world.admin.id));
    await platform.login({ code: redirect.searchParams.get('code') ?? '', redirect_uri: redirectUri });
    const me = (await (await platform.get('/restapi/v1.0/account/~/extension/~')).json()) as { id: number };
    expect(me.id).toBe(Number(world.admin.id));
    const before = (await platform.auth().data()).refresh_token;
    await platform.refresh();
    expect((await platform.auth().data()).refresh_token).not.toBe(before);
    await platform.logout();
  });

  it('When the SDK uses a bot token, then it can post a card', async () => {
    const receiver = await Receiver.start();
    try {
      const installed = await sim.installBotPrivate({ accountId: world.account.id, installerId: world.admin.id, clientId: BOT_APP.clientId, redirectUri: `${receiver.url}/install` });
      const chat = sim.addChat(world.account.id, { type: 'Direct', memberIds: [world.admin.id, installed.botId] });
      const platform = new SDK({ server: sim.url, clientId: BOT_APP.clientId, clientSecret: BOT_APP.clientSecret }).platform();
      await platform.auth().setData({ access_token: installed.accessToken, token_type: 'bearer', expires_in: '630720000' } as never);
      const response = await platform.post(`/team-messaging/v1/chats/${chat.id}/adaptive-cards`, { type: 'AdaptiveCard', version: '1.3', body: [{ type: 'TextBlock', text: 'hi' }] });
      expect(response.status).toBe(201);
      expect(sim.cards).toHaveLength(1);
    } finally {
      await receiver.stop();
    }
  });
});

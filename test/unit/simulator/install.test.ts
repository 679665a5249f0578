import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RingCentralSimulator } from '../../../src/simulator';
import { BOT_APP, call, postForm, Receiver, standardWorld, startSimulator } from './sim-fixtures';

let sim: RingCentralSimulator;
let receiver: Receiver;
let world: Awaited<ReturnType<typeof standardWorld>>;

beforeEach(async () => {
  ({ sim } = await startSimulator());
  receiver = await Receiver.start();
  world = await standardWorld(sim);
});
afterEach(async () => {
  expect(sim.specViolations).toEqual([]);
  await sim.stop();
  await receiver.stop();
});

describe('installing the bot', () => {
  it('When a private bot is installed, then RingCentral POSTs the token as JSON and the token acts as the bot', async () => {
    receiver.status = 200;
    const result = await sim.installBotPrivate({ accountId: world.account.id, installerId: world.admin.id, clientId: BOT_APP.clientId, redirectUri: `${receiver.url}/install` });
    expect(result.status).toBe(200);
    const [request] = receiver.received;
    expect(request?.method).toBe('POST');
    expect(request?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(request?.body ?? '{}')).toEqual({ access_token: result.accessToken, creator_extension_id: world.admin.id, creator_account_id: world.account.id, client_id: BOT_APP.clientId });
    const me = await call(sim.url, 'GET', '/restapi/v1.0/account/~/extension/~', result.accessToken);
    expect(me.body).toMatchObject({ id: Number(result.botId), type: 'Bot', account: { id: world.account.id } });
    expect(sim.botId(world.account.id, BOT_APP.clientId)).toBe(result.botId);
  });

  it('When the private install is sent as a form, then the body is urlencoded', async () => {
    await sim.installBotPrivate({ accountId: world.account.id, installerId: world.admin.id, clientId: BOT_APP.clientId, redirectUri: `${receiver.url}/install`, form: true });
    const [request] = receiver.received;
    expect(request?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(new URLSearchParams(request?.body).get('creator_account_id')).toBe(world.account.id);
  });

  it('When the bot answers the install with 500, then the status is reported back', async () => {
    receiver.status = 500;
    const result = await sim.installBotPrivate({ accountId: world.account.id, installerId: world.admin.id, clientId: BOT_APP.clientId, redirectUri: `${receiver.url}/install` });
    expect(result.status).toBe(500);
  });

  it('When a public bot is installed, then RingCentral GETs the redirect with a code exchangeable once for a bot token', async () => {
    const result = await sim.installBotPublic({ accountId: world.account.id, installerId: world.admin.id, clientId: BOT_APP.clientId, redirectUri: `${receiver.url}/oauth` });
    expect(result.status).toBe(200);
    const url = new URL(receiver.received[0]?.url ?? '', receiver.url);
    expect(receiver.received[0]?.method).toBe('GET');
    expect(url.searchParams.get('client_id')).toBe(BOT_APP.clientId);
    expect(url.searchParams.get('creator_extension_id')).toBe(world.admin.id);
    expect(url.searchParams.get('creator_account_id')).toBe(world.account.id);
    const form = { grant_type: 'authorization_code', code: url.searchParams.get('code') ?? '', redirect_uri: `${receiver.url}/oauth` };
    const basic = { id: BOT_APP.clientId, secret: BOT_APP.clientSecret };
    const token = await postForm(sim.url, '/restapi/oauth/token', form, basic);
    expect(token.status).toBe(200);
    expect(token.body).toMatchObject({ token_type: 'bearer', owner_id: result.botId });
    expect(token.body.expires_in).toBeGreaterThan(100_000_000);
    expect(token.body.refresh_token).toBeUndefined();
    expect((await postForm(sim.url, '/restapi/oauth/token', form, basic)).status).toBe(400);
  });

  it('When the bot is installed twice, then it keeps its id and the old token stops working', async () => {
    const first = await sim.installBotPrivate({ accountId: world.account.id, installerId: world.admin.id, clientId: BOT_APP.clientId, redirectUri: `${receiver.url}/install` });
    const second = await sim.installBotPrivate({ accountId: world.account.id, installerId: world.admin.id, clientId: BOT_APP.clientId, redirectUri: `${receiver.url}/install` });
    expect(second.botId).toBe(first.botId);
    expect((await call(sim.url, 'GET', '/restapi/v1.0/account/~/extension/~', first.accessToken)).status).toBe(401);
    expect((await call(sim.url, 'GET', '/restapi/v1.0/account/~/extension/~', second.accessToken)).status).toBe(200);
  });
});

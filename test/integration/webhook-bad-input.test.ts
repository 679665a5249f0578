import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness, BOT_CLIENT_ID } from '../support/harness';
import { installedWorld, type InstalledWorld } from '../support/world';
import { UNVERIFIED } from '../../src/http/routes/bot-webhook-route';

let h: Harness;
let world: InstalledWorld;
let token: string;
beforeEach(async () => {
  h = await startHarness();
  world = await installedWorld(h);
  token = h.sim.subscriptions.find((s) => s.ownerId === world.botId)!.deliveryMode.verificationToken!;
});
afterEach(async () => {
  expect(h.sim.specViolations).toEqual([]);
  await h.stop();
});

function helpPost(overrides: Record<string, unknown> = {}) {
  return {
    uuid: '7d1f4f0a-31b1-4a3e-8d7c-0c1f6b2f5e21',
    event: '/team-messaging/v1/posts',
    timestamp: new Date().toISOString(),
    subscriptionId: h.sim.subscriptions.find((s) => s.ownerId === world.botId)!.id,
    ownerId: world.botId,
    body: {
      id: '5843200012',
      groupId: world.dmId,
      type: 'TextMessage',
      text: 'help',
      creatorId: world.adminId,
      mentions: null,
      attachments: null,
      eventType: 'PostAdded',
      creationTime: new Date().toISOString(),
      lastModifiedTime: new Date().toISOString(),
    },
    ...overrides,
  };
}

async function send(body: string | object, headers: Record<string, string> = { 'Verification-Token': token }) {
  const response = await fetch(`${h.url}/bot/webhook`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  await h.settle();
  return { status: response.status, body: text ? (JSON.parse(text) as { error: string; message: string }) : undefined };
}

/** What the bot has visibly done: its posts and cards. */
const botActivity = () => h.sim.posts.filter((p) => p.creatorId === world.botId).length + h.sim.cards.filter((c) => c.creatorId === world.botId).length;

describe('Webhook input', () => {
  it('When RingCentral sends the Validation-Token handshake, then the bot echoes it with 200 and a JSON content type', async () => {
    const response = await fetch(`${h.url}/bot/webhook`, { method: 'POST', headers: { 'Validation-Token': 'c0ffee-handshake' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('validation-token')).toBe('c0ffee-handshake');
    expect(response.headers.get('content-type')).toContain('application/json');
  });

  it('When a valid notification arrives, then the bot answers 200 before handling it, and then answers help', async () => {
    const before = botActivity();
    expect((await send(helpPost())).status).toBe(200);
    expect(botActivity()).toBe(before + 1);
  });

  it('When the body is malformed JSON, then 400 and nothing is done', async () => {
    const before = botActivity();
    expect(await send('{"uuid": "x", "event": ')).toEqual({ status: 400, body: { error: 'bad_request', message: 'The notification body is not valid JSON.' } });
    expect(botActivity()).toBe(before);
  });

  it('When the JSON is not a notification envelope, then 400 says so', async () => {
    const result = await send({ hello: 'world' });
    expect(result.status).toBe(400);
    expect(result.body).toEqual({ error: 'bad_request', message: 'The body is not a RingCentral notification: it has no event.' });
  });

  it('When a field of the envelope has the wrong type, then 400 says which, in one plain sentence without the validator\'s report', async () => {
    const result = await send({ ...helpPost(), uuid: 42 });
    expect(result.status).toBe(400);
    expect(result.body?.message).toBe('The body is not a RingCentral notification: uuid should be text.');
    expect(result.body?.message).not.toMatch(/✖|Invalid input|expected|→/);
  });

  it('When the event type is unknown, then 200 (as RingCentral expects) and the event is logged and ignored', async () => {
    const before = botActivity();
    // An unknown path falls back to body.eventType (RINGCENTRAL.md §3): a presence body has none we know.
    const presence = helpPost({ event: '/restapi/v1.0/account/~/extension/~/presence' });
    presence.body = { extensionId: '62', telephonyStatus: 'Ringing', presenceStatus: 'Busy' } as unknown as typeof presence.body;
    const result = await send(presence);
    expect(result.status).toBe(200);
    expect(botActivity()).toBe(before);
    expect(h.logs.lines.some((l) => l.includes('notification ignored') && l.includes('/presence'))).toBe(true);
  });

  it('When the body is over 1 MB, then 413 and nothing is done', async () => {
    const before = botActivity();
    const huge = helpPost();
    (huge.body as { text: string }).text = 'x'.repeat(1024 * 1024 + 10);
    const result = await send(huge);
    expect(result.status).toBe(413);
    expect(result.body?.message).toBe('The request body is larger than 1 MB.');
    expect(botActivity()).toBe(before);
  });

  it('When the Verification-Token header is missing, then 401 with the one unverified answer', async () => {
    const result = await send(helpPost(), {});
    expect(result).toEqual({ status: 401, body: { error: 'unauthorized', message: UNVERIFIED } });
  });

  it('When the Verification-Token is wrong, then 401 and nothing is done', async () => {
    const before = botActivity();
    const result = await send(helpPost(), { 'Verification-Token': `${token.slice(0, -1)}0` === token ? `${token.slice(0, -1)}1` : `${token.slice(0, -1)}0` });
    expect(result).toEqual({ status: 401, body: { error: 'unauthorized', message: UNVERIFIED } });
    expect(botActivity()).toBe(before);
  });

  it('When a stranger probes bot ids with a wrong token, then an installed id and an unknown id get the same 401 and body, and the id is not echoed', async () => {
    const strangerToken = 'not-the-verification-token-0123456789';
    const installed = await send(helpPost(), { 'Verification-Token': strangerToken });
    const unknown = await send(helpPost({ ownerId: '424242424242' }), { 'Verification-Token': strangerToken });
    const noToken = await send(helpPost({ ownerId: '424242424242' }), {});
    const garbage = await send('{"ownerId": ', { 'Verification-Token': strangerToken });
    expect(installed).toEqual({ status: 401, body: { error: 'unauthorized', message: UNVERIFIED } });
    expect(unknown).toEqual(installed);
    expect(noToken).toEqual(installed);
    expect(garbage).toEqual(installed);
    expect(JSON.stringify(installed.body)).not.toContain(world.botId);
  });

  it('When a stranger sends a huge ownerId, then it is neither echoed nor logged in full', async () => {
    const hugeId = '9'.repeat(200_000);
    const result = await send(helpPost({ ownerId: hugeId }), { 'Verification-Token': 'stranger' });
    expect(result).toEqual({ status: 401, body: { error: 'unauthorized', message: UNVERIFIED } });
    expect(h.logs.text()).not.toContain('9'.repeat(100));
    expect(Math.max(...h.logs.lines.map((l) => l.length))).toBeLessThan(20_000);
  });

  it('When the real token of this bot comes with another bot id, then 401 with the same answer and nothing is done', async () => {
    const before = botActivity();
    const result = await send(helpPost({ ownerId: '424242424242' }));
    expect(result).toEqual({ status: 401, body: { error: 'unauthorized', message: UNVERIFIED } });
    expect(botActivity()).toBe(before);
  });

  it('When a handler fails (RingCentral down while answering), then the webhook still answered 200 and the failure is logged', async () => {
    h.sim.failNext({ method: 'POST', path: /\/adaptive-cards$/ }, { kind: 'status', status: 503 });
    const result = await send(helpPost());
    expect(result.status).toBe(200);
    expect(h.logs.lines.some((l) => l.includes('background task failed'))).toBe(true);
  });

  it('When the renewal reminder arrives, then the subscription is renewed and the new expiry stored', async () => {
    const subscription = h.sim.subscriptions.find((s) => s.ownerId === world.botId)!;
    await h.sim.sendRenewalReminder(subscription.id);
    await h.settle();
    expect(h.sim.requests.filter((r) => r.method === 'POST' && r.path === `/restapi/v1.0/subscription/${subscription.id}/renew` && r.status === 200)).toHaveLength(1);
    const installation = await h.app.deps.db.installations.findByAccount(world.accountId);
    expect(installation?.subscriptionId).toBe(subscription.id);
    expect(installation?.subscriptionExpiresAt?.getTime()).toBe(h.sim.subscriptions.find((s) => s.id === subscription.id)!.expiresAt);
  });

  it('When the bot is uninstalled right after a notification was accepted, then the next one with the same Verification-Token gets the same 401 and no reply', async () => {
    expect((await send(helpPost())).status).toBe(200);
    const afterUninstall = helpPost({ uuid: '7d1f4f0a-31b1-4a3e-8d7c-0c1f6b2f5e22' });
    await h.sim.uninstallBot(world.accountId, BOT_CLIENT_ID);
    await h.settle();
    const before = botActivity();
    const result = await send(afterUninstall);
    expect(result).toEqual({ status: 401, body: { error: 'unauthorized', message: UNVERIFIED } });
    expect(botActivity()).toBe(before);
  });

  it('When the same token keeps coming, then every notification is still answered and the bot replies to each command', async () => {
    const before = h.sim.posts.filter((p) => p.creatorId === world.botId).length + h.sim.cards.filter((c) => c.creatorId === world.botId && c.chatId === world.dmId).length;
    for (let i = 0; i < 3; i += 1) expect((await send(helpPost({ uuid: `7d1f4f0a-31b1-4a3e-8d7c-0c1f6b2f5e3${i}`, body: { ...helpPost().body, id: `58432000${20 + i}` } }))).status).toBe(200);
    const after = h.sim.posts.filter((p) => p.creatorId === world.botId).length + h.sim.cards.filter((c) => c.creatorId === world.botId && c.chatId === world.dmId).length;
    expect(after - before).toBe(3);
  });

});

import { formatPhoneNumber } from '../../src/cards/format-phone-number';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BOT_CLIENT_ID, startHarness, type Harness } from '../support/harness';
import { configuredWorld, loginThroughChat, type ConfiguredWorld } from '../support/world';
import { INSTANT_SMS_FILTER } from '../../src/transport/admin-sms-listener';

let h: Harness;
let world: ConfiguredWorld;
beforeEach(async () => {
  h = await startHarness({ listenForSmsReplies: true });
  world = await configuredWorld(h);
});
afterEach(async () => {
  expect(h.sim.specViolations).toEqual([]);
  await h.stop();
});

async function say(chatId: string, fromId: string, text: string) {
  await h.sim.sendChatMessage({ chatId, fromId, text });
  await h.settle();
}

/** A recipient texts the admin's number; waits (bounded) until the bot has read and handled it. */
async function reply(from: string, to: string, text: string) {
  await h.sim.receiveSms({ from, to, text });
  await h.settle();
}

const optedOut = (accountId: string) => h.app.deps.db.optOuts.list(accountId).then((rows) => rows.map((r) => r.phoneNumber));
const adminSockets = (adminId: string) => h.sim.webSocketConnections.filter((c) => c.ownerId === adminId);
const statusCardText = async () => {
  await say(world.dmId, world.adminId, 'status');
  return JSON.stringify(h.sim.cards.filter((c) => c.chatId === world.dmId).at(-1)?.body);
};

describe('SMS replies over WebSocket (listenForSmsReplies)', () => {
  it("When an admin turns SMS alerts on, then one WebSocket subscription with the admin's token listens for inbound SMS on exactly the instant-SMS filter", async () => {
    expect(h.app.smsListener?.connectedAdmins()).toEqual([{ accountId: world.accountId, extensionId: world.adminId }]);
    const subscription = h.sim.subscriptions.find((s) => s.ownerId === world.adminId);
    expect(subscription).toMatchObject({ eventFilters: [INSTANT_SMS_FILTER], deliveryMode: { transportType: 'WebSocket' }, status: 'Active' });
    expect(h.sim.subscriptions.filter((s) => s.ownerId === world.adminId)).toHaveLength(1);
    expect(adminSockets(world.adminId)).toEqual([{ ownerId: world.adminId, subscriptionIds: [subscription?.id] }]);
    // the wstoken was asked for with the admin app's token (the bot app has no WebSocketsSubscription here)
    expect(h.sim.requests.filter((r) => r.path === '/restapi/oauth/wstoken').map((r) => ({ status: r.status, userId: r.userId }))).toEqual([{ status: 200, userId: world.adminId }]);
    const tokens = await h.app.deps.db.admins.tokens(world.accountId, world.adminId);
    expect(h.logs.text()).not.toContain(tokens?.accessToken);
  });

  it('When a recipient replies STOP, then they are opted out and status shows it; "please stop" does nothing; START opts them back in', async () => {
    const [recipient, other] = world.recipients as [string, string];
    await reply(recipient, world.sender, 'please stop');
    expect(await optedOut(world.accountId)).toEqual([]);

    await reply(recipient, world.sender, 'STOP');
    expect(await optedOut(world.accountId)).toEqual([recipient]);
    expect(await statusCardText()).toContain(
      `"title":"Opted out (STOP)","value":"${formatPhoneNumber(recipient, 'US')}: replied STOP; gets no texts from ${formatPhoneNumber(world.sender, 'US')} until they reply START"`,
    );

    await reply(recipient, world.sender, 'START');
    expect(await optedOut(world.accountId)).toEqual([]);
    expect(await statusCardText()).not.toContain('Opted out (STOP)');
    expect(await h.app.deps.db.optOuts.isOptedOut(world.accountId, world.sender, other)).toBe(false);

    const handled = h.logs.lines.filter((l) => l.includes('SMS reply handled'));
    expect(handled).toHaveLength(3);
    expect(handled.map((l) => (JSON.parse(l) as { outcome: string }).outcome)).toEqual(['ignored', 'opted-out', 'opted-in']);
    // phone numbers never in full in our log lines
    for (const line of handled) expect(line).not.toContain(recipient.slice(2));
  });

  it('When a recipient replies STOP, the admin is told once; each opt-in keyword (START, SUBSCRIBE, RESUME, CONTINUE, UNSTOP) opts back in as a whole word only', async () => {
    const [recipient] = world.recipients as [string, string];
    for (const word of ['START', 'SUBSCRIBE', 'RESUME', 'CONTINUE', 'UNSTOP']) {
      await reply(recipient, world.sender, 'STOP');
      expect(await optedOut(world.accountId)).toEqual([recipient]);
      await reply(recipient, world.sender, `${word.toLowerCase()} please`);
      expect(await optedOut(world.accountId)).toEqual([recipient]);
      await reply(recipient, world.sender, ` ${word[0]}${word.slice(1).toLowerCase()}. `);
      expect(await optedOut(world.accountId)).toEqual([]);
    }
    // Told at each opt-out (once per opt-out: the notice is cleared when they opt back in).
    const told = h.sim.posts.filter((p) => p.creatorId === world.botId && p.text.startsWith(`The SMS recipient ${formatPhoneNumber(recipient, 'US')} has opted out of texts from (650) 555-0100 (replied STOP).`));
    expect(told).toHaveLength(5);
  });

  it('When a recipient replies STOP to another of the admin\'s numbers, then only that sender→recipient pair is opted out and alerts from the chosen sender still go', async () => {
    const [recipient] = world.recipients as [string, string];
    await reply(recipient, '+16505550199', 'STOP');
    const rows = await h.app.deps.db.optOuts.list(world.accountId);
    expect(rows.map((r) => [r.sender, r.phoneNumber, r.source])).toEqual([['+16505550199', recipient, 'reply']]);
    expect(await h.app.deps.db.optOuts.isOptedOut(world.accountId, world.sender, recipient)).toBe(false);
    expect(await statusCardText()).not.toContain('Opted out (STOP)');
  });

  it("When a recipient replies STOP to another account's admin, then only that account opts them out", async () => {
    const b = h.sim.addAccount({ name: 'Other Corp' });
    const bAdmin = h.sim.addExtension(b.id, {
      firstName: 'Bob',
      lastName: 'Stone',
      admin: true,
      phoneNumbers: [{ phoneNumber: '+14085550100', features: ['SmsSender', 'CallerId'], usageType: 'DirectNumber' }],
    });
    const install = await h.sim.installBotPrivate({ accountId: b.id, installerId: bAdmin.id, clientId: BOT_CLIENT_ID, redirectUri: `${h.url}/bot/oauth` });
    await h.settle();
    const bDm = h.sim.cards.find((c) => c.creatorId === install.botId)!.chatId;
    await loginThroughChat(h, { botId: install.botId }, { extensionId: bAdmin.id, dmId: bDm });
    for (const text of ['sms from +14085550100', `sms to ${world.recipients[0]}`, 'sms on']) await say(bDm, bAdmin.id, text);
    expect(h.app.smsListener?.connectedAdmins()).toHaveLength(2);

    await reply(world.recipients[0]!, '+14085550100', 'STOP');
    expect(await optedOut(b.id)).toEqual([world.recipients[0]]);
    expect(await optedOut(world.accountId)).toEqual([]);
  });

  it('When the admin turns SMS alerts off, then the listener disconnects and a later STOP is not heard', async () => {
    await say(world.dmId, world.adminId, 'sms off');
    expect(h.app.smsListener?.connectedAdmins()).toEqual([]);
    await h.sim.waitFor(() => adminSockets(world.adminId).length === 0, 3_000);
    expect(h.sim.subscriptions.filter((s) => s.ownerId === world.adminId)).toEqual([]);
    await reply(world.recipients[0]!, world.sender, 'STOP');
    expect(await optedOut(world.accountId)).toEqual([]);

    await say(world.dmId, world.adminId, 'sms on');
    expect(h.app.smsListener?.connectedAdmins()).toHaveLength(1);
    await reply(world.recipients[0]!, world.sender, 'STOP');
    expect(await optedOut(world.accountId)).toEqual([world.recipients[0]]);
  });

  it('When the admin must log in again, then the listener skips them (logged once) and reconnects after they log in', async () => {
    h.sim.revokeAllTokensOf(world.adminId);
    h.clock.advance(61 * 60_000);
    await h.app.smsListener?.refresh();
    await h.app.smsListener?.refresh();
    await h.settle();
    expect(await h.app.deps.db.admins.find(world.accountId, world.adminId)).toMatchObject({ status: 'needs_reauth' });
    expect(h.app.smsListener?.connectedAdmins()).toEqual([]);
    await h.sim.waitFor(() => adminSockets(world.adminId).length === 0, 3_000);
    expect(h.logs.lines.filter((l) => l.includes('SMS replies not heard for this admin until they log in again'))).toHaveLength(1);

    await loginThroughChat(h, world, { extensionId: world.adminId, dmId: world.dmId });
    expect(h.app.smsListener?.connectedAdmins()).toEqual([{ accountId: world.accountId, extensionId: world.adminId }]);
    await reply(world.recipients[0]!, world.sender, 'STOP');
    expect(await optedOut(world.accountId)).toEqual([world.recipients[0]]);
  });

  it('When the admin token is refreshed an hour later, then the listener reconnects with the new token and still hears replies', async () => {
    const before = await h.app.deps.db.admins.tokens(world.accountId, world.adminId);
    h.clock.advance(61 * 60_000);
    await h.app.smsListener?.refresh();
    await h.settle();
    const after = await h.app.deps.db.admins.tokens(world.accountId, world.adminId);
    expect(after?.accessToken).not.toBe(before?.accessToken);
    expect(h.app.smsListener?.connectedAdmins()).toHaveLength(1);
    // a second wstoken, with the new token; one open socket for the admin
    expect(h.sim.requests.filter((r) => r.path === '/restapi/oauth/wstoken').map((r) => r.status)).toEqual([200, 200]);
    await h.sim.waitFor(() => adminSockets(world.adminId).length === 1, 3_000);

    await reply(world.recipients[0]!, world.sender, 'STOP');
    expect(await optedOut(world.accountId)).toEqual([world.recipients[0]]);
    expect(h.logs.lines.filter((l) => l.includes('SMS reply handled'))).toHaveLength(1);
    expect(h.logs.text()).not.toContain(after?.accessToken);
  });

  it('When the connection drops after the token expired, then the refused reconnect is retried with a fresh admin token and replies are heard again', async () => {
    h.clock.advance(61 * 60_000);
    expect(h.sim.dropWebSocketConnections(world.adminId)).toBe(1);
    // @rc-ex/ws retries after 2 s with its cached ws token, which the gateway now refuses: we rebuild with a refreshed token
    await h.sim.waitFor(() => h.logs.text().includes('reconnecting with a fresh admin token'), 10_000);
    await h.sim.waitFor(() => adminSockets(world.adminId).length === 1 && h.app.smsListener?.connectedAdmins().length === 1, 10_000);
    await h.settle();

    await reply(world.recipients[0]!, world.sender, 'STOP');
    expect(await optedOut(world.accountId)).toEqual([world.recipients[0]]);
  }, 30_000);
});

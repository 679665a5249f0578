import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness, SHARED_SECRET } from '../support/harness';
import { findAction, installedWorld, latestCard, latestText, loginThroughChat, type InstalledWorld } from '../support/world';
import { signGlipBody } from '../../src/http/verify-glip-signature';

let h: Harness;
let world: InstalledWorld;
beforeEach(async () => {
  h = await startHarness();
  world = await installedWorld(h);
});
afterEach(async () => {
  expect(h.sim.specViolations).toEqual([]);
  await h.stop();
});

const adminRow = () => h.app.deps.db.admins.find(world.accountId, world.adminId);

describe('Admin login', () => {
  it('When an admin types login and authorizes at RingCentral, then the tokens are stored sealed and the chat gets the main menu', async () => {
    const result = await loginThroughChat(h, world, { extensionId: world.adminId, dmId: world.dmId });
    expect(result.status).toBe(200);
    expect(result.page).toContain('Audit Trail Bot is authorized');
    expect(result.authorizeUrl).toMatch(new RegExp(`^${h.url}/oauth/authorize\\?state=[A-Za-z0-9_-]{40,}$`));

    expect(await adminRow()).toMatchObject({ status: 'active', name: 'Peter MacIntyre', timezone: 'America/Los_Angeles' });
    const tokens = await h.app.deps.db.admins.tokens(world.accountId, world.adminId);
    const row = await h.app.deps.db.models.AdminAuthorization.findOne({ where: { extensionId: world.adminId } });
    expect(row?.accessTokenEnc).toMatch(/^v1:/);
    expect(row?.accessTokenEnc).not.toContain(tokens!.accessToken);
    expect(h.logs.text()).not.toContain(tokens!.accessToken);
    expect(h.logs.text()).not.toContain(tokens!.refreshToken);
    if (h.db.file) {
      await h.app.deps.db.sequelize.query('PRAGMA wal_checkpoint(FULL)');
      const bytes = Buffer.concat([fs.readFileSync(h.db.file), ...(fs.existsSync(`${h.db.file}-wal`) ? [fs.readFileSync(`${h.db.file}-wal`)] : [])]);
      expect(bytes.includes(Buffer.from(tokens!.accessToken))).toBe(false);
      expect(bytes.includes(Buffer.from(tokens!.refreshToken))).toBe(false);
    }

    expect(latestText(h, world.botId, world.dmId)).toBe('You are authorized, Peter MacIntyre. Choose where alerts go and which events you want:');
    const menu = latestCard(h, world.botId, world.dmId)!;
    const titles = ['Settings', 'Events', 'Status', 'Log out'];
    for (const title of titles) expect(findAction(menu.body, (a) => a.title === title)).toBeDefined();
    expect(findAction(menu.body, (a) => a.title === 'Log out')?.data).toEqual({ action: 'logout', adminId: world.adminId });
    expect(JSON.stringify(menu.body)).toContain('"text":"Not sending: no destination is on — open settings"');
  });

  it('When the browser is sent to RingCentral, then the authorize URL carries an S256 PKCE challenge and our callback', async () => {
    await h.sim.sendChatMessage({ chatId: world.dmId, fromId: world.adminId, text: 'Authorize' });
    await h.settle();
    const url = findAction(latestCard(h, world.botId, world.dmId)?.body, (a) => a.type === 'Action.OpenUrl')?.url as string;
    const redirect = await fetch(url, { redirect: 'manual' });
    const location = new URL(redirect.headers.get('location') ?? '');
    expect(`${location.origin}${location.pathname}`).toBe(`${h.sim.url}/restapi/oauth/authorize`);
    expect(location.searchParams.get('code_challenge_method')).toBe('S256');
    expect(location.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(location.searchParams.get('redirect_uri')).toBe(`${h.url}/oauth/callback`);
    expect(location.searchParams.get('client_id')).toBe(h.config.adminApp.clientId);
  });

  it('When the callback is replayed, then the second one gets an error page and changes nothing', async () => {
    await h.sim.sendChatMessage({ chatId: world.dmId, fromId: world.adminId, text: 'login' });
    await h.settle();
    const url = findAction(latestCard(h, world.botId, world.dmId)?.body, (a) => a.type === 'Action.OpenUrl')?.url as string;
    const location = (await fetch(url, { redirect: 'manual' })).headers.get('location') ?? '';
    const callback = await h.sim.authorize(location, world.adminId);
    expect((await fetch(callback)).status).toBe(200);
    await h.settle();
    const before = await h.app.deps.db.admins.tokens(world.accountId, world.adminId);
    const again = await fetch(callback);
    expect(again.status).toBe(400);
    expect(await again.text()).toContain('expired or has already been used');
    expect(await h.app.deps.db.admins.tokens(world.accountId, world.adminId)).toEqual(before);
    // Opening the used link again does not reach RingCentral either.
    expect((await fetch(url, { redirect: 'manual' })).status).toBe(400);
  });

  it('When the login link is older than 10 minutes, then it gets an error page and nothing is stored', async () => {
    await h.sim.sendChatMessage({ chatId: world.dmId, fromId: world.adminId, text: 'login' });
    await h.settle();
    const url = findAction(latestCard(h, world.botId, world.dmId)?.body, (a) => a.type === 'Action.OpenUrl')?.url as string;
    h.clock.advance(10 * 60 * 1000 + 1000);
    const response = await fetch(url, { redirect: 'manual' });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('This login link is not valid');
    expect(await adminRow()).toBeUndefined();
  });

  it('When a forged state reaches the callback, then it gets an error page and nothing is stored', async () => {
    const response = await fetch(`${h.url}/oauth/callback?code=abc&state=forged-state-value`);
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('expired or has already been used');
    expect(await h.app.deps.db.admins.listByAccount(world.accountId)).toEqual([]);
  });

  it('When someone else consents at RingCentral than the admin who asked in chat, then the login is refused and the chat says why', async () => {
    const other = h.sim.addExtension(world.accountId, { firstName: 'Olga', lastName: 'Nyberg', admin: true });
    const result = await loginThroughChat(h, world, { extensionId: world.adminId, dmId: world.dmId }, { asExtensionId: other.id });
    expect(result.status).toBe(403);
    expect(await h.app.deps.db.admins.listByAccount(world.accountId)).toEqual([]);
    expect(latestText(h, world.botId, world.dmId)).toContain('You logged in as a different RingCentral user');
    expect(h.sim.requests.some((r) => r.path === '/restapi/oauth/revoke' && r.status === 200)).toBe(true);
  });

  it('When a user who is not an admin logs in, then they are told their credentials do not have high enough permission levels', async () => {
    const user = h.sim.addExtension(world.accountId, { firstName: 'Sam', lastName: 'Ortiz', admin: false });
    const dm = h.sim.addChat(world.accountId, { type: 'Direct', memberIds: [user.id, world.botId] });
    await h.settle();
    const result = await loginThroughChat(h, world, { extensionId: user.id, dmId: dm.id });
    expect(result.status).toBe(403);
    expect(result.page).toContain('do not have high enough permission levels');
    expect(latestText(h, world.botId, dm.id)).toContain('do not have high enough permission levels');
    expect(await h.app.deps.db.admins.find(world.accountId, user.id)).toBeUndefined();
  });

  it('When an admin cannot read the audit trail (403 on the probe), then the login is refused', async () => {
    const limited = h.sim.addExtension(world.accountId, { firstName: 'Lee', lastName: 'Park', admin: true, auditTrailAccess: false });
    const dm = h.sim.addChat(world.accountId, { type: 'Direct', memberIds: [limited.id, world.botId] });
    await h.settle();
    const result = await loginThroughChat(h, world, { extensionId: limited.id, dmId: dm.id });
    expect(result.status).toBe(403);
    expect(latestText(h, world.botId, dm.id)).toContain('A Super Admin or Billing Admin of this account needs to log in');
    expect(h.sim.requests.some((r) => r.path.endsWith('/audit-trail/search') && r.status === 403)).toBe(true);
  });
});

describe('Admin tokens', () => {
  beforeEach(async () => {
    await loginThroughChat(h, world, { extensionId: world.adminId, dmId: world.dmId });
  });

  it('When the access token is about to expire, then it is refreshed once and the rotated pair is stored', async () => {
    const before = (await h.app.deps.db.admins.tokens(world.accountId, world.adminId))!;
    h.clock.advance(56 * 60 * 1000);
    await h.sim.sendChatMessage({ chatId: world.dmId, fromId: world.adminId, text: 'settings' });
    await h.settle();
    const after = (await h.app.deps.db.admins.tokens(world.accountId, world.adminId))!;
    expect(after.refreshToken).not.toBe(before.refreshToken);
    expect(after.accessToken).not.toBe(before.accessToken);
    expect(after.accessExpiresAt.getTime()).toBeGreaterThan(h.clock.now().getTime() + 50 * 60 * 1000);
    expect(h.sim.requests.filter((r) => r.path === '/restapi/oauth/token' && r.status === 200)).toHaveLength(2); // login + one refresh
    expect(JSON.stringify(latestCard(h, world.botId, world.dmId)?.body)).toContain('"id":"smsSender"');
  });

  it('When the refresh token is dead, then the admin is marked for re-authorization and gets one login card, not one per attempt', async () => {
    h.sim.revokeAllTokensOf(world.adminId);
    h.clock.advance(56 * 60 * 1000);
    await h.sim.sendChatMessage({ chatId: world.dmId, fromId: world.adminId, text: 'settings' });
    await h.settle();
    expect((await h.app.deps.db.admins.find(world.accountId, world.adminId))?.status).toBe('needs_reauth');
    const loginCards = () => h.sim.cards.filter((c) => c.chatId === world.dmId && JSON.stringify(c.body).includes('alerts for you are on hold'));
    expect(loginCards()).toHaveLength(1);
    await h.sim.sendChatMessage({ chatId: world.dmId, fromId: world.adminId, text: 'sms from +16505550100' });
    await h.settle();
    expect(loginCards()).toHaveLength(1);
    expect(latestText(h, world.botId, world.dmId)).toContain('Type login to authorize again');

    // Logging in again restores the admin.
    await loginThroughChat(h, world, { extensionId: world.adminId, dmId: world.dmId });
    expect((await h.app.deps.db.admins.find(world.accountId, world.adminId))?.status).toBe('active');
  });

  it('When the admin logs out and confirms, then the token is revoked at RingCentral and their tokens and settings are deleted', async () => {
    await h.sim.sendChatMessage({ chatId: world.dmId, fromId: world.adminId, text: 'pause' });
    await h.settle();
    expect(await h.app.deps.db.settings.find(world.accountId, world.adminId)).toBeDefined();
    const menu = h.sim.cards.filter((c) => c.chatId === world.dmId && JSON.stringify(c.body).includes('"title":"Log out"')).at(-1)!;
    expect((await h.sim.clickCard({ cardId: menu.id, userId: world.adminId, action: 'Log out', url: `${h.url}/interactive-messages` })).status).toBe(200);
    await h.settle();
    const confirm = h.sim.cards.find((c) => c.id === menu.id)!;
    expect(JSON.stringify(confirm.body)).toContain('Yes, log out');
    await h.sim.clickCard({ cardId: confirm.id, userId: world.adminId, action: 'Yes, log out', url: `${h.url}/interactive-messages` });
    await h.settle();
    expect(await h.app.deps.db.admins.find(world.accountId, world.adminId)).toBeUndefined();
    expect(await h.app.deps.db.settings.find(world.accountId, world.adminId)).toBeUndefined();
    expect(h.sim.requests.some((r) => r.path === '/restapi/oauth/revoke' && r.status === 200)).toBe(true);
    expect(latestText(h, world.botId, world.dmId)).toContain('You are logged out');
  });

  it('When another user crafts a logout submit carrying the admin id, then nothing is deleted and they are told whose settings these are', async () => {
    const other = h.sim.addExtension(world.accountId, { firstName: 'Mallory', lastName: 'Jones', admin: false });
    const body = JSON.stringify({
      uuid: '1c1f6b2f-5e21-4a3e-8d7c-0c1f7d1f4f0a',
      timestamp: new Date().toISOString(),
      type: 'button_submit',
      user: { id: other.id, firstName: 'Mallory', lastName: 'Jones', accountId: world.accountId, extId: other.id },
      conversation: { id: world.dmId, type: 'Direct' },
      bot: { id: world.botId },
      data: { action: 'logoutConfirm', adminId: world.adminId },
    });
    const response = await fetch(`${h.url}/interactive-messages`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Glip-Signature': signGlipBody(body, SHARED_SECRET) }, body });
    expect(response.status).toBe(200);
    await h.settle();
    expect((await h.app.deps.db.admins.find(world.accountId, world.adminId))?.status).toBe('active');
    expect(latestText(h, world.botId, world.dmId)).toBe("These are Peter MacIntyre's settings, so only they can change them. Nothing was changed. To configure your own alerts, type login.");
  });
});

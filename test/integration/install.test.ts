import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { startHarness, type Harness, BOT_CLIENT_ID } from '../support/harness';
import { installedWorld } from '../support/world';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  expect(h.sim.specViolations).toEqual([]);
  await h.stop();
});

describe('Installing the bot', () => {
  it('When an admin installs the private bot, then the installation and an Active webhook subscription exist and the admin gets a welcome card saying to type login', async () => {
    const world = await installedWorld(h, 'private');

    const installation = await h.app.deps.db.installations.findByAccount(world.accountId);
    expect(installation).toMatchObject({ accountId: world.accountId, botId: world.botId, installerId: world.adminId, status: 'installed' });

    const subscription = h.sim.subscriptions.find((s) => s.ownerId === world.botId);
    expect(subscription).toMatchObject({
      status: 'Active',
      eventFilters: [
        '/team-messaging/v1/posts',
        '/team-messaging/v1/chats',
        '/restapi/v1.0/account/~/extension/~',
        '/restapi/v1.0/subscription/~?threshold=60&interval=15',
      ],
      deliveryMode: { transportType: 'WebHook', address: `${h.url}/bot/webhook` },
    });
    expect(installation?.subscriptionId).toBe(subscription?.id);
    // The handshake really happened: RingCentral created the subscription only after our echo.
    expect(subscription?.deliveryMode.verificationToken).toMatch(/^[0-9a-f]{32}$/);

    const welcome = h.sim.cards.find((c) => c.creatorId === world.botId);
    expect(welcome?.chatId).toBe(world.dmId);
    expect(h.sim.chat(world.dmId)?.memberIds.sort()).toEqual([world.adminId, world.botId].sort());
    const text = JSON.stringify(welcome?.body);
    expect(text).toContain('Audit Trail Bot is installed');
    expect(text).toContain('types **login** here');
    expect(text).toContain('Peter MacIntyre');
  });

  it('When an admin installs the public bot, then the code is exchanged once and the installation works the same way', async () => {
    const world = await installedWorld(h, 'public');
    const installation = await h.app.deps.db.installations.findByAccount(world.accountId);
    expect(installation?.status).toBe('installed');
    expect(h.sim.requests.filter((r) => r.method === 'POST' && r.path === '/restapi/oauth/token')).toHaveLength(1);
    expect(h.sim.subscriptions.filter((s) => s.ownerId === world.botId && s.status === 'Active')).toHaveLength(1);
  });

  it('When RingCentral says the bot user is not ready (SUB-406) twice, then the subscription is created on the third try', async () => {
    h.sim.failNext(
      { method: 'POST', path: '/restapi/v1.0/subscription' },
      { kind: 'body', status: 400, body: { errorCode: 'SUB-406', message: 'Bot user is not ready yet', errors: [{ errorCode: 'SUB-406', message: 'Bot user is not ready yet' }] } },
      2,
    );
    const world = await installedWorld(h);
    expect(h.sim.requests.filter((r) => r.method === 'POST' && r.path === '/restapi/v1.0/subscription').map((r) => r.status)).toEqual([400, 400, 200]);
    expect((await h.app.deps.db.installations.findByAccount(world.accountId))?.subscriptionId).toBeTruthy();
  });

  it('When the bot is reinstalled in the same account, then the old installation and its subscription are replaced', async () => {
    const first = await installedWorld(h);
    const oldSubscriptionId = (await h.app.deps.db.installations.findByAccount(first.accountId))?.subscriptionId;
    const again = await h.sim.installBotPrivate({ accountId: first.accountId, installerId: first.adminId, clientId: BOT_CLIENT_ID, redirectUri: `${h.url}/bot/oauth` });
    expect(again.status).toBe(200);
    await h.settle();
    const installation = await h.app.deps.db.installations.findByAccount(first.accountId);
    expect(installation?.subscriptionId).toBeTruthy();
    expect(installation?.subscriptionId).not.toBe(oldSubscriptionId);
    expect(await h.app.deps.db.installations.listInstalled()).toHaveLength(1);
    expect(h.sim.subscriptions.filter((s) => s.accountId === first.accountId && s.status === 'Active')).toHaveLength(1);
  });

  it('When the admin uninstalls the bot, then its token and every admin token are deleted and the installation is marked uninstalled', async () => {
    const world = await installedWorld(h);
    await h.sim.uninstallBot(world.accountId, BOT_CLIENT_ID);
    await h.settle();
    const installation = await h.app.deps.db.installations.findByAccount(world.accountId);
    expect(installation).toMatchObject({ status: 'uninstalled', subscriptionId: null });
    expect(installation?.uninstalledAt).toBeInstanceOf(Date);
    const row = await h.app.deps.db.models.Installation.findByPk(world.accountId);
    expect(row?.tokenEnc).toBeNull();
    expect(await h.app.deps.db.installations.botToken(world.accountId)).toBeUndefined();
    expect(await h.app.deps.db.installations.listInstalled()).toEqual([]);
  });

  it('When the app restarts, then the installation is still there and chat commands still work', async () => {
    const world = await installedWorld(h);
    await h.restart();
    expect((await h.app.deps.db.installations.findByAccount(world.accountId))?.status).toBe('installed');
    await h.sim.sendChatMessage({ chatId: world.dmId, fromId: world.adminId, text: 'help' });
    await h.settle();
    const cards = h.sim.cards.filter((c) => c.chatId === world.dmId && c.creatorId === world.botId);
    expect(cards.map((c) => (c.body.body as { text?: string }[])[0]?.text)).toEqual(['Audit Trail Bot is installed', 'Audit Trail Bot commands']);
  });

  it('When the database file is read byte by byte, then no bot token or verification token appears in plaintext, and no log line holds one', async () => {
    const world = await installedWorld(h);
    const token = await h.app.deps.db.installations.botToken(world.accountId);
    const verificationToken = h.sim.subscriptions.find((s) => s.ownerId === world.botId)?.deliveryMode.verificationToken;
    expect(token && token.length > 10).toBe(true);
    expect(verificationToken).toBeTruthy();
    if (h.db.file) {
      await h.app.deps.db.sequelize.query('PRAGMA wal_checkpoint(FULL)');
      // The main file and the write-ahead log: a token must be in neither.
      const bytes = Buffer.concat([fs.readFileSync(h.db.file), ...(fs.existsSync(`${h.db.file}-wal`) ? [fs.readFileSync(`${h.db.file}-wal`)] : [])]);
      expect(bytes.includes(Buffer.from(token ?? ''))).toBe(false);
      expect(bytes.includes(Buffer.from(verificationToken ?? ''))).toBe(false);
    } else {
      const [rows] = await h.app.deps.db.sequelize.query('SELECT * FROM bot_installations');
      expect(JSON.stringify(rows)).not.toContain(token);
      expect(JSON.stringify(rows)).not.toContain(verificationToken);
    }
    expect(h.logs.text()).not.toContain(token);
    expect(h.logs.text()).not.toContain(verificationToken);
  });
});

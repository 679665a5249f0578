import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import parser from 'cron-parser';
import { startHarness, type Harness, BOT_CLIENT_ID } from '../support/harness';
import { installedWorld, latestCard } from '../support/world';
import { retryFailedSubscriptions } from '../../src/jobs/maintain-subscriptions';
import { SUBSCRIPTION_RETRY_CRON } from '../../src/jobs/schedule';
import { installBot } from '../../src/bot/install-bot';
import { createChatSubscription, newVerificationToken } from '../../src/bot/chat-subscription';

const SUBSCRIBE = { method: 'POST', path: '/restapi/v1.0/subscription' } as const;
const SUB_406 = { kind: 'body', status: 400, body: { errorCode: 'SUB-406', message: 'Bot user is not ready yet', errors: [{ errorCode: 'SUB-406', message: 'Bot user is not ready yet' }] } } as const;

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  expect(h.sim.specViolations.filter((v) => !v.path.includes('injected'))).toEqual([]);
  await h.stop();
});

/** An account and its admin in the simulator, without the bot. */
function account() {
  const acc = h.sim.addAccount({ name: 'Sunnyvale Biology Labs', timezone: 'America/Los_Angeles' });
  const admin = h.sim.addExtension(acc.id, { firstName: 'Peter', lastName: 'MacIntyre', email: 'peter.macintyre@example.com', extensionNumber: '101', admin: true });
  return { accountId: acc.id, adminId: admin.id };
}

const welcomes = (botId: string) => h.sim.cards.filter((c) => c.creatorId === botId && JSON.stringify(c.body).includes('Audit Trail Bot is installed'));
const subscribeAttempts = () => h.sim.requests.filter((r) => r.method === 'POST' && r.path === SUBSCRIBE.path);
const ourSubscriptions = (botId: string) => h.sim.subscriptions.filter((s) => s.ownerId === botId && s.deliveryMode.address === `${h.url}/bot/webhook`);

/** Sends `help` in the installer's DM and returns the title of the bot's answer card. */
async function helpAnswer(world: { botId: string; adminId: string; dmId: string }): Promise<string | undefined> {
  await h.sim.sendChatMessage({ chatId: world.dmId, fromId: world.adminId, text: 'help' });
  await h.settle();
  const card = latestCard(h, world.botId, world.dmId);
  return (card?.body.body as { text?: string }[] | undefined)?.[0]?.text;
}

/** POSTs a private install to /bot/oauth exactly as RingCentral does (RINGCENTRAL.md §2). */
function postInstall(fields: { token: string; adminId: string; accountId: string }) {
  return fetch(`${h.url}/bot/oauth`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ access_token: fields.token, creator_extension_id: fields.adminId, creator_account_id: fields.accountId, client_id: BOT_CLIENT_ID }),
  });
}

describe('Installing without races (RINGCENTRAL.md §3)', () => {
  it('When RingCentral sends the first chat event before it answers POST /subscription, then the bot accepts it with 200', async () => {
    const world = await installedWorld(h);
    const subscription = ourSubscriptions(world.botId)[0]!;
    const first = h.sim.webhookDeliveries.filter((d) => d.subscriptionId === subscription.id)[0];
    expect(first).toMatchObject({ event: '/team-messaging/v1/chats', status: 200 });
    expect(h.logs.text()).not.toContain('could not be verified');
  });

  it('When the bot user is not ready (SUB-406) for 5 minutes, then the bot keeps trying, backing off to 10 s, and welcomes the installer once the subscription exists', async () => {
    h.sim.failNext(SUBSCRIBE, SUB_406, 35);
    const world = await installedWorld(h);

    const attempts = subscribeAttempts();
    expect(attempts.map((r) => r.status)).toEqual([...Array<number>(35).fill(400), 200]);
    const gaps = attempts.slice(1).map((r, i) => r.at - attempts[i]!.at);
    expect(gaps.slice(0, 4).map((g) => Math.round(g / 1000))).toEqual([1, 2, 4, 8]);
    for (const gap of gaps.slice(4)) expect(Math.round(gap / 1000)).toBe(10);
    expect(attempts.at(-1)!.at - attempts[0]!.at).toBeGreaterThan(5 * 60_000);

    const subscription = ourSubscriptions(world.botId);
    expect(subscription).toHaveLength(1);
    expect((await h.app.deps.db.installations.findByAccount(world.accountId))?.subscriptionId).toBe(subscription[0]!.id);
    const welcome = welcomes(world.botId);
    expect(welcome).toHaveLength(1);
    expect(welcome[0]!.createdAt).toBeGreaterThanOrEqual(attempts.at(-1)!.at);
  });

  it('When SUB-406 lasts beyond 10 minutes, then no welcome is posted yet, and the retry job (every 2 minutes) subscribes and welcomes the installer', async () => {
    const { accountId, adminId } = account();
    h.sim.failNext(SUBSCRIBE, SUB_406, 1_000);
    const installed = await h.sim.installBotPrivate({ accountId, installerId: adminId, clientId: BOT_CLIENT_ID, redirectUri: `${h.url}/bot/oauth` });
    await h.settle();

    const attempts = subscribeAttempts();
    expect(attempts.every((r) => r.status === 400)).toBe(true);
    expect(attempts.at(-1)!.at - attempts[0]!.at).toBeLessThanOrEqual(10 * 60_000);
    expect(attempts.at(-1)!.at - attempts[0]!.at).toBeGreaterThan(9 * 60_000);
    expect(ourSubscriptions(installed.botId)).toEqual([]);
    expect(welcomes(installed.botId)).toEqual([]);
    expect(await h.app.deps.db.installations.findByAccount(accountId)).toMatchObject({ status: 'installed', subscriptionStatus: 'Failed', subscriptionId: null });
    expect(h.logs.text()).toContain('maintenance retries it within minutes');

    // the retry job runs every 2 minutes, not daily
    const runs = parser.parseExpression(SUBSCRIPTION_RETRY_CRON, { currentDate: new Date('2026-12-01T10:00:30Z') });
    expect(runs.next().getTime() - Date.parse('2026-12-01T10:00:30Z')).toBeLessThanOrEqual(2 * 60_000);

    h.sim.clearFailures(); // the bot user is ready now
    expect(await retryFailedSubscriptions(h.app.deps)).toEqual({ retried: 1, created: 1, failed: 0 });
    await h.settle();
    const subscriptions = ourSubscriptions(installed.botId);
    expect(subscriptions).toHaveLength(1);
    expect(await h.app.deps.db.installations.findByAccount(accountId)).toMatchObject({ subscriptionId: subscriptions[0]!.id, subscriptionStatus: 'Active' });
    const welcome = welcomes(installed.botId);
    expect(welcome).toHaveLength(1);
    expect(await helpAnswer({ botId: installed.botId, adminId, dmId: welcome[0]!.chatId })).toBe('Audit Trail Bot commands');
    // nothing left to retry: a second run does nothing and posts no second welcome
    expect(await retryFailedSubscriptions(h.app.deps)).toEqual({ retried: 0, created: 0, failed: 0 });
    expect(welcomes(installed.botId)).toHaveLength(1);
  });

  it('When RingCentral lists disabledFilters in the subscription answer, then the bot logs a warning naming them', async () => {
    h.sim.failNext(SUBSCRIBE, {
      kind: 'body',
      status: 200,
      body: {
        uri: `${h.sim.url}/restapi/v1.0/subscription/88001`,
        id: '88001',
        eventFilters: ['/team-messaging/v1/posts', '/team-messaging/v1/chats', '/restapi/v1.0/account/~/extension/~'],
        disabledFilters: [{ filter: '/restapi/v1.0/subscription/~?threshold=60&interval=15', reason: 'Permission', message: 'Insufficient permissions' }],
        expirationTime: new Date(Date.now() + 315_360_000_000).toISOString(),
        expiresIn: 315_360_000,
        status: 'Active',
        creationTime: new Date().toISOString(),
        deliveryMode: { transportType: 'WebHook', address: `${h.url}/bot/webhook`, encryption: false },
      },
    });
    const { accountId, adminId } = account();
    await h.sim.installBotPrivate({ accountId, installerId: adminId, clientId: BOT_CLIENT_ID, redirectUri: `${h.url}/bot/oauth` });
    await h.settle();
    const warning = h.logs.lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.msg === 'RingCentral disabled some event filters of the chat subscription');
    expect(warning).toMatchObject({ level: 40, subscriptionId: '88001', disabledFilters: [{ filter: '/restapi/v1.0/subscription/~?threshold=60&interval=15', reason: 'Permission' }] });
  });
});

describe('Installs of one account take turns (issue 13.3)', () => {
  it('When two installs with different tokens arrive together, then exactly one subscription exists, it is the one the bot recorded, and chat commands are answered', async () => {
    const world = await installedWorld(h);
    const tokens = [1, 2].map(() => h.sim.issueTokens({ extensionId: world.botId, clientId: BOT_CLIENT_ID }).accessToken);
    const answers = await Promise.all(tokens.map((token) => postInstall({ token, adminId: world.adminId, accountId: world.accountId })));
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    await h.settle();

    const installation = await h.app.deps.db.installations.findByAccount(world.accountId);
    const subscriptions = ourSubscriptions(world.botId);
    expect(subscriptions.map((s) => s.id)).toEqual([installation?.subscriptionId]);
    expect(subscriptions[0]!.status).toBe('Active');
    // the winner is the install that claimed last: its token is the one stored
    expect(tokens).toContain(await h.app.deps.db.installations.botToken(world.accountId));
    expect(await helpAnswer(world)).toBe('Audit Trail Bot commands');
  });

  it('When an install finishes after a newer one took over, then it deletes only its own subscription, never the current one', async () => {
    const world = await installedWorld(h);
    const older = h.sim.issueTokens({ extensionId: world.botId, clientId: BOT_CLIENT_ID }).accessToken;
    const newer = h.sim.issueTokens({ extensionId: world.botId, clientId: BOT_CLIENT_ID }).accessToken;
    // the older install claims its turn, then is slow to subscribe while the newer one completes
    const verificationToken = newVerificationToken();
    const claim = await h.app.deps.db.installations.claimInstall({ accountId: world.accountId, botId: world.botId, installerId: world.adminId, token: older, verificationToken, now: h.clock.now() });
    expect(claim.kind).toBe('claimed');
    await installBot(h.app.deps, { botToken: newer, creatorExtensionId: world.adminId, creatorAccountId: world.accountId });
    const current = (await h.app.deps.db.installations.findByAccount(world.accountId))?.subscriptionId;
    const late = await createChatSubscription(h.app.deps, world.accountId, older, { generation: claim.installation.generation, verificationToken });
    await h.settle();

    expect(late).toEqual({ kind: 'superseded' });
    // the late subscription was made and removed again; the current one stands
    expect(subscribeAttempts().filter((r) => r.status === 200)).toHaveLength(3);
    expect(h.sim.requests.filter((r) => r.method === 'DELETE' && r.path.startsWith('/restapi/v1.0/subscription/')).map((r) => r.path)).not.toContain(`/restapi/v1.0/subscription/${current}`);
    const installation = await h.app.deps.db.installations.findByAccount(world.accountId);
    expect(await h.app.deps.db.installations.botToken(world.accountId)).toBe(newer);
    const subscriptions = ourSubscriptions(world.botId);
    expect(subscriptions.map((s) => s.id)).toEqual([installation?.subscriptionId]);
    expect(await helpAnswer(world)).toBe('Audit Trail Bot commands');
  });

  it('When the same private install is replayed, then nothing changes: same subscription, no new subscribe call, no second welcome', async () => {
    const { accountId, adminId } = account();
    const first = await h.sim.installBotPrivate({ accountId, installerId: adminId, clientId: BOT_CLIENT_ID, redirectUri: `${h.url}/bot/oauth` });
    await h.settle();
    const before = await h.app.deps.db.installations.findByAccount(accountId);
    const subscriptionsBefore = ourSubscriptions(first.botId).map((s) => s.id);
    expect(welcomes(first.botId)).toHaveLength(1);

    for (let i = 0; i < 3; i += 1) expect((await postInstall({ token: first.accessToken, adminId, accountId })).status).toBe(200);
    await h.settle();

    expect(await h.app.deps.db.installations.findByAccount(accountId)).toEqual(before);
    expect(ourSubscriptions(first.botId).map((s) => s.id)).toEqual(subscriptionsBefore);
    expect(subscribeAttempts()).toHaveLength(1);
    expect(welcomes(first.botId)).toHaveLength(1);
  });
});

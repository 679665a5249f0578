import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/harness';
import { installedWorld, type InstalledWorld } from '../support/world';
import { maintainSubscriptions } from '../../src/jobs/maintain-subscriptions';

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

describe('Daily subscription maintenance', () => {
  it('When the subscription is healthy, then maintenance leaves it alone', async () => {
    const before = h.sim.subscriptions.map((s) => s.id);
    expect(await maintainSubscriptions(h.app.deps)).toMatchObject({ checked: 1, healthy: 1, recreated: 0 });
    expect(h.sim.subscriptions.map((s) => s.id)).toEqual(before);
  });

  it('When RingCentral blacklisted the subscription, then maintenance replaces it with a new Active one that delivers again', async () => {
    const old = h.sim.subscriptions.find((s) => s.ownerId === world.botId)!;
    h.sim.blacklistSubscription(old.id, 'Webhook endpoint answered 503');
    expect(await maintainSubscriptions(h.app.deps)).toMatchObject({ recreated: 1 });
    await h.settle();
    const active = h.sim.subscriptions.filter((s) => s.ownerId === world.botId && s.status === 'Active');
    expect(active).toHaveLength(1);
    expect(active[0]?.id).not.toBe(old.id);
    expect((await h.app.deps.db.installations.findByAccount(world.accountId))?.subscriptionId).toBe(active[0]?.id);

    await h.sim.sendChatMessage({ chatId: world.dmId, fromId: world.adminId, text: 'help' });
    await h.settle();
    expect(h.sim.cards.filter((c) => c.creatorId === world.botId)).toHaveLength(2);
  });

  it('When the subscription is missing, then maintenance creates one', async () => {
    const old = h.sim.subscriptions.find((s) => s.ownerId === world.botId)!;
    h.sim.deleteSubscription(old.id);
    expect(await maintainSubscriptions(h.app.deps)).toMatchObject({ recreated: 1 });
    expect(h.sim.subscriptions.filter((s) => s.ownerId === world.botId && s.status === 'Active')).toHaveLength(1);
  });

  it('When the bot token was revoked, then the installation is marked uninstalled and its token deleted', async () => {
    const token = (await h.app.deps.db.installations.botToken(world.accountId))!;
    h.sim.revokeAllTokensOf(world.botId);
    expect(await maintainSubscriptions(h.app.deps)).toMatchObject({ uninstalled: 1 });
    expect((await h.app.deps.db.installations.findByAccount(world.accountId))?.status).toBe('uninstalled');
    expect(await h.app.deps.db.installations.botToken(world.accountId)).toBeUndefined();
    expect(token).toBeTruthy();
  });

  it('When an account was uninstalled more than 30 days ago, then its records are purged', async () => {
    await h.app.deps.db.installations.markUninstalled(world.accountId, new Date(Date.now() - 31 * 24 * 3600 * 1000));
    expect(await maintainSubscriptions(h.app.deps)).toMatchObject({ checked: 0, purged: 1 });
    expect(await h.app.deps.db.installations.findByAccount(world.accountId)).toBeUndefined();
  });
});

describe('Health', () => {
  it('When the database answers, then /healthz is 200; when it is closed, then 503 within the 10 s a check result is reused', async () => {
    expect((await fetch(`${h.url}/healthz`)).status).toBe(200);
    await h.app.deps.db.sequelize.close();
    const deadline = Date.now() + 12_000;
    let response = await fetch(`${h.url}/healthz`);
    while (response.status !== 503 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      response = await fetch(`${h.url}/healthz`);
    }
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ status: 'database unavailable' });
    await h.restart();
    expect((await fetch(`${h.url}/healthz`)).status).toBe(200);
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/harness';
import { findAction, installedWorld, latestCard, type InstalledWorld } from '../support/world';

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

/** Types login in the DM and returns the login link of the card the bot answers with. */
async function loginLink(): Promise<string> {
  await h.sim.sendChatMessage({ chatId: world.dmId, fromId: world.adminId, text: 'login' });
  await h.settle();
  const url = findAction(latestCard(h, world.botId, world.dmId)?.body, (a) => a.type === 'Action.OpenUrl')?.url;
  if (typeof url !== 'string') throw new Error('no login link');
  return url;
}

/** Opens the link in a "tab": follows our redirect and consents at RingCentral; returns the callback URL RingCentral sends the browser to. */
async function openAndConsent(link: string): Promise<string> {
  const redirect = await fetch(link, { redirect: 'manual' });
  expect(redirect.status).toBe(302);
  return h.sim.authorize(redirect.headers.get('location') ?? '', world.adminId);
}

async function finish(callback: string): Promise<{ status: number; page: string }> {
  const response = await fetch(callback);
  const page = await response.text();
  await h.settle();
  return { status: response.status, page };
}

const adminStatus = async () => (await h.app.deps.db.admins.find(world.accountId, world.adminId))?.status;

describe('A login link opened more than once (issue 13.6)', () => {
  it('When the link is opened in two tabs and the first tab finishes, then the login completes, and the second tab is told the link was used', async () => {
    const link = await loginLink();
    const firstTab = await openAndConsent(link);
    const secondTab = await openAndConsent(link);

    const first = await finish(firstTab);
    expect(first.status).toBe(200);
    expect(first.page).toContain('Audit Trail Bot is authorized');
    expect(await adminStatus()).toBe('active');

    const second = await finish(secondTab);
    expect(second.status).toBe(400);
    expect(second.page).toContain('This login link has expired or has already been used.');
  });

  it('When the link is opened twice and the second tab finishes first, then that one completes the login', async () => {
    const link = await loginLink();
    await openAndConsent(link);
    const secondTab = await openAndConsent(link);
    const second = await finish(secondTab);
    expect(second.status).toBe(200);
    expect(await adminStatus()).toBe('active');
  });

  it('When a callback comes with a code RingCentral does not accept, then that page says so and the same link still completes the login', async () => {
    const link = await loginLink();
    const genuine = new URL(await openAndConsent(link));
    const forged = new URL(genuine);
    forged.searchParams.set('code', 'not-a-real-authorization-code');

    const refused = await finish(forged.toString());
    expect(refused.status).toBe(403);
    expect(refused.page).toContain('RingCentral did not accept this login.');
    expect(await adminStatus()).toBeUndefined();

    const completed = await finish(genuine.toString());
    expect(completed.status).toBe(200);
    expect(completed.page).toContain('Audit Trail Bot is authorized');
    expect(await adminStatus()).toBe('active');
  });

  it('When the login was completed, then opening the link again is refused', async () => {
    const link = await loginLink();
    expect((await finish(await openAndConsent(link))).status).toBe(200);
    const again = await fetch(link, { redirect: 'manual' });
    expect(again.status).toBe(400);
    expect(await again.text()).toContain('This login link is not valid');
  });
});

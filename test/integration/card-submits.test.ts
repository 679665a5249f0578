import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness, SHARED_SECRET, BOT_CLIENT_ID } from '../support/harness';
import { botOutput, installedWorld, type InstalledWorld } from '../support/world';
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

const welcomeCard = () => h.sim.cards.find((c) => c.creatorId === world.botId && c.chatId === world.dmId)!;

function submitBody(overrides: Record<string, unknown> = {}) {
  return JSON.stringify({
    uuid: '0b7e8a4e-3c4f-4a59-9d7b-6c2a1f0e9b11',
    timestamp: new Date().toISOString(),
    type: 'button_submit',
    appId: BOT_CLIENT_ID,
    user: { id: world.adminId, firstName: 'Peter', lastName: 'MacIntyre', accountId: world.accountId, extId: world.adminId },
    conversation: { id: world.dmId, type: 'Direct' },
    post: { id: welcomeCard().postId },
    card: { id: welcomeCard().id },
    bot: { id: world.botId },
    data: { action: 'help' },
    ...overrides,
  });
}

describe('Card submits', () => {
  it('When the admin clicks "Show commands" on the welcome card (signed with sha1=), then the help verb posts the help card', async () => {
    const result = await h.sim.clickCard({ cardId: welcomeCard().id, userId: world.adminId, action: 'Show commands', url: `${h.url}/interactive-messages` });
    expect(result.status).toBe(200);
    await h.settle();
    const cards = botOutput(h, world.botId, world.dmId).cards;
    expect(cards).toHaveLength(2);
    expect(JSON.stringify(cards[1]?.body)).toContain('Audit Trail Bot commands');
  });

  it('When the signature is the bare hex digest without sha1=, then the submit is accepted too', async () => {
    const result = await h.sim.clickCard({ cardId: welcomeCard().id, userId: world.adminId, url: `${h.url}/interactive-messages`, signature: 'bare' });
    expect(result.status).toBe(200);
    await h.settle();
    expect(botOutput(h, world.botId, world.dmId).cards).toHaveLength(2);
  });

  it('When a submit carries a forged signature, then it gets 401 and nothing is posted', async () => {
    const result = await h.sim.clickCard({ cardId: welcomeCard().id, userId: world.adminId, url: `${h.url}/interactive-messages`, signature: 'forged' });
    expect(result.status).toBe(401);
    expect(JSON.parse(result.body)).toEqual({ error: 'unauthorized', message: 'The X-Glip-Signature does not match the body.' });
    await h.settle();
    expect(botOutput(h, world.botId, world.dmId).cards).toHaveLength(1);
  });

  it('When a submit has no signature header, then it gets 401 naming the header', async () => {
    const result = await h.sim.clickCard({ cardId: welcomeCard().id, userId: world.adminId, url: `${h.url}/interactive-messages`, signature: 'none' });
    expect(result.status).toBe(401);
    expect(JSON.parse(result.body).message).toContain('X-Glip-Signature header is missing');
  });

  it('When the signed body is re-serialised with other spacing, then the signature no longer matches (raw bytes are hashed)', async () => {
    const body = submitBody();
    const signature = signGlipBody(body, SHARED_SECRET);
    const respaced = JSON.stringify(JSON.parse(body), null, 1);
    const response = await fetch(`${h.url}/interactive-messages`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Glip-Signature': signature }, body: respaced });
    expect(response.status).toBe(401);
  });

  it('When a validly signed submit is not JSON or not a button_submit, then it gets 400 and nothing is posted', async () => {
    for (const body of ['{"type":', JSON.stringify({ type: 'button_click', data: { action: 'help' } }), submitBody({ data: { nothing: 'here' } })]) {
      const response = await fetch(`${h.url}/interactive-messages`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Glip-Signature': signGlipBody(body, SHARED_SECRET) }, body });
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: string }).error).toBe('bad_request');
    }
    await h.settle();
    expect(botOutput(h, world.botId, world.dmId).cards).toHaveLength(1);
  });

  it('When a submit names a verb the bot does not know, then it answers 200 and tells the user in the chat', async () => {
    const body = submitBody({ data: { action: 'launchRockets' } });
    const response = await fetch(`${h.url}/interactive-messages`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Glip-Signature': signGlipBody(body, SHARED_SECRET) }, body });
    expect(response.status).toBe(200);
    await h.settle();
    expect(botOutput(h, world.botId, world.dmId).posts.map((p) => p.text)).toEqual([
      'That button belongs to an older card I no longer understand. Type **help** to start again.',
    ]);
  });

  it('When a submit arrives for an uninstalled bot or an unknown bot id, then it gets 404 and nothing is posted', async () => {
    const unknown = submitBody({ bot: { id: '999999999' } });
    let response = await fetch(`${h.url}/interactive-messages`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Glip-Signature': signGlipBody(unknown, SHARED_SECRET) }, body: unknown });
    expect(response.status).toBe(404);
    expect(((await response.json()) as { error: string }).error).toBe('not_installed');

    const body = submitBody();
    await h.sim.uninstallBot(world.accountId, BOT_CLIENT_ID);
    await h.settle();
    const postsBefore = h.sim.posts.length + h.sim.cards.length;
    response = await fetch(`${h.url}/interactive-messages`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Glip-Signature': signGlipBody(body, SHARED_SECRET) }, body });
    expect(response.status).toBe(404);
    await h.settle();
    expect(h.sim.posts.length + h.sim.cards.length).toBe(postsBefore);
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/harness';
import { botOutput, installedWorld, type InstalledWorld } from '../support/world';

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

type Block = { type: string; text?: string; items?: Block[] };
/** The commands the help card shows, as typed (no-break spaces and word joiners read back as plain text), by section. */
const helpSections = (card: { body: Record<string, unknown> }) =>
  new Map(
    (card.body.body as Block[])
      .filter((b) => b.type === 'Container')
      .map((c) => [c.items![0]!.text!, c.items!.slice(1).map((i) => /^\*\*(.+?)\*\*/.exec(i.text!)![1]!.replace(/\u00a0/g, ' ').replace(/\u2060/g, ''))]),
  );

describe('Chat commands', () => {
  it('When an admin types help in the DM, then the bot posts the help card listing every command in that DM', async () => {
    await h.sim.sendChatMessage({ chatId: world.dmId, fromId: world.adminId, text: 'HELP' });
    await h.settle();
    const { cards } = botOutput(h, world.botId, world.dmId);
    const help = cards.at(-1);
    expect(help?.body).toMatchObject({ type: 'AdaptiveCard', version: '1.3' });
    const sections = helpSections(help!);
    expect([...sections.keys()]).toEqual(['Getting started', 'Where alerts go', 'Which events', 'RingCX', 'Handling alerts', 'Checking on it']);
    // Every command once: on its own line, or named on the one line it shares with related commands.
    const shown = [...sections.values()].flat();
    expect(shown.sort()).toEqual(h.app.bot.commands.list().flatMap((c) => (c.help === false ? [] : [c.help ? c.help.usage : c.usage])).sort());
    expect(sections.get('Which events')).toEqual(expect.arrayContaining(['severity list', 'severity <key> <level>']));
    expect(sections.get('Where alerts go')).toEqual(expect.arrayContaining(['sms min <level>', 'chats min <level>']));
    expect(sections.get('Handling alerts')).toEqual(['triage admins|members', 'escalate after <minutes>|level <level>|off', 'confirm actors on|off']);
    for (const typed of ['triage members', 'escalate level', 'escalate off', 'confirm actors off']) expect(h.app.bot.commands.list().find((c) => c.name === typed)?.help, typed).toBe(false);
    expect(sections.get('Getting started')).toContain('help');
  });

  it('When someone mentions the bot with help in a team, then the help card goes to that team', async () => {
    const colleague = h.sim.addExtension(world.accountId, { firstName: 'Ann', lastName: 'Lee' });
    const team = h.sim.addChat(world.accountId, { type: 'Team', name: 'Security', memberIds: [world.adminId, colleague.id, world.botId] });
    await h.settle();
    await h.sim.sendChatMessage({ chatId: team.id, fromId: colleague.id, text: `![:Person](${world.botId}) help`, mentionIds: [world.botId] });
    await h.settle();
    expect(botOutput(h, world.botId, team.id).cards).toHaveLength(1);
    expect(botOutput(h, world.botId, world.dmId).cards).toHaveLength(1); // only the welcome card
  });

  it('When people talk in a team without mentioning the bot, then the bot stays silent', async () => {
    const colleague = h.sim.addExtension(world.accountId, { firstName: 'Ann', lastName: 'Lee' });
    const team = h.sim.addChat(world.accountId, { type: 'Team', name: 'Security', memberIds: [world.adminId, colleague.id, world.botId] });
    await h.settle();
    await h.sim.sendChatMessage({ chatId: team.id, fromId: colleague.id, text: 'help' });
    await h.settle();
    expect(botOutput(h, world.botId, team.id)).toEqual({ cards: [], posts: [] });
  });

  it('When an admin types something that is not a command, then the bot answers once with a hint to type help and ignores its own post', async () => {
    await h.sim.sendChatMessage({ chatId: world.dmId, fromId: world.adminId, text: 'what can you do?' });
    await h.settle();
    const { posts } = botOutput(h, world.botId, world.dmId);
    expect(posts.map((p) => p.text)).toEqual(['Sorry, I did not understand that. Type **help** to see what I can do.']);
    // The bot's own post came back as a PostAdded notification and was not answered.
    expect(h.sim.requests.filter((r) => r.method === 'POST' && r.path.endsWith(`/chats/${world.dmId}/posts`))).toHaveLength(1);
  });

  it('When the bot is added to a team and removed again, then it remembers the chat and then forgets it', async () => {
    const team = h.sim.addChat(world.accountId, { type: 'Team', name: 'Security', memberIds: [world.adminId, world.botId] });
    await h.settle();
    expect(await h.app.deps.db.botChats.list(world.accountId)).toContainEqual({ accountId: world.accountId, chatId: team.id, chatType: 'Team', name: 'Security' });

    const subscription = h.sim.subscriptions.find((s) => s.ownerId === world.botId)!;
    const response = await fetch(`${h.url}/bot/webhook`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Verification-Token': subscription.deliveryMode.verificationToken! },
      body: JSON.stringify({
        uuid: '5ad8b3f2-2c36-4d4b-9a85-ff0e1ae8a001',
        event: '/team-messaging/v1/chats',
        timestamp: new Date().toISOString(),
        subscriptionId: subscription.id,
        ownerId: world.botId,
        body: { id: team.id, name: 'Security', type: 'Team', members: [world.adminId], eventType: 'GroupLeft' },
      }),
    });
    expect(response.status).toBe(200);
    await h.settle();
    expect((await h.app.deps.db.botChats.list(world.accountId)).map((c) => c.chatId)).not.toContain(team.id);
  });
});

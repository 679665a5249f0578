import type { Harness } from './harness';
import { BOT_CLIENT_ID } from './harness';

/** A customer account with an admin who installs the bot, and the DM the bot opened with them. */
export interface InstalledWorld {
  accountId: string;
  adminId: string;
  botId: string;
  /** The direct conversation between the installer and the bot (where the welcome card went). */
  dmId: string;
}

/** Adds a realistic account and admin to the simulator and installs the bot privately. */
export async function installedWorld(h: Harness, how: 'private' | 'public' = 'private'): Promise<InstalledWorld> {
  const account = h.sim.addAccount({ name: 'Sunnyvale Biology Labs', timezone: 'America/Los_Angeles' });
  const admin = h.sim.addExtension(account.id, {
    firstName: 'Peter',
    lastName: 'MacIntyre',
    email: 'peter.macintyre@example.com',
    extensionNumber: '101',
    admin: true,
    phoneNumbers: [
      { phoneNumber: '+16505550100', features: ['SmsSender', 'CallerId'], usageType: 'DirectNumber' },
      { phoneNumber: '+16505550199', features: ['CallerId'], usageType: 'DirectNumber' },
    ],
  });
  const install = how === 'private' ? h.sim.installBotPrivate : h.sim.installBotPublic;
  const result = await install.call(h.sim, {
    accountId: account.id,
    installerId: admin.id,
    clientId: BOT_CLIENT_ID,
    redirectUri: `${h.url}/bot/oauth`,
  });
  if (result.status !== 200) throw new Error(`install answered ${result.status}`);
  await h.settle();
  const welcome = h.sim.cards.find((c) => c.creatorId === result.botId);
  if (!welcome) throw new Error(`no welcome card; logs:\n${h.logs.text()}`);
  return { accountId: account.id, adminId: admin.id, botId: result.botId, dmId: welcome.chatId };
}

/** Cards and text posts the bot made in one chat, oldest first. */
export function botOutput(h: Harness, botId: string, chatId: string) {
  return {
    cards: h.sim.cards.filter((c) => c.creatorId === botId && c.chatId === chatId),
    posts: h.sim.posts.filter((p) => p.creatorId === botId && p.chatId === chatId),
  };
}

/** Finds the first Action.OpenUrl / Action.Submit anywhere in a card. */
export function findAction(card: unknown, predicate: (action: Record<string, unknown>) => boolean): Record<string, unknown> | undefined {
  if (Array.isArray(card)) {
    for (const item of card) {
      const found = findAction(item, predicate);
      if (found) return found;
    }
    return undefined;
  }
  if (card && typeof card === 'object') {
    const record = card as Record<string, unknown>;
    if (typeof record.type === 'string' && record.type.startsWith('Action.') && predicate(record)) return record;
    for (const value of Object.values(record)) {
      const found = findAction(value, predicate);
      if (found) return found;
    }
  }
  return undefined;
}

/** The newest card the bot posted or updated in a chat. */
export function latestCard(h: Harness, botId: string, chatId: string) {
  return [...h.sim.cards].filter((c) => c.creatorId === botId && c.chatId === chatId).sort((a, b) => a.updatedAt - b.updatedAt || a.createdAt - b.createdAt).at(-1);
}

/** The text of the bot's newest post in a chat. */
export function latestText(h: Harness, botId: string, chatId: string): string | undefined {
  return h.sim.posts.filter((p) => p.creatorId === botId && p.chatId === chatId).at(-1)?.text;
}

/**
 * Walks the admin login as a person would: types `login` in the DM, opens the card's Authorize link,
 * follows our redirect to RingCentral, consents as `asExtensionId` (default: the person who asked),
 * and lands on our callback. Returns the callback page's status and text.
 */
export async function loginThroughChat(
  h: Harness,
  world: { botId: string },
  who: { extensionId: string; dmId: string },
  options: { asExtensionId?: string } = {},
): Promise<{ status: number; page: string; authorizeUrl: string }> {
  await h.sim.sendChatMessage({ chatId: who.dmId, fromId: who.extensionId, text: 'login' });
  await h.settle();
  const card = latestCard(h, world.botId, who.dmId);
  const open = findAction(card?.body, (a) => a.type === 'Action.OpenUrl');
  if (typeof open?.url !== 'string') throw new Error(`no login card in the DM; logs:\n${h.logs.text()}`);
  const redirect = await fetch(open.url, { redirect: 'manual' });
  if (redirect.status !== 302) throw new Error(`/oauth/authorize answered ${redirect.status}`);
  const callback = await h.sim.authorize(redirect.headers.get('location') ?? '', options.asExtensionId ?? who.extensionId);
  const response = await fetch(callback);
  const page = await response.text();
  await h.settle();
  return { status: response.status, page, authorizeUrl: open.url };
}

/** An installed world whose admin is logged in with SMS to two mobiles and alerts in one team, all events on. */
export interface ConfiguredWorld extends InstalledWorld {
  teamId: string;
  recipients: string[];
  sender: string;
  /** The user whose settings the sample records change. */
  targetId: string;
}

/**
 * `bursts: false` (the default here) types `burst off`, so tests that add many records by one person see
 * each alert on its own; the noise-control tests keep the product default (bursts of 5 in 10 minutes).
 */
export async function configuredWorld(h: Harness, options: { bursts?: boolean } = {}): Promise<ConfiguredWorld> {
  const world = await installedWorld(h);
  const target = h.sim.addExtension(world.accountId, { firstName: 'Peter B', lastName: 'MacIntyre 44', extensionNumber: '12004' });
  const team = h.sim.addChat(world.accountId, { type: 'Team', name: 'Security Operations', memberIds: [world.adminId, world.botId] });
  await h.settle();
  await loginThroughChat(h, world, { extensionId: world.adminId, dmId: world.dmId });
  for (const text of ['sms from +16505550100', 'sms to +16505550101 +16505550102', 'sms on', ...(options.bursts === true ? [] : ['burst off'])]) {
    await h.sim.sendChatMessage({ chatId: world.dmId, fromId: world.adminId, text });
    await h.settle();
  }
  await h.sim.sendChatMessage({ chatId: team.id, fromId: world.adminId, text: `![:Person](${world.botId}) notify here`, mentionIds: [world.botId] });
  await h.settle();
  const settings = await h.app.deps.db.settings.find(world.accountId, world.adminId);
  if (!settings?.smsEnabled || !settings.chatsEnabled) throw new Error(`configuration failed: ${JSON.stringify(settings)}\n${h.logs.text()}`);
  return { ...world, teamId: team.id, recipients: ['+16505550101', '+16505550102'], sender: '+16505550100', targetId: target.id };
}

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

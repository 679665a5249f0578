import type { BotDeps } from './bot-deps';
import type { CommandRegistry } from './command-registry';
import type { ChatDirectory } from './chat-directory';
import { chatReply } from './chat-reply';
import { renewChatSubscription } from './chat-subscription';
import { uninstallBot } from './install-bot';
import type { Installation } from '../db/installations-repository';
import type { WebhookEvent, PostBody, ChatBody } from '../events/webhook-event';
import type { Logger } from '../logging/create-logger';

/** The parts of the bot an event can reach. */
export interface BotHandlers {
  commands: CommandRegistry;
  chats: ChatDirectory;
}

/** The hint for anything that is not a command. */
export const UNKNOWN_COMMAND_HINT = 'Sorry, I did not understand that. Type **help** to see what I can do.';

/** Handles one verified notification of one installation. Exhaustive over WebhookEvent. */
export async function handleWebhookEvent(
  deps: BotDeps,
  bot: BotHandlers,
  installation: Installation,
  event: WebhookEvent,
): Promise<void> {
  const log = deps.logger.child({ accountId: installation.accountId, uuid: event.uuid, kind: event.kind });
  switch (event.kind) {
    case 'post':
      return handlePost(deps, bot, installation, event.post, log);
    case 'chat':
      return handleChat(deps, bot, installation, event.chat, log);
    case 'extension':
      if (event.eventType === 'Delete' && event.extensionId === installation.botId) {
        await uninstallBot(deps, installation.accountId);
      } else {
        log.debug({ eventType: event.eventType }, 'extension event ignored');
      }
      return;
    case 'subscription-reminder':
      await renewChatSubscription(deps, installation.accountId);
      return;
    case 'unknown':
      log.info({ event: event.event, reason: event.reason }, 'notification ignored');
      return;
    default: {
      const unhandled: never = event;
      throw new Error(`unhandled event ${JSON.stringify(unhandled)}`);
    }
  }
}

const MENTION = /!\[:Person\]\((\d+)\)/g;

async function handlePost(
  deps: BotDeps,
  bot: BotHandlers,
  installation: Installation,
  post: PostBody,
  log: Logger,
): Promise<void> {
  if (post.eventType !== 'PostAdded') return;
  if (post.creatorId === installation.botId) return; // our own posts come back to us: never answer them
  if (post.type !== undefined && post.type !== 'TextMessage') return;

  const token = await deps.db.installations.botToken(installation.accountId);
  if (!token) return;
  const mentioned =
    post.mentions.some((m) => m.id === installation.botId) || post.text.includes(`![:Person](${installation.botId})`);
  if (!mentioned && !(await bot.chats.isOneToOne(token, post.groupId))) return;

  const text = post.text.replace(MENTION, ' ').replace(/\s+/g, ' ').trim();
  const reply = chatReply(deps, token, post.groupId);
  const match = bot.commands.match(text);
  const commandLog = log.child({ postId: post.id, chatId: post.groupId, command: match?.command.name });
  if (!match) {
    commandLog.debug('not a command');
    await reply.text(UNKNOWN_COMMAND_HINT);
    return;
  }
  await match.command.run({
    deps,
    installation,
    botToken: token,
    chatId: post.groupId,
    userId: post.creatorId,
    args: match.args,
    reply,
    log: commandLog,
  });
}

async function handleChat(
  deps: BotDeps,
  bot: BotHandlers,
  installation: Installation,
  chat: ChatBody,
  log: Logger,
): Promise<void> {
  const accountId = installation.accountId;
  switch (chat.eventType) {
    case 'GroupJoined':
    case 'GroupChanged':
    case 'GroupRenamed':
      await deps.db.botChats.remember({ accountId, chatId: chat.id, chatType: chat.type ?? null, name: chat.name ?? null });
      bot.chats.learn(chat.id, chat.type, chat.members.length || undefined);
      log.info({ chatId: chat.id, eventType: chat.eventType }, 'chat remembered');
      return;
    case 'GroupLeft':
      await deps.db.botChats.forget(accountId, chat.id);
      bot.chats.forget(chat.id);
      log.info({ chatId: chat.id }, 'chat forgotten');
      return;
    default:
      log.debug({ eventType: chat.eventType }, 'chat event ignored');
  }
}

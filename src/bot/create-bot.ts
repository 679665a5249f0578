import type { BotDeps } from './bot-deps';
import { CardActionRegistry } from './card-action-registry';
import { ChatDirectory } from './chat-directory';
import { CommandRegistry } from './command-registry';
import { helpCard, helpCommand } from './commands/help-command';
import type { BotHandlers } from './handle-webhook-event';

/** The bot's command and card-action registries; features register here. */
export interface Bot extends BotHandlers {
  cardActions: CardActionRegistry;
}

export function createBot(deps: BotDeps): Bot {
  const commands = new CommandRegistry();
  commands.register(helpCommand(commands));

  const cardActions = new CardActionRegistry();
  cardActions.register('help', async ({ reply }) => {
    await reply.card(helpCard(commands));
  });

  return { commands, cardActions, chats: new ChatDirectory(deps) };
}

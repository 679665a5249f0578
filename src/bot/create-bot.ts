import type { BotDeps } from './bot-deps';
import { CardActionRegistry } from './card-action-registry';
import { ChatDirectory } from './chat-directory';
import { CommandRegistry } from './command-registry';
import { helpCard, helpCommand } from './commands/help-command';
import type { BotHandlers } from './handle-webhook-event';
import { configCommands } from './commands/config-commands';
import { registerConfigActions } from './card-actions/config-actions';
import { registerTriageActions } from './card-actions/triage-actions';

/** The bot's command and card-action registries; features register here. */
export interface Bot extends BotHandlers {
  cardActions: CardActionRegistry;
}

export function createBot(deps: BotDeps): Bot {
  const commands = new CommandRegistry();
  commands.register(helpCommand(commands));
  for (const command of configCommands()) commands.register(command);

  const cardActions = new CardActionRegistry();
  cardActions.register('help', async ({ reply }) => {
    await reply.card(helpCard(commands));
  });
  registerConfigActions(cardActions);
  registerTriageActions(cardActions);

  return { commands, cardActions, chats: new ChatDirectory(deps) };
}

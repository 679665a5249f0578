import type { BotDeps } from './bot-deps';
import type { AdaptiveCard } from '../cards/render-card';

/** Answers in one chat as the bot. */
export interface ChatReply {
  chatId: string;
  text(text: string): Promise<void>;
  card(card: AdaptiveCard): Promise<{ id: string }>;
}

/** A ChatReply posting with the installation's bot token. */
export function chatReply(deps: BotDeps, botToken: string, chatId: string): ChatReply {
  return {
    chatId,
    async text(text) {
      await deps.api.postText(botToken, chatId, text);
    },
    card(card) {
      return deps.api.postCard(botToken, chatId, card);
    },
  };
}

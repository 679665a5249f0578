import type { BotDeps } from './bot-deps';
import type { ChatReply } from './chat-reply';
import type { CardSubmit } from '../events/card-submit';
import type { Installation } from '../db/installations-repository';
import type { Logger } from '../logging/create-logger';
import type { AdaptiveCard } from '../cards/render-card';

/** What a card action handler receives: the parsed submit and ways to answer. */
export interface CardActionContext {
  deps: BotDeps;
  installation: Installation;
  botToken: string;
  submit: CardSubmit;
  /** Replies in the conversation the card is in. */
  reply: ChatReply;
  /** Replaces the clicked card in place (PUT), when the submit names it. */
  updateCard(card: AdaptiveCard): Promise<void>;
  log: Logger;
}

export type CardActionHandler = (context: CardActionContext) => Promise<void>;

/** Card submits routed by their `data.action` verb. */
export class CardActionRegistry {
  private readonly handlers = new Map<string, CardActionHandler>();

  register(verb: string, handler: CardActionHandler): this {
    if (this.handlers.has(verb)) throw new Error(`card action "${verb}" is registered twice`);
    this.handlers.set(verb, handler);
    return this;
  }

  get(verb: string): CardActionHandler | undefined {
    return this.handlers.get(verb);
  }

  verbs(): string[] {
    return [...this.handlers.keys()];
  }
}

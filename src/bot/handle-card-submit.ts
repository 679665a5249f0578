import type { BotDeps } from './bot-deps';
import type { CardActionRegistry } from './card-action-registry';
import { chatReply } from './chat-reply';
import type { CardSubmit } from '../events/card-submit';
import type { Installation } from '../db/installations-repository';

/** The message for a button whose verb this version of the bot does not know (an old card). */
export const UNKNOWN_ACTION_MESSAGE =
  'That button belongs to an older card I no longer understand. Type **help** to start again.';

/**
 * Runs the handler registered for the submit's `data.action`. A failing handler is reported in the
 * chat (the HTTP answer has already been 200, as RingCentral expects).
 */
export async function handleCardSubmit(
  deps: BotDeps,
  actions: CardActionRegistry,
  installation: Installation,
  botToken: string,
  submit: CardSubmit,
): Promise<void> {
  const log = deps.logger.child({
    accountId: installation.accountId,
    action: submit.data.action,
    userId: submit.clickerId,
    cardId: submit.card?.id,
  });
  const reply = chatReply(deps, botToken, submit.conversation.id);
  const handler = actions.get(submit.data.action);
  if (!handler) {
    log.info('unknown card action');
    await reply.text(UNKNOWN_ACTION_MESSAGE);
    return;
  }
  const cardId = submit.card?.id;
  try {
    await handler({
      deps,
      installation,
      botToken,
      submit,
      reply,
      log,
      async updateCard(card) {
        if (cardId) await deps.api.updateCard(botToken, cardId, card);
        else await reply.card(card);
      },
    });
  } catch (error) {
    log.error({ err: error }, 'card action failed');
    await reply.text('Sorry, something went wrong handling that button. Please try again; if it keeps failing, type **help**.');
  }
}

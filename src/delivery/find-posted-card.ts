import type { BotDeps } from '../bot/bot-deps';
import type { AdaptiveCard } from '../cards/render-card';
import { isSameAlertCard } from '../alerts/alert-card';

/** Pages of posts read at most (newest first is UNCONFIRMED, so the lookup does not stop at the first older post). */
const PAGES = 3;
const PER_PAGE = 100;
/** Allowance for the two clocks (ours and RingCentral's creationTime). */
const SKEW_MS = 60_000;

/**
 * Looks for an alert card the bot already posted in the chat since `since`: a post with a `Card`
 * attachment (GET /team-messaging/v1/chats/{chatId}/posts; spec TMPostInfo.attachments[].type 'Card')
 * whose card (GET /team-messaging/v1/adaptive-cards/{cardId}) has the same fallbackText (the headline) and
 * names the same audit record in its buttons. Returns the card id, or undefined when there is none.
 */
export async function findPostedCard(
  deps: Pick<BotDeps, 'api'>,
  botToken: string,
  chatId: string,
  since: Date,
  card: AdaptiveCard,
): Promise<string | undefined> {
  if (!card.fallbackText) return undefined;
  const after = since.getTime() - SKEW_MS;
  let pageToken: string | undefined;
  for (let page = 0; page < PAGES; page += 1) {
    const posts = await deps.api.listChatPosts(botToken, chatId, { recordCount: PER_PAGE, pageToken });
    for (const post of posts.records) {
      const created = post.creationTime ? Date.parse(post.creationTime) : Number.NaN;
      if (!Number.isNaN(created) && created < after) continue;
      for (const attachment of post.attachments ?? []) {
        if (attachment.type !== 'Card' || !attachment.id) continue;
        const found = await deps.api.getCard(botToken, attachment.id);
        if (isSameAlertCard(found, card)) return found.id;
      }
    }
    pageToken = posts.navigation?.nextPageToken ?? undefined;
    if (!pageToken) break;
  }
  return undefined;
}

import type { BotDeps } from '../bot/bot-deps';
import { formatPhoneNumbersIn } from '../cards/format-phone-number';

/**
 * Tells an admin about a problem in a direct message, once per `noticeKey` (a permanent failure is
 * not repeated on every poll). Phone numbers in the text read as the cards show them, for the admin's
 * country ("+16505550100" → "(650) 555-0100"). Failing to tell is logged, never thrown.
 */
export async function notifyAdminOnce(deps: BotDeps, accountId: string, extensionId: string, noticeKey: string, text: string): Promise<void> {
  if (!(await deps.db.notices.claim(accountId, extensionId, noticeKey, deps.now()))) return;
  try {
    const botToken = await deps.db.installations.botToken(accountId);
    if (!botToken) return;
    const admin = await deps.db.admins.find(accountId, extensionId);
    const dm = await deps.api.openConversation(botToken, extensionId);
    await deps.api.postText(botToken, dm.id, formatPhoneNumbersIn(text, admin?.country));
  } catch (error) {
    deps.logger.error({ err: error, accountId, extensionId, noticeKey }, 'admin notice not delivered');
  }
}

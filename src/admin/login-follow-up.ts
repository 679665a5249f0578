import type { BotDeps } from '../bot/bot-deps';
import type { LoginOutcome } from './admin-login';
import { menuCard } from './admin-views';

/** After the browser step: the menu card in the admin's chat on success, the reason on refusal. */
export async function loginFollowUp(deps: BotDeps, outcome: LoginOutcome): Promise<void> {
  const accountId = outcome.ok ? outcome.admin.accountId : outcome.chat?.accountId;
  const chatId = outcome.ok ? outcome.chatId : outcome.chat?.chatId;
  if (!accountId || !chatId) return;
  const botToken = await deps.db.installations.botToken(accountId);
  if (!botToken) return;
  if (outcome.ok) {
    await deps.api.postText(botToken, chatId, `You are authorized, ${outcome.admin.name ?? 'admin'}. Choose where alerts go and which events you want:`);
    await deps.api.postCard(botToken, chatId, await menuCard(deps, outcome.admin));
  } else {
    await deps.api.postText(botToken, chatId, `Authorization not completed: ${outcome.message}`);
  }
}

import type { BotDeps } from './bot-deps';
import { createChatSubscription } from './chat-subscription';
import { renderCard } from '../cards/render-card';
import type { Installation } from '../db/installations-repository';
import { RingCentralError } from '../ringcentral/rest-client';

/** What RingCentral gave us at install time (RINGCENTRAL.md §2). */
export interface InstallInput {
  botToken: string;
  creatorExtensionId?: string | undefined;
  creatorAccountId?: string | undefined;
}

/**
 * Completes an installation: learns the bot's own extension and account, stores the token sealed,
 * replaces any earlier installation of that account (and its subscription), subscribes to chat
 * events, and greets the installer in a direct message.
 */
export async function installBot(deps: BotDeps, input: InstallInput): Promise<Installation> {
  const me = await deps.api.getOwnExtension(input.botToken);
  const accountId = me.account.id;
  const log = deps.logger.child({ accountId, botId: me.id });
  if (input.creatorAccountId && input.creatorAccountId !== accountId) {
    log.warn({ creatorAccountId: input.creatorAccountId }, 'installer account differs from the bot token account; trusting the token');
  }

  const previous = await deps.db.installations.findByAccount(accountId);
  const previousToken = previous ? await deps.db.installations.botToken(accountId) : undefined;
  if (previous?.subscriptionId && previousToken) {
    try {
      await deps.api.deleteSubscription(previousToken, previous.subscriptionId);
    } catch (error) {
      // The old bot token is usually revoked by a reinstall; the old subscription dies with it.
      log.info({ err: error instanceof RingCentralError ? error.message : error }, 'old subscription not deleted');
    }
  }

  const installation = await deps.db.installations.saveInstalled({
    accountId,
    botId: me.id,
    installerId: input.creatorExtensionId ?? null,
    token: input.botToken,
    now: deps.now(),
  });
  log.info({ reinstall: previous !== undefined }, 'bot installed');

  if (deps.config.transport === 'websocket') {
    // No public URL for /bot/webhook: chat events come over the WebSocket transport instead (RINGCENTRAL.md §3).
    await deps.webSocket?.connect(accountId);
  } else {
    const subscription = await createChatSubscription(deps, accountId, input.botToken);
    await deleteOtherSubscriptions(deps, input.botToken, subscription.id);
  }

  if (input.creatorExtensionId) {
    const conversation = await deps.api.openConversation(input.botToken, input.creatorExtensionId);
    await deps.api.postCard(
      input.botToken,
      conversation.id,
      renderCard('welcome', { installerName: await installerName(deps, input), accountId }),
    );
  }
  return (await deps.db.installations.findByAccount(accountId)) ?? installation;
}

/** A reinstall can leave the previous subscription behind (its token is often already revoked): remove it. */
async function deleteOtherSubscriptions(deps: BotDeps, botToken: string, keepId: string): Promise<void> {
  try {
    const subscriptions = await deps.api.listSubscriptions(botToken);
    for (const old of subscriptions) {
      if (old.id !== keepId && old.deliveryMode?.address === deps.config.urls.botWebhook) {
        await deps.api.deleteSubscription(botToken, old.id);
      }
    }
  } catch (error) {
    deps.logger.info({ err: error instanceof Error ? error.message : error }, 'leftover subscriptions not cleaned up');
  }
}

async function installerName(deps: BotDeps, input: InstallInput): Promise<string> {
  try {
    const body = await deps.api.getPerson(input.botToken, input.creatorExtensionId ?? '');
    return [body.firstName, body.lastName].filter(Boolean).join(' ') || 'an admin';
  } catch {
    return 'an admin';
  }
}

/** Forgets an account's secrets when the bot is removed: the bot token, every admin token, the chats. */
export async function uninstallBot(deps: BotDeps, accountId: string): Promise<void> {
  // Each step is idempotent, so a crash half-way is finished by the next Delete event or reinstall.
  await deps.db.installations.markUninstalled(accountId, deps.now());
  await deps.db.admins.revokeAccount(accountId);
  await deps.db.botChats.forgetAccount(accountId);
  deps.logger.info({ accountId }, 'bot uninstalled; tokens deleted');
}

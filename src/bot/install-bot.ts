import type { BotDeps } from './bot-deps';
import { createChatSubscription, newVerificationToken, type SubscribeOutcome } from './chat-subscription';
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
 * Completes an installation: learns the bot's own extension and account, claims the account's next
 * install (storing the sealed token and the Verification-Token's hash before subscribing), subscribes
 * to chat events (SUB-406 retried for minutes), removes the subscriptions that are not the current
 * one, and welcomes the installer once. Installs of one account take turns: the last claim wins, and
 * an earlier install that finishes later deletes only its own subscription. The same token installed
 * again changes nothing and posts no second welcome.
 */
export async function installBot(deps: BotDeps, input: InstallInput): Promise<Installation> {
  const me = await deps.api.getOwnExtension(input.botToken);
  const accountId = me.account.id;
  const log = deps.logger.child({ accountId, botId: me.id });
  if (input.creatorAccountId && input.creatorAccountId !== accountId) {
    log.warn({ creatorAccountId: input.creatorAccountId }, 'installer account differs from the bot token account; trusting the token');
  }

  const verificationToken = newVerificationToken();
  const claim = await deps.db.installations.claimInstall({
    accountId,
    botId: me.id,
    installerId: input.creatorExtensionId ?? null,
    token: input.botToken,
    verificationToken,
    now: deps.now(),
    webhook: deps.config.transport !== 'websocket',
  });
  if (claim.kind === 'unchanged') {
    log.info({ generation: claim.installation.generation }, 'the same bot token was installed again: nothing changes');
    return claim.installation;
  }
  const { generation } = claim.installation;
  log.info({ reinstall: claim.previous !== undefined, generation }, 'bot installed');

  if (deps.config.transport === 'websocket') {
    // No public URL for /bot/webhook: chat events come over the WebSocket transport instead (RINGCENTRAL.md §3).
    await deps.webSocket?.connect(accountId);
    await welcomeOnce(deps, accountId, generation, input.botToken);
    return (await deps.db.installations.findByAccount(accountId)) ?? claim.installation;
  }

  let outcome: SubscribeOutcome;
  try {
    outcome = await createChatSubscription(deps, accountId, input.botToken, { generation, verificationToken });
  } catch (error) {
    await deps.db.installations.markSubscriptionFailed(accountId, generation);
    log.warn({ err: error instanceof RingCentralError ? `${error.errorCode ?? error.status}: ${error.message}` : error }, 'chat subscription not created; maintenance retries it within minutes');
    return (await deps.db.installations.findByAccount(accountId)) ?? claim.installation;
  }
  if (outcome.kind === 'superseded') return (await deps.db.installations.findByAccount(accountId)) ?? claim.installation;

  await removeOtherSubscriptions(deps, accountId, generation, input.botToken, outcome.subscription.id, claim.previous);
  await welcomeOnce(deps, accountId, generation, input.botToken);
  return (await deps.db.installations.findByAccount(accountId)) ?? claim.installation;
}

/**
 * After install `generation` recorded `keepId`: deletes the previous install's subscription and any other
 * of ours at this webhook, each only while `generation` is still the current install, so a newer install's
 * subscription is never removed.
 */
export async function removeOtherSubscriptions(
  deps: BotDeps,
  accountId: string,
  generation: number,
  botToken: string,
  keepId: string,
  previous: { token: string | undefined; subscriptionId: string | null } | undefined,
): Promise<void> {
  const stillCurrent = async () => (await deps.db.installations.findByAccount(accountId))?.generation === generation;
  if (previous?.subscriptionId && previous.subscriptionId !== keepId && previous.token && previous.token !== botToken && (await stillCurrent())) {
    // The old bot token is usually revoked by a reinstall; the old subscription dies with it.
    await deps.api.deleteSubscription(previous.token, previous.subscriptionId).catch((error: unknown) => {
      deps.logger.info({ accountId, err: error instanceof RingCentralError ? error.message : error }, 'old subscription not deleted');
    });
  }
  try {
    const subscriptions = await deps.api.listSubscriptions(botToken);
    // checked after listing: a subscription a newer install makes later is not in this list
    if (!(await stillCurrent())) return;
    for (const old of subscriptions) {
      if (old.id !== keepId && old.deliveryMode?.address === deps.config.urls.botWebhook) {
        await deps.api.deleteSubscription(botToken, old.id);
      }
    }
  } catch (error) {
    deps.logger.info({ accountId, err: error instanceof Error ? error.message : error }, 'leftover subscriptions not cleaned up');
  }
}

/** Greets the installer in a direct message, once per install, and only while `generation` is the current install. */
export async function welcomeOnce(deps: BotDeps, accountId: string, generation: number, botToken: string): Promise<void> {
  const installation = await deps.db.installations.findByAccount(accountId);
  if (!installation || installation.generation !== generation || installation.welcomedAt !== null || !installation.installerId) return;
  const installerId = installation.installerId;
  const conversation = await deps.api.openConversation(botToken, installerId);
  await deps.api.postCard(botToken, conversation.id, renderCard('welcome', { installerName: await installerName(deps, botToken, installerId), accountId }));
  await deps.db.installations.markWelcomed(accountId, generation, deps.now());
}

async function installerName(deps: BotDeps, botToken: string, installerId: string): Promise<string> {
  try {
    const body = await deps.api.getPerson(botToken, installerId);
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

import type { BotDeps } from '../bot/bot-deps';
import { createChatSubscription } from '../bot/chat-subscription';
import { removeOtherSubscriptions, uninstallBot, welcomeOnce } from '../bot/install-bot';
import { RingCentralError } from '../ringcentral/rest-client';
import type { SubscriptionInfo } from '../ringcentral/ringcentral-api';

/** A subscription still being created this long after its install is taken as abandoned (the worker died). */
export const PENDING_STALE_MS = 15 * 60 * 1000;
/** Each retry keeps trying SUB-406 this long (the install itself already tried for 10 minutes). */
const RETRY_SUB_406_FOR_MS = 60_000;

export interface SubscriptionRetrySummary {
  retried: number;
  created: number;
  failed: number;
}

/**
 * The frequent job (every few minutes): installs whose chat subscription could not be created (SUB-406
 * for 10 minutes, RingCentral down) get another try, and their installer the welcome once it exists, so
 * a bot is not deaf until the next daily maintenance.
 */
export async function retryFailedSubscriptions(deps: BotDeps): Promise<SubscriptionRetrySummary> {
  const summary: SubscriptionRetrySummary = { retried: 0, created: 0, failed: 0 };
  if (deps.config.transport === 'websocket') return summary;
  const now = deps.now();
  for (const installation of await deps.db.installations.listWithoutSubscription(new Date(now.getTime() - PENDING_STALE_MS))) {
    const { accountId, generation } = installation;
    const log = deps.logger.child({ accountId, job: 'subscription-retry' });
    const token = await deps.db.installations.botToken(accountId);
    if (!token) continue;
    summary.retried += 1;
    try {
      const outcome = await createChatSubscription(deps, accountId, token, { generation, retryForMs: RETRY_SUB_406_FOR_MS });
      if (outcome.kind === 'superseded') continue;
      await removeOtherSubscriptions(deps, accountId, generation, token, outcome.subscription.id, undefined);
      await welcomeOnce(deps, accountId, generation, token);
      log.info({ subscriptionId: outcome.subscription.id }, 'chat subscription created on retry');
      summary.created += 1;
    } catch (error) {
      if (error instanceof RingCentralError && error.status === 401) {
        log.warn({ errorCode: error.errorCode }, 'bot token rejected: marking the installation uninstalled');
        await uninstallBot(deps, accountId);
        continue;
      }
      await deps.db.installations.markSubscriptionFailed(accountId, generation);
      summary.failed += 1;
      log.warn({ err: error instanceof RingCentralError ? `${error.errorCode ?? error.status}: ${error.message}` : error }, 'chat subscription still not created; retrying in a few minutes');
    }
  }
  if (summary.retried > 0) deps.logger.info(summary, 'subscription retry finished');
  return summary;
}

/** A subscription closer than this to its expiry is replaced. */
export const RENEW_BEFORE_MS = 2 * 24 * 60 * 60 * 1000;
/** Non-secret records of an uninstalled account are deleted this long after the uninstall. */
export const PURGE_AFTER_MS = 30 * 24 * 60 * 60 * 1000;

export interface MaintenanceSummary {
  checked: number;
  healthy: number;
  recreated: number;
  uninstalled: number;
  failed: number;
  purged: number;
}

function needsReplacing(subscription: SubscriptionInfo | undefined, now: Date): string | undefined {
  if (!subscription) return 'missing';
  if (subscription.status && subscription.status !== 'Active') return subscription.status;
  if (subscription.expirationTime && new Date(subscription.expirationTime).getTime() - now.getTime() < RENEW_BEFORE_MS) {
    return 'expiring';
  }
  return undefined;
}

/**
 * The daily job: for every installation, make sure its chat subscription exists and is Active
 * (RingCentral blacklists subscriptions whose webhook misbehaved; with the WebSocket transport only the
 * token is checked); mark installations whose bot token
 * was revoked as uninstalled; purge accounts uninstalled more than 30 days ago.
 */
export async function maintainSubscriptions(deps: BotDeps): Promise<MaintenanceSummary> {
  const summary: MaintenanceSummary = { checked: 0, healthy: 0, recreated: 0, uninstalled: 0, failed: 0, purged: 0 };
  const now = deps.now();
  for (const installation of await deps.db.installations.listInstalled()) {
    summary.checked += 1;
    const log = deps.logger.child({ accountId: installation.accountId, job: 'maintenance' });
    const token = await deps.db.installations.botToken(installation.accountId);
    if (!token) continue;
    if (deps.config.transport === 'websocket') {
      // WebSocket subscriptions live with the transport's connections (autoRecover re-subscribes): only check the token
      try {
        await deps.api.listSubscriptions(token);
        summary.healthy += 1;
      } catch (error) {
        if (error instanceof RingCentralError && error.status === 401) {
          log.warn({ errorCode: error.errorCode }, 'bot token rejected: marking the installation uninstalled');
          await uninstallBot(deps, installation.accountId);
          await deps.webSocket?.disconnect(installation.accountId);
          summary.uninstalled += 1;
        } else {
          summary.failed += 1;
          log.error({ err: error }, 'bot token check failed');
        }
      }
      continue;
    }
    if (installation.subscriptionStatus === 'Pending' && now.getTime() - installation.installedAt.getTime() < PENDING_STALE_MS) {
      continue; // its install is subscribing right now (SUB-406 retries); a second subscriber would race it
    }
    try {
      const subscriptions = await deps.api.listSubscriptions(token);
      const ours =
        subscriptions.find((s) => s.id === installation.subscriptionId) ??
        subscriptions.find((s) => s.deliveryMode?.address === deps.config.urls.botWebhook);
      const reason = needsReplacing(ours, now);
      if (!reason) {
        summary.healthy += 1;
        continue;
      }
      if (ours) {
        await deps.api.deleteSubscription(token, ours.id).catch((error: unknown) => {
          log.info({ err: error instanceof Error ? error.message : error }, 'old subscription not deleted');
        });
      }
      const outcome = await createChatSubscription(deps, installation.accountId, token, { generation: installation.generation });
      if (outcome.kind === 'superseded') continue; // a new install took over meanwhile and subscribes itself
      log.info({ reason, oldSubscriptionId: ours?.id }, 'chat subscription recreated');
      await welcomeOnce(deps, installation.accountId, installation.generation, token);
      summary.recreated += 1;
    } catch (error) {
      if (error instanceof RingCentralError && error.status === 401) {
        log.warn({ errorCode: error.errorCode }, 'bot token rejected: marking the installation uninstalled');
        await uninstallBot(deps, installation.accountId);
        summary.uninstalled += 1;
        continue;
      }
      summary.failed += 1;
      log.error({ err: error }, 'subscription maintenance failed');
    }
  }

  for (const gone of await deps.db.installations.listUninstalledBefore(new Date(now.getTime() - PURGE_AFTER_MS))) {
    await deps.db.admins.deleteAccount(gone.accountId);
    await deps.db.alertPolicies.deleteAccount(gone.accountId);
    await deps.db.botChats.forgetAccount(gone.accountId);
    await deps.db.installations.delete(gone.accountId);
    summary.purged += 1;
  }
  deps.logger.info(summary, 'maintenance finished');
  return summary;
}

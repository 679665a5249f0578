import { randomBytes } from 'node:crypto';
import type { BotDeps } from './bot-deps';
import { RingCentralError } from '../ringcentral/rest-client';
import type { SubscriptionInfo } from '../ringcentral/ringcentral-api';

/** The chat events the bot listens to (RINGCENTRAL.md §3); the 4th one brings the renewal reminder. */
export const CHAT_EVENT_FILTERS = [
  '/team-messaging/v1/posts',
  '/team-messaging/v1/chats',
  '/restapi/v1.0/account/~/extension/~',
  '/restapi/v1.0/subscription/~?threshold=60&interval=15',
];

/** Maximum lifetime RingCentral grants a WebHook subscription. */
export const WEBHOOK_EXPIRES_IN_SECONDS = 315_360_000;

/** Waits before retrying SUB-406 ("bot user not ready"): a freshly installed bot takes a moment to exist. */
export const SUB_406_RETRY_DELAYS_MS = [1_000, 2_000, 4_000, 8_000, 15_000];

function expiresAt(subscription: SubscriptionInfo, now: Date): Date | null {
  if (subscription.expirationTime) return new Date(subscription.expirationTime);
  if (subscription.expiresIn !== undefined) return new Date(now.getTime() + subscription.expiresIn * 1000);
  return null;
}

/**
 * Creates the chat-event WebHook subscription of an installation with a new random Verification-Token
 * and records it. SUB-406 is retried with a bounded backoff; anything else is thrown.
 */
export async function createChatSubscription(deps: BotDeps, accountId: string, botToken: string): Promise<SubscriptionInfo> {
  const verificationToken = randomBytes(16).toString('hex');
  for (let attempt = 0; ; attempt += 1) {
    try {
      const subscription = await deps.api.createWebhookSubscription(botToken, {
        eventFilters: CHAT_EVENT_FILTERS,
        address: deps.config.urls.botWebhook,
        verificationToken,
        expiresIn: WEBHOOK_EXPIRES_IN_SECONDS,
      });
      await deps.db.installations.saveSubscription(accountId, {
        id: subscription.id,
        status: subscription.status ?? 'Active',
        expiresAt: expiresAt(subscription, deps.now()),
        verificationToken,
      });
      deps.logger.info({ accountId, subscriptionId: subscription.id }, 'chat subscription created');
      return subscription;
    } catch (error) {
      const delay = SUB_406_RETRY_DELAYS_MS[attempt];
      if (error instanceof RingCentralError && error.errorCode === 'SUB-406' && delay !== undefined) {
        deps.logger.warn({ accountId, attempt: attempt + 1, delayMs: delay }, 'bot user not ready (SUB-406), retrying');
        await deps.sleep(delay);
        continue;
      }
      throw error;
    }
  }
}

/** Renews the installation's subscription; when RingCentral no longer knows it, creates a new one. */
export async function renewChatSubscription(deps: BotDeps, accountId: string): Promise<void> {
  const installation = await deps.db.installations.findByAccount(accountId);
  const token = await deps.db.installations.botToken(accountId);
  if (!installation || !token) return;
  if (!installation.subscriptionId) {
    await createChatSubscription(deps, accountId, token);
    return;
  }
  try {
    const renewed = await deps.api.renewSubscription(token, installation.subscriptionId);
    await deps.db.installations.saveSubscription(accountId, {
      id: renewed.id,
      status: renewed.status ?? 'Active',
      expiresAt: expiresAt(renewed, deps.now()),
    });
    deps.logger.info({ accountId, subscriptionId: renewed.id }, 'chat subscription renewed');
  } catch (error) {
    if (error instanceof RingCentralError && error.status === 404) {
      await createChatSubscription(deps, accountId, token);
      return;
    }
    throw error;
  }
}

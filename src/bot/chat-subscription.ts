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

/**
 * SUB-406 ("bot user not ready") can last minutes right after an install; the official framework retries
 * every 10 s without a limit (RINGCENTRAL.md §3). We back off 1, 2, 4, 8 s, then every 10 s, for this long.
 */
export const SUB_406_RETRY_FOR_MS = 10 * 60 * 1000;
const SUB_406_DELAYS_MS = [1_000, 2_000, 4_000, 8_000];
const SUB_406_MAX_DELAY_MS = 10_000;

/** The wait before SUB-406 retry number `attempt` (0-based). */
export function sub406Delay(attempt: number): number {
  return SUB_406_DELAYS_MS[attempt] ?? SUB_406_MAX_DELAY_MS;
}

/** Generates the secret RingCentral will send back in every notification's Verification-Token header. */
export function newVerificationToken(): string {
  return randomBytes(16).toString('hex');
}

function expiresAt(subscription: SubscriptionInfo, now: Date): Date | null {
  if (subscription.expirationTime) return new Date(subscription.expirationTime);
  if (subscription.expiresIn !== undefined) return new Date(now.getTime() + subscription.expiresIn * 1000);
  return null;
}

/** A subscription that was created, or the news that a newer install of the account took over meanwhile. */
export type SubscribeOutcome = { kind: 'created'; subscription: SubscriptionInfo } | { kind: 'superseded' };

/**
 * Creates the chat-event WebHook subscription of install `generation` and records it. The
 * Verification-Token's hash is stored *before* `POST /subscription`, because RingCentral starts sending
 * events as soon as the subscription exists (RINGCENTRAL.md §3); pass `verificationToken` when the
 * install already stored it. SUB-406 is retried with a backoff up to `retryForMs`; anything else is
 * thrown. If a newer install took over meanwhile, the subscription just made is deleted (it is not the
 * current one) and 'superseded' returned.
 */
export async function createChatSubscription(
  deps: Pick<BotDeps, 'api' | 'db' | 'config' | 'logger' | 'now' | 'sleep'>,
  accountId: string,
  botToken: string,
  options: { generation: number; verificationToken?: string; retryForMs?: number },
): Promise<SubscribeOutcome> {
  const log = deps.logger.child({ accountId, generation: options.generation });
  let verificationToken = options.verificationToken;
  if (verificationToken === undefined) {
    verificationToken = newVerificationToken();
    if (!(await deps.db.installations.setVerificationToken(accountId, options.generation, verificationToken))) return { kind: 'superseded' };
  }
  const deadline = deps.now().getTime() + (options.retryForMs ?? SUB_406_RETRY_FOR_MS);
  let subscription: SubscriptionInfo;
  for (let attempt = 0; ; attempt += 1) {
    try {
      subscription = await deps.api.createWebhookSubscription(botToken, {
        eventFilters: CHAT_EVENT_FILTERS,
        address: deps.config.urls.botWebhook,
        verificationToken,
        expiresIn: WEBHOOK_EXPIRES_IN_SECONDS,
      });
      break;
    } catch (error) {
      const delay = sub406Delay(attempt);
      if (error instanceof RingCentralError && error.errorCode === 'SUB-406' && deps.now().getTime() + delay <= deadline) {
        log.warn({ attempt: attempt + 1, delayMs: delay }, 'bot user not ready (SUB-406), retrying');
        await deps.sleep(delay);
        continue;
      }
      throw error;
    }
  }
  if (subscription.disabledFilters && subscription.disabledFilters.length > 0) {
    // RingCentral silently drops filters it will not deliver (RINGCENTRAL.md §3): say which, and why.
    log.warn({ subscriptionId: subscription.id, disabledFilters: subscription.disabledFilters }, 'RingCentral disabled some event filters of the chat subscription');
  }
  const saved = await deps.db.installations.saveSubscriptionIfCurrent(accountId, options.generation, {
    id: subscription.id,
    status: subscription.status ?? 'Active',
    expiresAt: expiresAt(subscription, deps.now()),
  });
  if (!saved) {
    log.info({ subscriptionId: subscription.id }, 'a newer install took over: deleting the subscription just made');
    await deps.api.deleteSubscription(botToken, subscription.id).catch((error: unknown) => {
      log.info({ err: error instanceof Error ? error.message : error }, 'superseded subscription not deleted');
    });
    return { kind: 'superseded' };
  }
  log.info({ subscriptionId: subscription.id }, 'chat subscription created');
  return { kind: 'created', subscription };
}

/** Renews the installation's subscription; when RingCentral no longer knows it, creates a new one. */
export async function renewChatSubscription(deps: BotDeps, accountId: string): Promise<void> {
  const installation = await deps.db.installations.findByAccount(accountId);
  const token = await deps.db.installations.botToken(accountId);
  if (!installation || !token) return;
  if (!installation.subscriptionId) {
    await createChatSubscription(deps, accountId, token, { generation: installation.generation });
    return;
  }
  try {
    const renewed = await deps.api.renewSubscription(token, installation.subscriptionId);
    await deps.db.installations.saveSubscriptionIfCurrent(accountId, installation.generation, {
      id: renewed.id,
      status: renewed.status ?? 'Active',
      expiresAt: expiresAt(renewed, deps.now()),
    });
    deps.logger.info({ accountId, subscriptionId: renewed.id }, 'chat subscription renewed');
  } catch (error) {
    if (error instanceof RingCentralError && error.status === 404) {
      await createChatSubscription(deps, accountId, token, { generation: installation.generation });
      return;
    }
    throw error;
  }
}

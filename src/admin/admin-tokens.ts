import type { BotDeps } from '../bot/bot-deps';
import { RingCentralError } from '../ringcentral/rest-client';
import { renderCard } from '../cards/render-card';
import { startLogin } from './admin-login';

/** Refresh this long before the access token expires. */
export const REFRESH_MARGIN_MS = 5 * 60 * 1000;

/** The admin must log in again: the refresh token is dead, revoked or the admin never logged in. */
export class NeedsReauthorization extends Error {
  constructor(readonly accountId: string, readonly extensionId: string) {
    super('The admin needs to authorize Audit Trail Bot again.');
    this.name = 'NeedsReauthorization';
  }
}

const inFlight = new Map<string, Promise<string>>();

/**
 * A usable access token for the admin, refreshed ahead of expiry. The rotated pair is stored (one
 * UPDATE) before the new access token is used. A refresh RingCentral refuses for good marks the
 * admin "needs re-authorization" and sends them one login card (not one per poll).
 */
export async function adminAccessToken(deps: BotDeps, accountId: string, extensionId: string): Promise<string> {
  const key = `${accountId}:${extensionId}`;
  const running = inFlight.get(key);
  if (running) return running;
  const work = obtain(deps, accountId, extensionId).finally(() => inFlight.delete(key));
  inFlight.set(key, work);
  return work;
}

async function obtain(deps: BotDeps, accountId: string, extensionId: string): Promise<string> {
  const tokens = await deps.db.admins.tokens(accountId, extensionId);
  if (!tokens) throw new NeedsReauthorization(accountId, extensionId);
  const now = deps.now();
  if (tokens.accessExpiresAt.getTime() - now.getTime() > REFRESH_MARGIN_MS) return tokens.accessToken;

  let next;
  try {
    next = await deps.api.refreshAdminToken(tokens.refreshToken);
  } catch (error) {
    if (error instanceof RingCentralError && !error.retryable) {
      // Another process may have rotated the pair a moment ago: use theirs rather than give up.
      const current = await deps.db.admins.tokens(accountId, extensionId);
      if (current && current.refreshToken !== tokens.refreshToken) return current.accessToken;
      await markNeedsReauthorization(deps, accountId, extensionId);
      throw new NeedsReauthorization(accountId, extensionId);
    }
    throw error;
  }
  if (!next.refresh_token) throw new RingCentralError(200, 'UnexpectedResponse', 'token refresh returned no refresh token', undefined, undefined);
  const stored = await deps.db.admins.saveRotated(accountId, extensionId, tokens.refreshToken, {
    accessToken: next.access_token,
    refreshToken: next.refresh_token,
    accessExpiresAt: new Date(now.getTime() + (next.expires_in ?? 3600) * 1000),
    refreshExpiresAt: new Date(now.getTime() + (next.refresh_token_expires_in ?? 604_800) * 1000),
  });
  if (!stored) {
    const current = await deps.db.admins.tokens(accountId, extensionId);
    if (!current) throw new NeedsReauthorization(accountId, extensionId);
    return current.accessToken;
  }
  deps.logger.info({ accountId, extensionId }, 'admin token refreshed');
  return next.access_token;
}

/** Marks the admin as needing to log in again and DMs them a login card, once. */
export async function markNeedsReauthorization(deps: BotDeps, accountId: string, extensionId: string): Promise<void> {
  await deps.db.admins.setStatus(accountId, extensionId, 'needs_reauth');
  deps.logger.warn({ accountId, extensionId }, 'admin needs re-authorization');
  if (!(await deps.db.admins.claimReauthNotice(accountId, extensionId, deps.now()))) return;
  const botToken = await deps.db.installations.botToken(accountId);
  if (!botToken) return;
  try {
    const admin = await deps.db.admins.find(accountId, extensionId);
    const dm = await deps.api.openConversation(botToken, extensionId);
    const url = await startLogin(deps, { accountId, extensionId, chatId: dm.id });
    await deps.api.postCard(
      botToken,
      dm.id,
      renderCard('login', {
        adminName: admin?.name ?? '',
        authorizeUrl: url,
        expiresMinutes: 10,
        reason: 'Your authorization of Audit Trail Bot has expired or was revoked, so alerts for you are on hold. Log in again to resume them.',
      }),
    );
  } catch (error) {
    deps.logger.error({ err: error, accountId, extensionId }, 're-authorization notice not delivered');
  }
}

import { randomBytes } from 'node:crypto';
import type { BotDeps } from '../bot/bot-deps';
import type { AdminAuthorization } from '../db/admin-authorizations-repository';
import { RingCentralError } from '../ringcentral/rest-client';

/** A login link completes one login, within ten minutes; it may be opened (authorized) more than once until then. */
export const LOGIN_STATE_TTL_MS = 10 * 60 * 1000;

/** The product guide's words for an extension that may not read the audit trail. */
export const NOT_ENOUGH_PERMISSION =
  'Your credentials do not have high enough permission levels to read the audit trail. A Super Admin or Billing Admin of this account needs to log in.';

/** Where the admin's browser goes first: our /oauth/authorize with a fresh single-use state. */
export async function startLogin(deps: BotDeps, who: { accountId: string; extensionId: string; chatId: string }): Promise<string> {
  const state = randomBytes(32).toString('base64url');
  await deps.db.oauthStates.create(state, { ...who, expiresAt: new Date(deps.now().getTime() + LOGIN_STATE_TTL_MS) });
  return `${deps.config.appServer}/oauth/authorize?state=${encodeURIComponent(state)}`;
}

/**
 * RingCentral's authorize URL (PKCE S256) for a live login link, or undefined for an expired, used or
 * forged one. Every opening is its own attempt with its own state and verifier: opening the link again
 * (a second tab, a reload) never breaks the first one, and whichever finishes first completes the login.
 */
export async function authorizeRedirect(deps: BotDeps, state: string): Promise<string | undefined> {
  const live = await deps.db.oauthStates.findLive(state, deps.now());
  if (!live) return undefined;
  const attemptState = randomBytes(32).toString('base64url');
  const { url, codeVerifier } = deps.api.adminLoginUrl(attemptState, deps.config.urls.oauthCallback);
  await deps.db.oauthStates.createAttempt(state, attemptState, codeVerifier, live.expiresAt);
  return url;
}

export type LoginOutcome =
  | { ok: true; admin: AdminAuthorization; chatId: string }
  | { ok: false; message: string; chat?: { accountId: string; extensionId: string; chatId: string } };

const STALE_LINK =
  'This login link has expired or has already been used. Type login in your chat with Audit Trail Bot to get a new one.';

/**
 * The OAuth callback: consumes the state (once), exchanges the code with its PKCE verifier, and
 * checks that the person who logged in is the one who asked in chat, in the bot's account, an
 * admin, and able to read the audit trail. Only then are the tokens stored (sealed).
 */
export async function completeLogin(
  deps: BotDeps,
  input: { state: string | undefined; code: string | undefined; error: string | undefined },
): Promise<LoginOutcome> {
  if (!input.state) return { ok: false, message: STALE_LINK };
  const now = deps.now();
  const attempt = await deps.db.oauthStates.findAttempt(input.state, now);
  if (!attempt) return { ok: false, message: STALE_LINK };
  const state = attempt.login;
  const chat = { accountId: state.accountId, extensionId: state.extensionId, chatId: state.chatId };
  const log = deps.logger.child({ accountId: state.accountId, extensionId: state.extensionId, flow: 'admin-login' });

  // A cancelled or failed attempt does not spend the link: the admin can open it again.
  if (input.error) return { ok: false, message: 'Authorization was cancelled at RingCentral. Open the link again, or type login for a new one.', chat };
  if (!input.code) return { ok: false, message: 'RingCentral sent no authorization code. Open the link again, or type login for a new one.', chat };

  const installation = await deps.db.installations.findByAccount(state.accountId);
  if (installation?.status !== 'installed') {
    return { ok: false, message: 'Audit Trail Bot is not installed in this account any more. Install it again, then type login.' };
  }

  let token;
  try {
    token = await deps.api.exchangeAdminCode(input.code, deps.config.urls.oauthCallback, attempt.codeVerifier);
  } catch (error) {
    log.warn({ err: error instanceof RingCentralError ? `${error.status} ${error.errorCode}` : error }, 'code exchange failed; the login link stays usable');
    return { ok: false, message: 'RingCentral did not accept this login. Open the link again, or type login for a new one.', chat };
  }
  // Only a code RingCentral accepted spends the link, and only once across tabs and instances.
  if (!(await deps.db.oauthStates.spend(attempt.loginKey, now))) {
    await deps.api.revokeAdminToken(token.access_token).catch(() => undefined);
    return { ok: false, message: STALE_LINK, chat };
  }
  if (!token.refresh_token) {
    return { ok: false, message: 'RingCentral issued no refresh token: the admin app must allow the refresh token grant.', chat };
  }

  const refuse = async (message: string): Promise<LoginOutcome> => {
    await deps.api.revokeAdminToken(token.access_token).catch(() => undefined);
    log.info({ reason: message }, 'login refused');
    return { ok: false, message, chat };
  };

  const me = await deps.api.getAdminExtension(token.access_token);
  if (me.id !== state.extensionId) {
    return refuse('You logged in as a different RingCentral user than the one who typed login in chat. Log in as yourself, or have that admin type login.');
  }
  if (me.account.id !== state.accountId) {
    return refuse('That RingCentral user belongs to another account than the one Audit Trail Bot is installed in.');
  }
  if (!me.permissions?.admin?.enabled) return refuse(NOT_ENOUGH_PERMISSION);
  try {
    await deps.api.probeAuditTrail(token.access_token, now);
  } catch (error) {
    if (error instanceof RingCentralError && (error.status === 403 || error.status === 401)) return refuse(NOT_ENOUGH_PERMISSION);
    throw error;
  }

  const name = [me.contact?.firstName, me.contact?.lastName].filter(Boolean).join(' ') || me.name || null;
  const admin = await deps.db.admins.saveTokens({
    accountId: state.accountId,
    extensionId: me.id,
    name,
    timezone: me.regionalSettings?.timezone?.name ?? null,
    country: me.regionalSettings?.homeCountry?.isoCode ?? null,
    accessToken: token.access_token,
    refreshToken: token.refresh_token,
    accessExpiresAt: new Date(now.getTime() + (token.expires_in ?? 3600) * 1000),
    refreshExpiresAt: new Date(now.getTime() + (token.refresh_token_expires_in ?? 604_800) * 1000),
  });
  log.info('admin authorized');
  return { ok: true, admin, chatId: state.chatId };
}

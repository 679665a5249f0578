import crypto from 'node:crypto';
import express, { type Request, type Response, type Router } from 'express';
import { SimHttpError, oauthError } from '../rc-errors';
import type { SimContext } from '../sim-context';
import type { SimApp } from '../sim-types';
import { ACCESS_TOKEN_TTL_SECONDS, BOT_TOKEN_TTL_SECONDS, REFRESH_TOKEN_TTL_SECONDS, type AccessToken, type RefreshToken } from '../token-store';

/** App permissions (as OAuth scope strings) granted to each kind of app (RINGCENTRAL.md §7). */
export const APP_SCOPES: Readonly<Record<SimApp['kind'], string>> = {
  bot: 'ReadAccounts TeamMessaging WebhookSubscriptions EditExtensions',
  admin: 'ReadAccounts ReadAuditTrail SMS WebSocketsSubscription',
};

/** The scope string of an app's tokens: its kind's permissions plus any extra ones it was registered with. */
export function appScope(app: SimApp): string {
  return [APP_SCOPES[app.kind], ...(app.permissions ?? [])].join(' ');
}

/** An authorization request waiting for the user to log in and consent. */
export interface PendingAuthorization {
  id: string;
  clientId: string;
  redirectUri: string;
  state?: string;
  codeChallenge: string;
}

/** Holds authorization requests between /authorize and the consent step. */
export class AuthorizationRequests {
  readonly pending = new Map<string, PendingAuthorization>();
}

/**
 * Validate /restapi/oauth/authorize parameters. PKCE with S256 is required here because the bot's
 * admin flow always uses it (RINGCENTRAL.md §7).
 */
export function checkAuthorizeParams(ctx: SimContext, params: URLSearchParams): PendingAuthorization {
  const clientId = params.get('client_id') ?? '';
  if (!ctx.state.apps.has(clientId)) oauthError(400, 'invalid_client', 'OAU-153', `Invalid client_id: ${clientId}`);
  if (params.get('response_type') !== 'code') oauthError(400, 'unsupported_response_type', 'OAU-113', 'response_type must be "code"');
  const redirectUri = params.get('redirect_uri') ?? '';
  if (!/^https?:\/\//.test(redirectUri)) oauthError(400, 'invalid_request', 'OAU-101', 'Parameter [redirect_uri] is invalid');
  const codeChallenge = params.get('code_challenge') ?? '';
  if (codeChallenge.length < 43) oauthError(400, 'invalid_request', 'OAU-101', 'Parameter [code_challenge] is required (43+ characters)');
  if (params.get('code_challenge_method') !== 'S256') oauthError(400, 'invalid_request', 'OAU-101', 'Parameter [code_challenge_method] must be S256');
  const state = params.get('state') ?? undefined;
  return { id: crypto.randomUUID(), clientId, redirectUri, codeChallenge, ...(state === undefined ? {} : { state }) };
}

/** The user approved: mint a code and return the redirect URL RingCentral would send the browser to. */
export function approveAuthorization(ctx: SimContext, pending: PendingAuthorization, extensionId: string): string {
  const extension = ctx.state.extension(extensionId);
  if (extension === undefined || extension.type !== 'User') throw new Error(`simulator: no user extension ${extensionId} to authorize as`);
  const code = ctx.tokens.createCode({
    clientId: pending.clientId,
    redirectUri: pending.redirectUri,
    accountId: extension.accountId,
    extensionId,
    codeChallenge: pending.codeChallenge,
    bot: false,
  });
  const url = new URL(pending.redirectUri);
  url.searchParams.set('code', code.code);
  if (pending.state !== undefined) url.searchParams.set('state', pending.state);
  return url.toString();
}

/** The RFC 7636 S256 transform: base64url(sha256(verifier)). */
export function s256(verifier: string): string {
  return crypto.createHash('sha256').update(verifier).digest('base64url');
}

/** OAuth endpoints: authorize (+ a simulated consent page), token, revoke. */
export function oauthRoutes(ctx: SimContext, authorizations: AuthorizationRequests): Router {
  const router = express.Router();

  router.get('/restapi/oauth/authorize', (req: Request, res: Response) => {
    const pending = checkAuthorizeParams(ctx, new URL(req.originalUrl, 'http://sim').searchParams);
    authorizations.pending.set(pending.id, pending);
    // Why 302: RingCentral answers /authorize by sending the browser to its login and consent pages.
    res.redirect(302, `${ctx.baseUrl()}/restapi/oauth/consent?request=${pending.id}`);
  });

  // Simulator-only stand-in for RingCentral's login page, so a demo can complete the flow in a browser.
  router.get('/restapi/oauth/consent', (req: Request, res: Response) => {
    const id = String(req.query.request ?? '');
    const pending = authorizations.pending.get(id);
    if (pending === undefined) throw new SimHttpError(400, { error: 'invalid_request', error_description: 'unknown authorization request' });
    const chosen = typeof req.query.extensionId === 'string' ? req.query.extensionId : undefined;
    if (chosen !== undefined) {
      authorizations.pending.delete(id);
      res.redirect(302, approveAuthorization(ctx, pending, chosen));
      return;
    }
    const users = [...ctx.state.extensions.values()].filter((e) => e.type === 'User');
    const items = users
      .map((u) => `<li><a href="?request=${id}&extensionId=${u.id}">${escapeHtml(ctx.state.fullName(u))} (account ${u.accountId}${u.admin ? ', admin' : ''})</a></li>`)
      .join('');
    res.type('html').send(`<!doctype html><title>RingCentral simulator login</title><h1>Log in as</h1><ul>${items}</ul>`);
  });

  router.post('/restapi/oauth/token', (req: Request, res: Response) => {
    const body = formOf(req);
    const app = authenticateClient(ctx, req, body);
    const grantType = body.grant_type;
    if (grantType === 'authorization_code') {
      res.json(exchangeCode(ctx, app, body, hasBasic(req)));
      return;
    }
    if (grantType === 'refresh_token') {
      res.json(refresh(ctx, app, body));
      return;
    }
    oauthError(400, 'unsupported_grant_type', 'OAU-250', `Unsupported grant type: ${grantType ?? '(none)'}`);
  });

  router.post('/restapi/oauth/revoke', (req: Request, res: Response) => {
    const body = formOf(req);
    const token = body.token ?? (typeof req.query.token === 'string' ? req.query.token : undefined);
    if (token !== undefined) ctx.tokens.revoke(token);
    res.status(200).end();
  });

  return router;
}

function exchangeCode(ctx: SimContext, app: SimApp, body: Record<string, string>, confidential: boolean): object {
  const code = ctx.tokens.code(body.code ?? '');
  const now = ctx.state.now();
  if (code === undefined || code.used || code.expiresAt <= now || code.clientId !== app.clientId) {
    oauthError(400, 'invalid_grant', 'OAU-109', 'Authorization code is invalid, expired or already used');
  }
  if (code.redirectUri !== undefined && body.redirect_uri !== undefined && body.redirect_uri !== code.redirectUri) {
    oauthError(400, 'invalid_grant', 'OAU-109', 'redirect_uri does not match the authorization request');
  }
  if (code.codeChallenge !== undefined) {
    if (body.code_verifier === undefined || s256(body.code_verifier) !== code.codeChallenge) {
      oauthError(400, 'invalid_grant', 'OAU-109', 'Invalid code_verifier');
    }
  } else if (!confidential) {
    oauthError(401, 'invalid_client', 'OAU-123', 'Client authentication is required');
  }
  code.used = true;
  if (ctx.state.extension(code.extensionId) === undefined) oauthError(400, 'invalid_grant', 'OAU-109', 'The authorizing user no longer exists');
  const scope = appScope(app);
  if (code.bot) {
    const token = ctx.tokens.issueBotToken({ accountId: code.accountId, extensionId: code.extensionId, clientId: app.clientId, scope });
    return tokenResponse(token, undefined, BOT_TOKEN_TTL_SECONDS, ctx.state.now());
  }
  const accessTtl = ttl(body.access_token_ttl, ACCESS_TOKEN_TTL_SECONDS);
  const refreshTtl = ttl(body.refresh_token_ttl, REFRESH_TOKEN_TTL_SECONDS);
  const pair = ctx.tokens.issuePair({ accountId: code.accountId, extensionId: code.extensionId, clientId: app.clientId, scope, accessTtl, refreshTtl });
  return tokenResponse(pair.access, pair.refresh, accessTtl, ctx.state.now());
}

function refresh(ctx: SimContext, app: SimApp, body: Record<string, string>): object {
  const old = ctx.tokens.refreshToken(body.refresh_token ?? '');
  // Why: refresh tokens are single-use; the second use of one is refused (RINGCENTRAL.md §1).
  if (old === undefined || old.used || old.revoked || old.expiresAt <= ctx.state.now() || old.clientId !== app.clientId) {
    oauthError(400, 'invalid_grant', 'OAU-211', 'Token is revoked, expired or already used');
  }
  if (ctx.state.extension(old.extensionId) === undefined) oauthError(400, 'invalid_grant', 'OAU-211', 'The token owner no longer exists');
  old.used = true;
  const accessTtl = ttl(body.access_token_ttl, ACCESS_TOKEN_TTL_SECONDS);
  const refreshTtl = ttl(body.refresh_token_ttl, REFRESH_TOKEN_TTL_SECONDS);
  const pair = ctx.tokens.issuePair({
    accountId: old.accountId,
    extensionId: old.extensionId,
    clientId: old.clientId,
    scope: old.scope,
    accessTtl,
    refreshTtl,
    sessionId: old.sessionId,
    endpointId: old.endpointId,
  });
  return tokenResponse(pair.access, pair.refresh, accessTtl, ctx.state.now());
}

function tokenResponse(access: AccessToken, refreshToken: RefreshToken | undefined, expiresIn: number, now: number): object {
  return {
    access_token: access.token,
    token_type: 'bearer',
    expires_in: expiresIn,
    ...(refreshToken === undefined ? {} : { refresh_token: refreshToken.token, refresh_token_expires_in: Math.round((refreshToken.expiresAt - now) / 1000) }),
    scope: access.scope,
    owner_id: access.extensionId,
    endpoint_id: access.endpointId,
    session_id: access.sessionId,
  };
}

function authenticateClient(ctx: SimContext, req: Request, body: Record<string, string>): SimApp {
  const header = req.headers.authorization;
  const basic = header === undefined ? null : /^Basic\s+(.+)$/i.exec(header);
  if (basic?.[1] !== undefined) {
    const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const app = ctx.state.apps.get(decoded.slice(0, colon));
    if (colon < 0 || app === undefined || app.clientSecret !== decoded.slice(colon + 1)) {
      oauthError(401, 'invalid_client', 'OAU-123', 'Invalid client credentials');
    }
    return app;
  }
  const app = ctx.state.apps.get(body.client_id ?? '');
  if (app === undefined) oauthError(401, 'invalid_client', 'OAU-123', 'Client authentication is required');
  return app;
}

function hasBasic(req: Request): boolean {
  return /^Basic\s+/i.test(req.headers.authorization ?? '');
}

function formOf(req: Request): Record<string, string> {
  const raw: unknown = req.body;
  const out: Record<string, string> = {};
  if (typeof raw === 'object' && raw !== null) {
    for (const [key, value] of Object.entries(raw)) if (typeof value === 'string') out[key] = value;
  }
  return out;
}

function ttl(value: string | undefined, fallback: number): number {
  const parsed = value === undefined ? NaN : Number(value);
  return Number.isInteger(parsed) && parsed > 0 ? parsed : fallback;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

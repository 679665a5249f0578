import type { Response } from 'express';
import { fail, notFound } from './rc-errors';
import type { NotificationHub } from './notification-hub';
import type { SpecValidator } from './openapi/spec-validator';
import type { RateLimiter } from './rate-limiter';
import type { SimState } from './sim-state';
import type { SimAccount, SimExtension, SimLogger } from './sim-types';
import type { AccessToken, TokenStore } from './token-store';

export interface ResolvedOptions {
  sharedSecret?: string;
  rateLimits: boolean;
  ringcxExchangePerMinute: number;
  ringcxRequestsPerMinute: number;
  logger?: SimLogger;
}

/** What every route handler of one simulator instance shares. */
export interface SimContext {
  state: SimState;
  tokens: TokenStore;
  hub: NotificationHub;
  validator: SpecValidator;
  /** Validates RingCX calls against RingCX's own spec (engage-voice_openapi3.json). */
  ringcxValidator: SpecValidator;
  limiter: RateLimiter;
  options: ResolvedOptions;
  /** http://127.0.0.1:port once listening */
  baseUrl(): string;
}

/** The bearer token the pipeline authenticated for this request. */
export function authOf(res: Response): AccessToken {
  const token = (res.locals as { simAuth?: AccessToken }).simAuth;
  if (token === undefined) throw new Error('simulator: route needs an authenticated request');
  return token;
}

/** The extension behind the request's token. */
export function callerOf(ctx: SimContext, res: Response): SimExtension {
  const token = authOf(res);
  const extension = ctx.state.extension(token.extensionId);
  // a token of a removed extension (uninstalled bot) is revoked, so this is a stale-state guard
  if (extension === undefined) fail(401, 'TokenInvalid', 'Access token is invalid');
  return extension;
}

/** Resolve an `{accountId}` path parameter: `~` or the caller's own account. */
export function accountParam(ctx: SimContext, res: Response, value: string): SimAccount {
  const token = authOf(res);
  if (value !== '~' && value !== token.accountId) {
    if (ctx.state.account(value) === undefined) notFound('accountId');
    fail(403, 'CMN-401', 'Access to another account is not allowed');
  }
  return ctx.state.requireAccount(token.accountId);
}

/** Resolve an `{extensionId}` path parameter within the caller's account. */
export function extensionParam(ctx: SimContext, res: Response, value: string): SimExtension {
  const token = authOf(res);
  const id = value === '~' ? token.extensionId : value;
  const extension = ctx.state.extension(id);
  if (extension === undefined || extension.accountId !== token.accountId) notFound('extensionId');
  return extension;
}

/** A path parameter express parsed (always present on the routes that declare it). */
export function param(req: { params: Record<string, string | string[] | undefined> }, name: string): string {
  const value = req.params[name];
  return typeof value === 'string' ? value : '';
}

/** Record that the simulator itself produced an off-spec payload. */
export function reportViolation(ctx: SimContext, violation: { method: string; path: string; direction: 'request' | 'response' | 'notification'; errors: string[] }): void {
  ctx.state.specViolations.push(violation);
  ctx.options.logger?.warn(violation, `RingCentral simulator: ${violation.direction} violates the OpenAPI spec`);
}

import crypto from 'node:crypto';
import express, { type Request, type Response, type Router } from 'express';
import { SimHttpError, ringcxError } from '../rc-errors';
import type { SimContext } from '../sim-context';
import type { SimAccount, SimExtension, RingcxAuditRecord } from '../sim-types';

/** Why 5 minutes: RingCX access tokens are short-lived (RINGCENTRAL.md §10). */
export const RINGCX_ACCESS_TTL_MS = 5 * 60_000;
/** UNCONFIRMED: RingCX refresh token lifetime. */
export const RINGCX_REFRESH_TTL_MS = 10 * 3_600_000;
/**
 * Why: RingCX rejects `Z`; times must carry an explicit offset ("ISO-8601 with an explicit UTC offset. The Z (Zulu)
 * suffix is unsupported", docs/analytics/audit-logs.md, whose accepted example is 2025-11-20T00:00:00.000-08:00).
 */
const OFFSET_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?[+-]\d{2}:\d{2}$/;
const ACTIONS = ['CREATE', 'UPDATE', 'DELETE'];

/** The entity types RingCX audits (a representative list; RingCX's own is longer). */
export const RINGCX_AUDITABLE: readonly { fullPath: string; name: string }[] = [
  { fullPath: 'com.ringcentral.ringcx.admin.Agent', name: 'Agent' },
  { fullPath: 'com.ringcentral.ringcx.admin.AgentGroup', name: 'AgentGroup' },
  { fullPath: 'com.ringcentral.ringcx.admin.Campaign', name: 'Campaign' },
  { fullPath: 'com.ringcentral.ringcx.admin.Gate', name: 'Gate' },
  { fullPath: 'com.ringcentral.ringcx.admin.GateGroup', name: 'GateGroup' },
  { fullPath: 'com.ringcentral.ringcx.admin.User', name: 'User' },
];

interface RingcxToken {
  accessToken: string;
  refreshToken: string;
  accountId: string;
  extensionId: string;
  expiresAt: number;
  refreshExpiresAt: number;
  refreshUsed: boolean;
}

/** RingCX: token exchange and refresh, sub-accounts, auditable entities and audit log search. */
export function ringcxRoutes(ctx: SimContext): Router {
  const router = express.Router();
  const byAccess = new Map<string, RingcxToken>();
  const byRefresh = new Map<string, RingcxToken>();

  const issue = (account: SimAccount, extension: SimExtension): RingcxToken => {
    const now = ctx.state.now();
    const token: RingcxToken = {
      accessToken: `RCX${crypto.randomBytes(30).toString('base64url')}`,
      refreshToken: `RCXR${crypto.randomBytes(30).toString('base64url')}`,
      accountId: account.id,
      extensionId: extension.id,
      expiresAt: now + RINGCX_ACCESS_TTL_MS,
      refreshExpiresAt: now + RINGCX_REFRESH_TTL_MS,
      refreshUsed: false,
    };
    byAccess.set(token.accessToken, token);
    byRefresh.set(token.refreshToken, token);
    return token;
  };

  const tokenBody = (token: RingcxToken, includeRefresh: boolean): object => {
    const account = ctx.state.requireAccount(token.accountId);
    const extension = ctx.state.requireExtension(token.extensionId);
    const ringcx = account.ringcx ?? { mainAccountId: '', subAccounts: [] };
    return {
      accessToken: token.accessToken,
      ...(includeRefresh ? { refreshToken: token.refreshToken } : {}),
      tokenType: 'Bearer',
      mainAccountId: ringcx.mainAccountId,
      agentDetails: ringcx.subAccounts.map((sub, i) => ({
        agentId: Number(extension.id) + i,
        accountId: sub.accountId,
        accountName: sub.accountName,
        firstName: extension.firstName,
        lastName: extension.lastName,
        email: extension.email,
        username: extension.email,
      })),
      adminId: Number(extension.id),
      rcAccountId: account.id,
    };
  };

  const limit = (req: Request, key: string, perMinute: number): void => {
    if (!ctx.options.rateLimits) return;
    const decision = ctx.limiter.hit(key, perMinute, false);
    if (!decision.allowed) {
      throw new SimHttpError(
        429,
        { timestamp: ctx.state.now(), errorCode: 'too.many.requests', generalMessage: 'Rate limit exceeded', details: [], requestUri: req.path },
        { 'Retry-After': String(decision.retryAfter ?? 60) },
      );
    }
  };

  const authenticate = (req: Request): { token: RingcxToken; account: SimAccount; extension: SimExtension } => {
    const bearer = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const token = bearer === undefined ? undefined : byAccess.get(bearer);
    if (token === undefined) ringcxError(401, 'unauthorized', 'Full authentication is required to access this resource', req.path);
    // UNCONFIRMED errorCode; the "Jwt is expired" message is what RingCX answers (RINGCENTRAL.md §10)
    if (token.expiresAt <= ctx.state.now()) ringcxError(401, 'jwt.expired', 'Jwt is expired', req.path);
    const account = ctx.state.account(token.accountId);
    const extension = ctx.state.extension(token.extensionId);
    if (account?.ringcx === undefined || extension === undefined) ringcxError(401, 'unauthorized', 'Account no longer exists', req.path);
    limit(req, `ringcx|${account.ringcx.mainAccountId}`, ctx.options.ringcxRequestsPerMinute);
    return { token, account, extension };
  };

  router.post('/api/auth/login/rc/accesstoken', (req: Request, res: Response) => {
    const form = (req.body ?? {}) as Record<string, unknown>;
    const rcToken = typeof form.rcAccessToken === 'string' ? form.rcAccessToken : undefined;
    const auth = ctx.tokens.authenticate(rcToken);
    if (!auth.ok) ringcxError(401, 'unauthorized', `RingCentral token rejected: ${auth.reason}`, req.path);
    limit(req, `ringcx-exchange|${auth.token.extensionId}`, ctx.options.ringcxExchangePerMinute);
    if (typeof form.rcTokenType === 'string' && form.rcTokenType.toLowerCase() !== 'bearer') ringcxError(400, 'invalid.token.type', 'rcTokenType must be Bearer', req.path);
    const account = ctx.state.account(auth.token.accountId);
    const extension = ctx.state.extension(auth.token.extensionId);
    if (account?.ringcx === undefined) ringcxError(403, 'access.denied.exception', 'The RingCentral account has no RingCX', req.path);
    if (extension === undefined || !extension.admin) ringcxError(403, 'access.denied.exception', 'User is not a RingCX admin', req.path);
    res.json(tokenBody(issue(account, extension), req.query.includeRefresh === 'true'));
  });

  router.post('/api/auth/token/refresh', (req: Request, res: Response) => {
    const form = (req.body ?? {}) as Record<string, unknown>;
    const old = typeof form.refresh_token === 'string' ? byRefresh.get(form.refresh_token) : undefined;
    if (old === undefined || old.refreshUsed || old.refreshExpiresAt <= ctx.state.now()) ringcxError(401, 'invalid.refresh.token', 'Refresh token is invalid or expired', req.path);
    old.refreshUsed = true;
    const account = ctx.state.requireAccount(old.accountId);
    const extension = ctx.state.requireExtension(old.extensionId);
    res.json(tokenBody(issue(account, extension), true));
  });

  router.get('/voice/api/v1/admin/accounts', (req: Request, res: Response) => {
    const { account } = authenticate(req);
    const ringcx = account.ringcx ?? { mainAccountId: '', subAccounts: [] };
    res.json(ringcx.subAccounts.map((s) => ({ accountId: s.accountId, accountName: s.accountName, mainAccountId: ringcx.mainAccountId, enabled: true })));
  });

  router.get('/voice/api/v1/admin/auditLogs/auditable', (req: Request, res: Response) => {
    authenticate(req);
    res.json(RINGCX_AUDITABLE);
  });

  router.put('/voice/api/v1/admin/auditLogs/search', (req: Request, res: Response) => {
    const { account, extension } = authenticate(req);
    if (!extension.ringcxAuditAccess) ringcxError(403, 'access.denied.exception', 'Access is denied: the user lacks Audit log access', req.path);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const accountId = typeof body.accountId === 'string' ? body.accountId : '';
    if (!(account.ringcx?.subAccounts.some((s) => s.accountId === accountId) ?? false)) {
      ringcxError(403, 'access.denied.exception', `Access is denied to account ${accountId}`, req.path);
    }
    const start = dateTime(body.startDateTime, 'startDateTime', req.path);
    const end = dateTime(body.endDateTime, 'endDateTime', req.path);
    const actions = stringList(body.auditActions, 'auditActions', req.path);
    if (actions?.some((a) => !ACTIONS.includes(a)) === true) ringcxError(400, 'validation.exception', `auditActions must be among ${ACTIONS.join(', ')}`, req.path);
    const entities = stringList(body.searchEntities, 'searchEntities', req.path);
    // ascOrDesc is the enum ASCENDING | DESCENDING (spec: AuditLogSearchCriteria.ascOrDesc; audit-logs.md); anything
    // else was already refused by the spec check. UNCONFIRMED default when absent: ascending, the
    // document's "chronological trail".
    const descending = body.ascOrDesc === 'DESCENDING';
    const records = (ctx.state.ringcxAuditRecords.get(accountId) ?? []).filter((r: RingcxAuditRecord) => {
      // UNCONFIRMED bounds: the documents promise neither end exclusive, so both are inclusive here and a
      // record on the boundary of two contiguous windows comes back in both (the bot de-duplicates by id).
      if (r.createTime < start || r.createTime > end) return false;
      if (actions !== undefined && actions.length > 0 && !actions.includes(r.actionType)) return false;
      if (entities !== undefined && entities.length > 0 && !entities.some((e) => e === r.auditedClass || RINGCX_AUDITABLE.some((a) => a.fullPath === e && a.name === r.auditedClass))) return false;
      if (body.createUserId !== undefined && String(body.createUserId) !== String(r.authUser.userId)) return false;
      return body.auditedEntityId === undefined || String(body.auditedEntityId) === r.auditedEntityId;
    });
    records.sort((a, b) => (descending ? b.createTime - a.createTime : a.createTime - b.createTime));
    res.json(records);
  });

  return router;
}

function dateTime(value: unknown, name: string, path: string): number {
  if (typeof value !== 'string' || !OFFSET_DATE_TIME.test(value) || Number.isNaN(Date.parse(value))) {
    ringcxError(400, 'validation.exception', `${name} must be an ISO-8601 date-time with an explicit offset such as -08:00`, path);
  }
  return Date.parse(value);
}

function stringList(value: unknown, name: string, path: string): string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) ringcxError(400, 'validation.exception', `${name} must be an array of strings`, path);
  return value as string[];
}

import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { FailureInjector } from './failure-injector';
import { SimHttpError, rcError } from './rc-errors';
import { RATE_LIMITS } from './rate-limiter';
import { reportViolation, type SimContext } from './sim-context';
import type { Failure, SimRequestLogEntry } from './sim-types';
import type { MatchedOperation } from './openapi/spec-validator';

/** Timers of injected 'timeout' failures, cleared by stop(). */
export type TimerSet = Set<NodeJS.Timeout>;

/** Per-request facts the pipeline leaves for route handlers. */
export interface PipelineLocals {
  simLog?: SimRequestLogEntry;
  simMatch?: MatchedOperation;
  simQuery?: Record<string, unknown>;
  simInjected?: boolean;
}

const RINGCX_PREFIXES = ['/api/auth/', '/voice/api/'];

/** Log every request (before body parsing, so malformed bodies are logged too); status is filled in on finish. */
export function requestLog(ctx: SimContext): RequestHandler {
  return (req: Request, res: Response, next: NextFunction): void => {
    const log: SimRequestLogEntry = { method: req.method, path: req.path, status: 0, at: ctx.state.now() };
    ctx.state.requests.push(log);
    (res.locals as PipelineLocals).simLog = log;
    res.on('finish', () => {
      log.status = res.statusCode;
    });
    next();
  };
}

/**
 * Everything RingCentral does before an endpoint's own logic: spec matching, rate limiting, failure
 * injection, bearer authentication, request validation, and response validation on the way out.
 */
export function requestPipeline(ctx: SimContext, failures: FailureInjector, timers: TimerSet): RequestHandler {
  return (req: Request, res: Response, next: NextFunction): void => {
    const locals = res.locals as PipelineLocals;
    const path = req.path;
    const ringcx = isRingcxPath(path);
    // RingCX calls are checked against RingCX's own spec, platform calls against RingCentral's.
    const validator = ringcx ? ctx.ringcxValidator : ctx.validator;
    const match = validator.match(req.method, path);
    const bearer = bearerOf(req);
    const peeked = needsBearer(path) ? ctx.tokens.peek(bearer) : undefined;
    const group = match?.throttlingGroup ?? fallbackGroup(path);
    const log = locals.simLog;
    if (log !== undefined) {
      if (group !== undefined) log.group = group;
      if (peeked !== undefined) log.userId = peeked.extensionId;
    }

    if (match !== undefined) {
      locals.simMatch = match;
      const json = res.json.bind(res);
      res.json = (body: unknown): Response => {
        const errors = validator.validateResponse(match, res.statusCode, body);
        if (errors.length > 0) {
          const injected = locals.simInjected === true ? ' (injected failure body)' : '';
          reportViolation(ctx, { method: req.method, path: path + injected, direction: 'response', errors });
        }
        return json(body);
      };
    }

    let rateKey: string | undefined;
    if (group !== undefined && group !== 'NoThrottling' && !ringcx) {
      const limit = RATE_LIMITS[group] ?? RATE_LIMITS.Light ?? 50;
      const who = peeked !== undefined ? `${peeked.extensionId}|${peeked.clientId}` : `anonymous|${oauthClientOf(req) ?? req.ip ?? ''}`;
      rateKey = `${who}|${group}`;
      const decision = ctx.limiter.hit(rateKey, limit);
      if (decision.duringPenalty === true && log !== undefined) log.duringPenalty = true;
      res.setHeader('X-Rate-Limit-Group', group);
      res.setHeader('X-Rate-Limit-Limit', String(decision.limit));
      res.setHeader('X-Rate-Limit-Remaining', String(decision.remaining));
      res.setHeader('X-Rate-Limit-Window', '60');
      if (!decision.allowed && ctx.options.rateLimits) {
        res.setHeader('Retry-After', String(decision.retryAfter ?? 60));
        res.status(429).json(rcError('CMN-301', 'Request rate exceeded'));
        return;
      }
    }

    const failure = failures.take(req.method, path, match?.template ?? ringcxTemplate(path));
    if (failure?.kind === 'lost-answer') {
      // handled as usual below, but the answer never reaches the caller (a network drop after the work was done)
      locals.simInjected = true;
      const drop = (): Response => {
        const timer = setTimeout(() => {
          timers.delete(timer);
          req.socket.destroy();
        }, failure.ms ?? 0);
        timer.unref();
        timers.add(timer);
        return res;
      };
      res.json = drop;
      res.send = drop;
    } else if (failure !== undefined) {
      locals.simInjected = true;
      // an injected 429 puts the caller in the same penalty a real one does (RINGCENTRAL.md §6)
      if (failure.kind === '429' && rateKey !== undefined) ctx.limiter.penalize(rateKey, failure.retryAfterSeconds);
      applyFailure(failure, req, res, timers);
      return;
    }

    if (peeked !== undefined || needsBearer(path)) {
      const auth = ctx.tokens.authenticate(bearer);
      if (!auth.ok) {
        const message = auth.reason === 'TokenExpired' ? 'Access token expired' : 'Access token is invalid';
        res.status(401).json(rcError(auth.reason, message));
        return;
      }
      (res.locals as { simAuth?: unknown }).simAuth = auth.token;
    }

    if (match !== undefined) {
      const hasBody = req.body !== undefined && hasRequestBody(req);
      const { problems, query } = validator.validateRequest(match, {
        query: { ...(req.query as Record<string, unknown>) },
        body: req.body,
        hasBody,
        contentType: req.headers['content-type'],
      });
      locals.simQuery = query;
      if (problems.length > 0) {
        reportViolation(ctx, { method: req.method, path, direction: 'request', errors: problems.map((p) => p.message) });
        const first = problems[0];
        const parameterName = first?.parameterName ?? 'body';
        const message = `Parameter [${parameterName}] value is invalid: ${problems.map((p) => p.message).join('; ')}`;
        const body = ringcx
          ? ringcxValidationError(problems.map((p) => p.message).join('; '), path, req.method, ctx.state.now())
          : path.startsWith('/restapi/oauth/')
            ? { error: 'invalid_request', error_description: message, errors: [{ errorCode: 'OAU-101', message, parameterName }] }
            : rcError('CMN-101', message, parameterName);
        res.status(400).json(body);
        return;
      }
    }
    next();
  };
}

/** Send what an injected failure asks for. */
function applyFailure(failure: Failure, req: Request, res: Response, timers: TimerSet): void {
  switch (failure.kind) {
    case 'status': {
      const code = failure.status === 503 ? 'CMN-211' : 'CMN-201';
      res.status(failure.status).json(rcError(code, failure.status === 503 ? 'Service Temporary Unavailable' : 'Service Temporary Unavailable. Please try again later'));
      return;
    }
    case '429':
      res.setHeader('Retry-After', String(failure.retryAfterSeconds));
      res.status(429).json(rcError('CMN-301', 'Request rate exceeded'));
      return;
    case 'timeout': {
      // hang, then drop the connection without an answer, like a dead upstream
      const timer = setTimeout(() => {
        timers.delete(timer);
        req.socket.destroy();
      }, failure.ms ?? 30_000);
      timer.unref();
      timers.add(timer);
      return;
    }
    case 'lost-answer':
      return; // handled in requestPipeline
    case 'expired-token':
      res.status(401).json(rcError('TokenExpired', 'Access token expired'));
      return;
    case 'body':
      res.status(failure.status).json(failure.body);
      return;
    default: {
      const never: never = failure;
      throw new SimHttpError(500, { message: `unknown failure ${JSON.stringify(never)}` });
    }
  }
}

/** Paths that act as the owner of a bearer token (the WebSocket token endpoint is one of them, unlike the other OAuth ones). */
function needsBearer(path: string): boolean {
  return path.startsWith('/restapi/v1.0/') || path.startsWith('/restapi/v2/') || path.startsWith('/team-messaging/') || path === '/restapi/oauth/wstoken';
}

function bearerOf(req: Request): string | undefined {
  const header = req.headers.authorization;
  const match = header === undefined ? null : /^Bearer\s+(.+)$/i.exec(header);
  return match?.[1]?.trim();
}

function oauthClientOf(req: Request): string | undefined {
  const header = req.headers.authorization;
  const basic = header === undefined ? null : /^Basic\s+(.+)$/i.exec(header);
  if (basic?.[1] !== undefined) return Buffer.from(basic[1], 'base64').toString('utf8').split(':')[0];
  const body = req.body as Record<string, unknown> | undefined;
  return typeof body?.client_id === 'string' ? body.client_id : undefined;
}

function hasRequestBody(req: Request): boolean {
  return Number(req.headers['content-length'] ?? '0') > 0 || req.headers['transfer-encoding'] !== undefined;
}

/** Rate-limit group for a path the spec does not describe (RINGCENTRAL.md §6). */
function fallbackGroup(path: string): string | undefined {
  if (path.startsWith('/restapi/oauth/')) return 'Auth';
  if (path.includes('/audit-trail')) return 'Heavy';
  if (path.startsWith('/team-messaging/') || path.endsWith('/sms') || path === '/restapi/v1.0/subscription') return 'Medium';
  if (path.startsWith('/restapi/')) return 'Light';
  return undefined;
}

/** RingCX paths not in RingCX's spec (token refresh); failures may name them by these templates. */
function ringcxTemplate(path: string): string | undefined {
  return isRingcxPath(path) ? path : undefined;
}

function isRingcxPath(path: string): boolean {
  return RINGCX_PREFIXES.some((p) => path.startsWith(p));
}

/**
 * RingCX's answer to a request its spec refuses. The shape is RingCX's documented error body
 * (docs/analytics/audit-logs.md: errorCode, generalMessage, details, requestUri "<path> - <METHOD>",
 * timestamp); the status 400 and errorCode `validation.exception` are UNCONFIRMED.
 */
function ringcxValidationError(reason: string, path: string, method: string, now: number): object {
  return { errorCode: 'validation.exception', generalMessage: `Request is invalid: ${reason}`, details: '', requestUri: `${path} - ${method}`, timestamp: now };
}

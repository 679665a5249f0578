import { z } from 'zod';
import { RestClient, RingCentralError } from '../ringcentral/rest-client';

const id = z.union([z.string(), z.number()]).transform(String);

const tokenPairSchema = z.looseObject({
  accessToken: z.string().min(1),
  refreshToken: z.string().min(1).optional(),
  tokenType: z.string().optional(),
  mainAccountId: id.nullish(),
  agentDetails: z.array(z.looseObject({ accountId: id.optional() })).nullish(),
  adminId: id.nullish(),
});
export type RingcxTokenPair = z.infer<typeof tokenPairSchema>;

const subAccountSchema = z.looseObject({ accountId: id, accountName: z.string().nullish(), mainAccountId: id.nullish() });
export interface RingcxSubAccount {
  accountId: string;
  accountName: string;
}

const auditableSchema = z.looseObject({ fullPath: z.string().nullish(), name: z.string() });
export interface RingcxAuditable {
  fullPath: string;
  name: string;
}

/** One search: the times are already formatted with an explicit offset (see format-offset-time.ts). */
export interface RingcxSearch {
  accountId: string;
  startDateTime: string;
  endDateTime: string;
  auditActions?: string[];
  searchEntities?: string[];
}

/** RingCX answers errors as `{errorCode, generalMessage, details, requestUri}` (RINGCENTRAL.md §10). */
function ringcxError(error: unknown): unknown {
  if (!(error instanceof RingCentralError)) return error;
  const body = (error.body ?? {}) as { errorCode?: unknown; generalMessage?: unknown };
  const message = typeof body.generalMessage === 'string' && body.generalMessage !== '' ? body.generalMessage : error.message;
  const code = typeof body.errorCode === 'string' ? body.errorCode : error.errorCode;
  return new RingCentralError(error.status, code, message, error.retryAfterSeconds, error.body);
}

/** The user lacks "Audit log access", or the account has no RingCX: RingCX says `access.denied.exception`. */
export const isAccessDenied = (error: unknown): error is RingCentralError =>
  error instanceof RingCentralError && (error.errorCode === 'access.denied.exception' || error.status === 403);

/** A RingCX access token past its 5 minutes: 401 "Jwt is expired" (its errorCode is UNCONFIRMED, so any 401 counts). */
export const isExpiredToken = (error: unknown): error is RingCentralError => error instanceof RingCentralError && error.status === 401;

function parse<S extends z.ZodType>(schema: S, value: unknown, what: string): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new RingCentralError(200, 'UnexpectedResponse', `RingCX's ${what} answer has an unexpected shape: ${z.prettifyError(parsed.error)}`, undefined, value);
  }
  return parsed.data;
}

/**
 * The RingCX calls the bot makes (RINGCENTRAL.md §10), over the same SDK transport as every
 * RingCentral call. Each names the token it acts with; token caching lives in RingcxTokenManager.
 */
export class RingcxClient {
  constructor(private readonly rest: RestClient) {}

  static create(server: string, timeoutMs: number): RingcxClient {
    // RingCX authenticates by bearer token only: the client credentials are never sent to it.
    return new RingcxClient(new RestClient({ server, clientId: 'ringcx', clientSecret: 'unused', timeoutMs }));
  }

  private async run<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw ringcxError(error);
    }
  }

  /** Exchanges an admin's RingCentral access token for a RingCX pair. RingCX allows 5 of these a minute. */
  async exchange(rcAccessToken: string): Promise<RingcxTokenPair> {
    const body = await this.run(() =>
      this.rest.callWithoutAuthorization({
        method: 'POST',
        path: '/api/auth/login/rc/accesstoken',
        query: { includeRefresh: true },
        body: { rcAccessToken, rcTokenType: 'Bearer' },
        form: true,
      }),
    );
    return parse(tokenPairSchema, body, 'token exchange');
  }

  /** A new pair for a refresh token (each refresh token works once). */
  async refresh(refreshToken: string): Promise<RingcxTokenPair> {
    const body = await this.run(() =>
      this.rest.callWithoutAuthorization({ method: 'POST', path: '/api/auth/token/refresh', body: { refresh_token: refreshToken }, form: true }),
    );
    return parse(tokenPairSchema, body, 'token refresh');
  }

  async subAccounts(token: string): Promise<RingcxSubAccount[]> {
    const body = await this.run(() => this.rest.call(token, { method: 'GET', path: '/voice/api/v1/admin/accounts' }));
    return parse(z.array(subAccountSchema), body, 'accounts').map((a) => ({ accountId: a.accountId, accountName: a.accountName ?? a.accountId }));
  }

  async auditable(token: string): Promise<RingcxAuditable[]> {
    const body = await this.run(() => this.rest.call(token, { method: 'GET', path: '/voice/api/v1/admin/auditLogs/auditable' }));
    return parse(z.array(auditableSchema), body, 'auditable').map((a) => ({ fullPath: a.fullPath ?? a.name, name: a.name }));
  }

  /** The raw records of one search, oldest first; each is parsed later on its own so one bad record spoils nothing. */
  async searchAuditLogs(token: string, search: RingcxSearch): Promise<unknown[]> {
    for (const time of [search.startDateTime, search.endDateTime]) {
      // RingCX rejects `Z`: a time must carry an explicit ±hh:mm offset (RINGCENTRAL.md §10).
      if (!/[+-]\d{2}:\d{2}$/.test(time)) throw new Error(`RingCX times need an explicit offset, got ${time}`);
    }
    const body = await this.run(() =>
      this.rest.call(token, {
        method: 'PUT',
        path: '/voice/api/v1/admin/auditLogs/search',
        body: {
          accountId: search.accountId,
          startDateTime: search.startDateTime,
          endDateTime: search.endDateTime,
          // The enum is ASCENDING | DESCENDING, nothing else (RingCX spec: AuditLogSearchCriteria.ascOrDesc).
          ascOrDesc: 'ASCENDING',
          ...(search.auditActions?.length ? { auditActions: search.auditActions } : {}),
          ...(search.searchEntities?.length ? { searchEntities: search.searchEntities } : {}),
        },
      }),
    );
    if (body === undefined || body === null) return [];
    return parse(z.array(z.unknown()), body, 'audit log search');
  }
}

import { createHash } from 'node:crypto';
import type { SDK } from '@ringcentral/sdk';
import { createNodeSdk, RequestTimeoutError } from './create-node-sdk';
import { rateGroupOf, type RateGroup } from './rate-group';
import type { RequestPacer } from './request-pacer';

/** A failed RingCentral call, with what the caller needs to decide: retry, give up, or tell the user. */
export class RingCentralError extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: string | undefined,
    message: string,
    readonly retryAfterSeconds: number | undefined,
    readonly body: unknown,
  ) {
    super(message);
    this.name = 'RingCentralError';
  }

  /** 429, 5xx and network failures (status 0) are worth retrying later. */
  get retryable(): boolean {
    return this.status === 0 || this.status === 429 || this.status >= 500;
  }
}

export interface RestRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';
  path: string;
  query?: Record<string, string | number | boolean | string[] | undefined>;
  body?: unknown;
  /** Send the body as application/x-www-form-urlencoded (OAuth endpoints). */
  form?: boolean;
  /** The call's rate-limit group, when `rateGroupOf(method, path)` would not know it. */
  group?: RateGroup;
}

/** One finished RingCentral call, for metrics: its group, its outcome, how long it took. */
export interface RingCentralCall {
  method: RestRequest['method'];
  path: string;
  /** undefined for calls outside RingCentral's groups (RingCX) */
  group: RateGroup | undefined;
  /** HTTP status; 0 when no answer came (timeout, network) */
  status: number;
  errorCode: string | undefined;
  /** time spent waiting for the pacer before the call went out */
  waitedMs: number;
  durationMs: number;
}

export interface RestClientOptions {
  server: string;
  clientId: string;
  clientSecret: string;
  /** Per-request time limit; a hung call becomes a retryable RingCentralError. */
  timeoutMs?: number;
  /** Paces every call per (token, group) and holds a group after a 429 (RINGCENTRAL.md §6). */
  pacer?: RequestPacer;
  /** Told about every finished call (metrics); must not throw. */
  onCall?: (call: RingCentralCall) => void;
  /** The clock `durationMs`/`waitedMs` are measured on (default: real time). */
  now?: () => Date;
}

interface ErrorBody {
  errorCode?: string;
  error?: string;
  message?: string;
  error_description?: string;
  errors?: { errorCode?: string; message?: string }[];
}

/**
 * Stateless RingCentral REST client: every call names the token it acts with, so one client serves
 * every installation and admin. Transport is @ringcentral/sdk's `platform.send`, with the SDK's own
 * token store bypassed (`skipAuthCheck`) because tokens live encrypted in our database.
 */
export class RestClient {
  private readonly sdk: SDK;
  readonly server: string;
  readonly clientId: string;
  private readonly clientSecret: string;
  private readonly pacer: RequestPacer | undefined;
  private readonly onCall: ((call: RingCentralCall) => void) | undefined;
  private readonly now: () => Date;

  constructor(options: RestClientOptions) {
    const timeoutMs = options.timeoutMs ?? 30_000;
    this.pacer = options.pacer;
    this.onCall = options.onCall;
    this.now = options.now ?? (() => new Date());
    this.server = options.server;
    this.clientId = options.clientId;
    this.clientSecret = options.clientSecret;
    this.sdk = createNodeSdk({ server: options.server, clientId: options.clientId, clientSecret: options.clientSecret, timeoutMs });
  }

  /**
   * RingCentral's authorize URL for the authorization-code flow with PKCE (S256), and the verifier
   * to keep for the token exchange. The SDK makes both; we store the verifier per login state.
   */
  loginUrl(input: { state: string; redirectUri: string }): { url: string; codeVerifier: string } {
    const platform = this.sdk.platform();
    const url = platform.loginUrl({ state: input.state, redirectUri: input.redirectUri, usePKCE: true });
    return { url, codeVerifier: platform.codeVerifier };
  }

  /** Calls the API as the owner of `token` and returns the parsed JSON body (undefined for an empty body). */
  async call<T = unknown>(token: string, request: RestRequest): Promise<T> {
    return this.send<T>(request, { Authorization: `Bearer ${token}` }, tokenPaceKey(token));
  }

  /** Calls an endpoint that authenticates by its body alone (the RingCX token exchange and refresh). */
  async callWithoutAuthorization<T = unknown>(request: RestRequest): Promise<T> {
    return this.send<T>(request, {}, undefined);
  }

  /** Calls an OAuth endpoint with HTTP Basic client credentials (token exchange, refresh, revoke). */
  async callWithClientCredentials<T = unknown>(request: RestRequest): Promise<T> {
    const basic = Buffer.from(`${this.clientId}:${this.clientSecret}`).toString('base64');
    return this.send<T>({ ...request, form: true }, { Authorization: `Basic ${basic}` }, `client:${this.clientId}`);
  }

  /**
   * Paces the call in its (caller, group) lane, sends it, holds the lane after a 429, and reports the
   * outcome to `onCall`. `paceKey` names the caller RingCentral counts against (a token, or the app).
   */
  private async send<T>(request: RestRequest, headers: Record<string, string>, paceKey: string | undefined): Promise<T> {
    const group = request.group ?? rateGroupOf(request.method, request.path);
    const asked = this.now().getTime();
    const release = this.pacer && group && paceKey ? await this.pacer.acquire(paceKey, group) : undefined;
    const started = this.now().getTime();
    let status = 0;
    let errorCode: string | undefined;
    try {
      const { result, httpStatus } = await this.sendNow<T>(request, headers);
      status = httpStatus;
      return result;
    } catch (error) {
      if (error instanceof RingCentralError) {
        status = error.status;
        errorCode = error.errorCode;
        if (error.status === 429 && this.pacer && group && paceKey) this.pacer.penalize(paceKey, group, error.retryAfterSeconds);
      }
      throw error;
    } finally {
      release?.();
      try {
        this.onCall?.({ method: request.method, path: request.path, group, status, errorCode, waitedMs: started - asked, durationMs: this.now().getTime() - started });
      } catch {
        // a metrics listener never breaks a call
      }
    }
  }

  private async sendNow<T>(request: RestRequest, headers: Record<string, string>): Promise<{ result: T; httpStatus: number }> {
    const query = request.query
      ? Object.fromEntries(Object.entries(request.query).filter(([, v]) => v !== undefined))
      : undefined;
    const allHeaders: Record<string, string> = { ...headers, Accept: 'application/json' };
    let body: unknown = request.body;
    if (request.form) {
      allHeaders['Content-Type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(request.body as Record<string, string>).toString();
    } else if (request.body !== undefined) {
      allHeaders['Content-Type'] = 'application/json';
    }
    let response: Response;
    try {
      response = await this.sdk.platform().send({
        method: request.method,
        url: request.path,
        query,
        body,
        headers: allHeaders,
        skipAuthCheck: true,
        skipDiscoveryCheck: true,
        handleRateLimit: false,
        // `retry: true` tells the SDK this send is already its retry: otherwise it silently sends every 401 twice.
        retry: true,
      });
    } catch (error) {
      throw await toRingCentralError(error);
    }
    const text = await response.text();
    if (!text) return { result: undefined as T, httpStatus: response.status };
    try {
      return { result: JSON.parse(text) as T, httpStatus: response.status };
    } catch {
      throw new RingCentralError(response.status, undefined, `RingCentral answered ${request.method} ${request.path} with a body that is not JSON`, undefined, text);
    }
  }
}

/** The pacer lane key of calls made with `token` (RestClient's and an SDK's own, src/ringcentral/create-node-sdk.ts). */
export function tokenPaceKey(token: string): string {
  return `token:${fingerprint(token)}`;
}

/** A short, one-way name for a token: pacer lanes are keyed by it, so no token sits in a map key or a log. */
function fingerprint(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('base64url').slice(0, 16);
}

async function toRingCentralError(error: unknown): Promise<RingCentralError> {
  const response = (error as { response?: Response | null }).response;
  if (!response) {
    if (error instanceof RequestTimeoutError) return new RingCentralError(0, undefined, error.message, undefined, undefined);
    const message = error instanceof Error ? error.message : String(error);
    return new RingCentralError(0, undefined, `RingCentral could not be reached: ${message}`, undefined, undefined);
  }
  let body: unknown;
  try {
    const text = await response.clone().text();
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  const parsed = (body ?? {}) as ErrorBody;
  const errorCode = parsed.errorCode ?? parsed.errors?.[0]?.errorCode ?? parsed.error;
  const message =
    parsed.message ?? parsed.errors?.[0]?.message ?? parsed.error_description ?? `HTTP ${response.status}`;
  const retryAfterHeader = response.headers.get('Retry-After');
  const retryAfter = retryAfterHeader !== null && /^\d+$/.test(retryAfterHeader) ? Number(retryAfterHeader) : undefined;
  return new RingCentralError(response.status, errorCode, message, retryAfter, body);
}

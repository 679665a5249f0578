import { SDK } from '@ringcentral/sdk';
import type { RequestPacer } from './request-pacer';
import { rateGroupOf } from './rate-group';
import type { RingCentralCall } from './rest-client';

/** The pacer lane an SDK's own calls go in (the same lane RestClient uses for that token), and who hears of each call. */
export interface SdkPacing {
  pacer: RequestPacer;
  /** The lane's caller: `tokenPaceKey(token)` for calls made with a token. */
  key: string;
  now: () => Date;
  onCall?: (call: RingCentralCall) => void;
}

/**
 * An @ringcentral/sdk instance on Node's own fetch. The SDK defaults to a bundled fetch polyfill,
 * whose Request objects Node's fetch does not accept, so Node's Request/Response/Headers go in too;
 * every call gets a time limit; the SDK never retries on 429 by itself. With `pace`, each call the SDK
 * makes by itself (the WebSocket libraries' POST /restapi/oauth/wstoken) waits its turn in the
 * per-(token, rate-limit group) pacer, its group by method and path as the OpenAPI spec's
 * x-throttling-group assigns it (wstoken: Auth), and a 429 holds that lane for its Retry-After.
 */
export function createNodeSdk(options: {
  server: string;
  clientId: string;
  clientSecret: string;
  timeoutMs: number;
  /** Separate token caches for SDKs that live side by side (one per installation or admin). */
  cache?: { prefix: string; storage: object };
  pace?: SdkPacing;
}): SDK {
  const timed = (input: Parameters<typeof fetch>[0], init?: RequestInit) => timedFetch(input, init, options.timeoutMs);
  const pace = options.pace;
  return new SDK({
    server: options.server,
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    handleRateLimit: false,
    ...(options.cache ? { cachePrefix: options.cache.prefix, localStorage: options.cache.storage } : {}),
    Request: globalThis.Request,
    Response: globalThis.Response,
    Headers: globalThis.Headers,
    fetch: pace ? (input: Parameters<typeof fetch>[0], init?: RequestInit) => pacedFetch(input, init, pace, timed) : timed,
  } as ConstructorParameters<typeof SDK>[0]);
}

/**
 * A call that got no answer in time. A plain Error on purpose: the SDK's error wrapper assigns
 * `message` on whatever the fetch threw, and AbortSignal.timeout's DOMException has only a getter
 * for it ("Cannot set property message of … which has only a getter").
 */
export class RequestTimeoutError extends Error {
  constructor(timeoutMs: number, method: string, path: string) {
    super(`RingCentral did not answer within ${Math.round(timeoutMs / 100) / 10} s (${method} ${path})`);
    this.name = 'RequestTimeoutError';
  }
}

async function timedFetch(input: Parameters<typeof fetch>[0], init: RequestInit | undefined, timeoutMs: number): Promise<Response> {
  try {
    return await fetch(input, { ...init, signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    if ((error as { name?: unknown }).name !== 'TimeoutError') throw error;
    const request = input instanceof Request ? input : undefined;
    const url = new URL(request?.url ?? String(input));
    throw new RequestTimeoutError(timeoutMs, request?.method ?? init?.method ?? 'GET', url.pathname);
  }
}

async function pacedFetch(
  input: Parameters<typeof fetch>[0],
  init: RequestInit | undefined,
  pace: SdkPacing,
  send: (input: Parameters<typeof fetch>[0], init?: RequestInit) => Promise<Response>,
): Promise<Response> {
  const request = input instanceof Request ? input : undefined;
  const method = (request?.method ?? init?.method ?? 'GET').toUpperCase();
  const path = new URL(request?.url ?? String(input)).pathname;
  const group = rateGroupOf(method, path);
  const asked = pace.now().getTime();
  const release = group ? await pace.pacer.acquire(pace.key, group) : undefined;
  const started = pace.now().getTime();
  let status = 0;
  try {
    const response = await send(input, init);
    status = response.status;
    if (response.status === 429 && group) {
      const retryAfter = Number(response.headers.get('Retry-After'));
      pace.pacer.penalize(pace.key, group, Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined);
    }
    return response;
  } finally {
    release?.();
    try {
      pace.onCall?.({ method: method as RingCentralCall['method'], path, group, status, errorCode: undefined, waitedMs: started - asked, durationMs: pace.now().getTime() - started });
    } catch {
      // a metrics listener never breaks a call
    }
  }
}

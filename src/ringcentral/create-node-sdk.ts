import { SDK } from '@ringcentral/sdk';

/**
 * An @ringcentral/sdk instance on Node's own fetch. The SDK defaults to a bundled fetch polyfill,
 * whose Request objects Node's fetch does not accept, so Node's Request/Response/Headers go in too;
 * every call gets a time limit; the SDK never retries on 429 by itself.
 */
export function createNodeSdk(options: {
  server: string;
  clientId: string;
  clientSecret: string;
  timeoutMs: number;
  /** Separate token caches for SDKs that live side by side (one per installation or admin). */
  cache?: { prefix: string; storage: object };
}): SDK {
  return new SDK({
    server: options.server,
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    handleRateLimit: false,
    ...(options.cache ? { cachePrefix: options.cache.prefix, localStorage: options.cache.storage } : {}),
    Request: globalThis.Request,
    Response: globalThis.Response,
    Headers: globalThis.Headers,
    fetch: (input: Parameters<typeof fetch>[0], init?: RequestInit) => timedFetch(input, init, options.timeoutMs),
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

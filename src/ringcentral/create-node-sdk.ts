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
    fetch: (input: Parameters<typeof fetch>[0], init?: RequestInit) => fetch(input, { ...init, signal: AbortSignal.timeout(options.timeoutMs) }),
  } as ConstructorParameters<typeof SDK>[0]);
}

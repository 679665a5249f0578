import type { Logger } from '../logging/create-logger';
import type { RequestRateLimiter } from '../ringcentral/request-rate-limiter';
import { RingCentralError } from '../ringcentral/rest-client';
import type { RingcxClient, RingcxTokenPair } from './ringcx-client';

/** RingCX access tokens last 5 minutes (RINGCENTRAL.md §10); the exchange answer does not say so itself. */
export const RINGCX_ACCESS_TTL_MS = 5 * 60_000;
/** Refresh this long before the access token expires, so a call never starts with a dying token. */
export const RINGCX_REFRESH_MARGIN_MS = 60_000;
/** The exchange allows 5 requests a minute (RINGCENTRAL.md §10). */
export const RINGCX_EXCHANGES_PER_MINUTE = 5;

/** One account's RingCX pair, as stored (sealed) in `ringcx_tokens`. */
export interface StoredRingcxToken {
  accessToken: string;
  refreshToken: string | null;
  accessExpiresAt: Date;
  /** The admin whose RingCentral token was exchanged. */
  extensionId: string;
  mainAccountId: string | null;
}

export interface RingcxTokenStore {
  load(accountId: string): Promise<StoredRingcxToken | undefined>;
  save(accountId: string, token: StoredRingcxToken): Promise<void>;
}

/** Gives the admin whose RingCentral token to exchange when a fresh RingCX pair is needed. */
export type RingcentralTokenSource = () => Promise<{ extensionId: string; rcAccessToken: string }>;

/**
 * One RingCX token per account, cached in memory and sealed in the database: used until a minute
 * before its 5 minutes are up, then refreshed (the new pair is stored before it is used), and only
 * when the refresh fails exchanged again from an admin's RingCentral token, because the exchange
 * allows 5 requests a minute and must never happen per request.
 */
export class RingcxTokenManager {
  private readonly cache = new Map<string, StoredRingcxToken>();
  private readonly inFlight = new Map<string, Promise<string>>();

  constructor(
    private readonly client: RingcxClient,
    private readonly store: RingcxTokenStore,
    private readonly now: () => Date,
    private readonly exchangeLimiter: RequestRateLimiter,
    private readonly logger: Logger,
  ) {}

  /** A RingCX access token for the account that is good for at least another minute. */
  token(accountId: string, source: RingcentralTokenSource): Promise<string> {
    return this.single(accountId, () => this.obtain(accountId, source));
  }

  /**
   * After RingCX answered 401 "Jwt is expired" to `staleToken`: a newer token when another call
   * already renewed it, else a refreshed (or re-exchanged) one.
   */
  renew(accountId: string, staleToken: string, source: RingcentralTokenSource): Promise<string> {
    return this.single(accountId, () => this.obtain(accountId, source, staleToken));
  }

  /** Exchanges this admin's RingCentral token now, within the exchange's 5 a minute; the pair is not kept (see `adopt`). */
  async exchange(extensionId: string, rcAccessToken: string): Promise<RingcxTokenPair> {
    await this.exchangeLimiter.take(`ringcx-exchange:${extensionId}`);
    return this.client.exchange(rcAccessToken);
  }

  /** Keeps a pair from `exchange` as the account's token (once the admin's RingCX access is checked). */
  async adopt(accountId: string, extensionId: string, pair: RingcxTokenPair): Promise<void> {
    await this.keep(accountId, extensionId, pair);
  }

  /** Exchanges this admin's RingCentral token and keeps the pair for the account. */
  async exchangeFor(accountId: string, extensionId: string, rcAccessToken: string): Promise<RingcxTokenPair> {
    const pair = await this.exchange(extensionId, rcAccessToken);
    await this.keep(accountId, extensionId, pair);
    return pair;
  }

  private async single(accountId: string, work: () => Promise<string>): Promise<string> {
    const running = this.inFlight.get(accountId);
    if (running) return running;
    const promise = work().finally(() => this.inFlight.delete(accountId));
    this.inFlight.set(accountId, promise);
    return promise;
  }

  private async obtain(accountId: string, source: RingcentralTokenSource, staleToken?: string): Promise<string> {
    const current = this.cache.get(accountId) ?? (await this.store.load(accountId));
    const fresh = current !== undefined && current.accessExpiresAt.getTime() - this.now().getTime() > RINGCX_REFRESH_MARGIN_MS;
    if (current && fresh && current.accessToken !== staleToken) {
      this.cache.set(accountId, current);
      return current.accessToken;
    }
    if (current?.refreshToken) {
      try {
        const pair = await this.client.refresh(current.refreshToken);
        this.logger.debug({ accountId }, 'RingCX token refreshed');
        return (await this.keep(accountId, current.extensionId, pair)).accessToken;
      } catch (error) {
        if (error instanceof RingCentralError && error.retryable) throw error;
        this.logger.info({ accountId, err: error instanceof Error ? error.message : error }, 'RingCX refresh refused; exchanging again');
      }
    }
    const { extensionId, rcAccessToken } = await source();
    return (await this.exchangeFor(accountId, extensionId, rcAccessToken)).accessToken;
  }

  private async keep(accountId: string, extensionId: string, pair: RingcxTokenPair): Promise<StoredRingcxToken> {
    const token: StoredRingcxToken = {
      accessToken: pair.accessToken,
      refreshToken: pair.refreshToken ?? null,
      accessExpiresAt: new Date(this.now().getTime() + RINGCX_ACCESS_TTL_MS),
      extensionId,
      mainAccountId: pair.mainAccountId ?? null,
    };
    // Stored before use: a refresh token works once, so a crash must not leave us with the old one.
    await this.store.save(accountId, token);
    this.cache.set(accountId, token);
    return token;
  }
}

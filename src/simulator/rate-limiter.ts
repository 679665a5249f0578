/** RingCentral's per-user-per-app request budgets per minute (RINGCENTRAL.md §6). */
export const RATE_LIMITS: Readonly<Record<string, number>> = { Light: 50, Medium: 40, Heavy: 10, Auth: 5 };

export const WINDOW_MS = 60_000;

export interface RateDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** seconds, set when refused */
  retryAfter?: number;
  /** The request came while the key was in its penalty (and restarted it). */
  duringPenalty?: boolean;
}

interface Bucket {
  windowStart: number;
  count: number;
  penaltyUntil: number;
}

/**
 * Fixed 60 s windows per key on an injected clock. Going over the limit starts a 60 s penalty, and
 * every request made during the penalty restarts it: RINGCENTRAL.md §6 ("60 s penalty that restarts on
 * every request made during it", the developer guide's rate-limits page calls it the unending 429 trap).
 * Requests made during a penalty are counted, so a test can show a client never makes one.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  /** How many requests arrived while their key was in a penalty. */
  requestsDuringPenalty = 0;

  constructor(private readonly now: () => number) {}

  /** Count one request against `key` with `limit` per window; `penalty` false = plain windows (RingCX). */
  hit(key: string, limit: number, penalty = true): RateDecision {
    const now = this.now();
    let bucket = this.buckets.get(key);
    if (bucket === undefined) {
      bucket = { windowStart: now, count: 0, penaltyUntil: 0 };
      this.buckets.set(key, bucket);
    }
    if (bucket.penaltyUntil > now) {
      this.requestsDuringPenalty += 1;
      bucket.penaltyUntil = now + WINDOW_MS;
      return { allowed: false, limit, remaining: 0, retryAfter: WINDOW_MS / 1000, duringPenalty: true };
    }
    if (now - bucket.windowStart >= WINDOW_MS) {
      bucket.windowStart = now;
      bucket.count = 0;
    }
    bucket.count += 1;
    if (bucket.count > limit) {
      if (!penalty) return { allowed: false, limit, remaining: 0, retryAfter: Math.max(1, Math.ceil((bucket.windowStart + WINDOW_MS - now) / 1000)) };
      bucket.penaltyUntil = now + WINDOW_MS;
      return { allowed: false, limit, remaining: 0, retryAfter: WINDOW_MS / 1000 };
    }
    return { allowed: true, limit, remaining: limit - bucket.count };
  }

  /** Starts a penalty of `seconds` for `key` now (an injected 429 is a penalty like any other). */
  penalize(key: string, seconds: number): void {
    const now = this.now();
    let bucket = this.buckets.get(key);
    if (bucket === undefined) {
      bucket = { windowStart: now, count: 0, penaltyUntil: 0 };
      this.buckets.set(key, bucket);
    }
    bucket.penaltyUntil = Math.max(bucket.penaltyUntil, now + seconds * 1000);
  }
}

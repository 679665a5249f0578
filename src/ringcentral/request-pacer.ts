import { RATE_GROUP_LIMITS, DEFAULT_RETRY_AFTER_SECONDS, type RateGroup } from './rate-group';

const WINDOW_MS = 60_000;
/** Kept between the end of a window and the next call, for clocks that disagree a little. */
const MARGIN_MS = 1_000;

interface Slot {
  /** When the call finished; undefined while it is in flight (an in-flight call always counts). */
  doneAt: number | undefined;
}

interface Bucket {
  slots: Slot[];
  /** No call of this group for this token before this time (set by a 429). */
  penaltyUntil: number;
  /** Woken when a call finishes, for callers waiting on a window full of calls in flight. */
  waiters: (() => void)[];
  /** Callers pausing on the clock for this lane (a lane with any is never forgotten). */
  sleepers: number;
}

/**
 * One pacer per (token, rate-limit group) for every RingCentral call: at most the group's budget in any
 * 60 s, and nothing at all while a 429's Retry-After runs (RINGCENTRAL.md §6: a request made during
 * the penalty restarts it, the "unending 429 trap").
 *
 * A call's slot is dated by when it *finished*, and a call in flight always counts, so however long a
 * call takes to reach RingCentral, no 60 s window there can hold more than the budget.
 */
export class RequestPacer {
  private readonly buckets = new Map<string, Bucket>();
  private acquiredSincePrune = 0;

  constructor(
    private readonly now: () => Date,
    private readonly sleep: (ms: number) => Promise<void>,
    private readonly limits: Readonly<Record<RateGroup, number>> = RATE_GROUP_LIMITS,
  ) {}

  /** Waits until one more call of `group` for `key` may go, and returns the function to call when it has finished. */
  async acquire(key: string, group: RateGroup): Promise<() => void> {
    if (++this.acquiredSincePrune >= 1_000) this.prune();
    const bucket = this.bucket(key, group);
    const limit = this.limits[group];
    for (;;) {
      const now = this.now().getTime();
      if (bucket.penaltyUntil > now) {
        await this.pause(bucket, bucket.penaltyUntil - now);
        continue;
      }
      bucket.slots = bucket.slots.filter((s) => s.doneAt === undefined || now - s.doneAt < WINDOW_MS + MARGIN_MS);
      if (bucket.slots.length < limit) {
        const slot: Slot = { doneAt: undefined };
        bucket.slots.push(slot);
        return () => {
          if (slot.doneAt !== undefined) return;
          slot.doneAt = this.now().getTime();
          for (const wake of bucket.waiters.splice(0)) wake();
        };
      }
      if (bucket.slots.some((s) => s.doneAt === undefined)) {
        // A call still in flight will date its slot when it finishes, which moves the window: wait for
        // that rather than for the oldest finished slot. (It also keeps a fake clock honest: a pause
        // never passes while a call of this lane is still on its way.)
        await new Promise<void>((resolve) => bucket.waiters.push(resolve));
        continue;
      }
      const oldest = Math.min(...bucket.slots.map((s) => s.doneAt ?? now));
      await this.pause(bucket, oldest + WINDOW_MS + MARGIN_MS - now);
    }
  }

  /** RingCentral answered 429: hold every call of `group` for `key` for Retry-After seconds (30 when absent). */
  penalize(key: string, group: RateGroup, retryAfterSeconds: number | undefined): void {
    const bucket = this.bucket(key, group);
    const seconds = retryAfterSeconds !== undefined && retryAfterSeconds > 0 ? retryAfterSeconds : DEFAULT_RETRY_AFTER_SECONDS;
    bucket.penaltyUntil = Math.max(bucket.penaltyUntil, this.now().getTime() + seconds * 1000 + MARGIN_MS);
  }

  /** When the penalty of `group` for `key` ends (0 when there is none): for status and tests. */
  penaltyEnds(key: string, group: RateGroup): number {
    return this.buckets.get(`${key}|${group}`)?.penaltyUntil ?? 0;
  }

  private async pause(bucket: Bucket, ms: number): Promise<void> {
    bucket.sleepers += 1;
    try {
      await this.sleep(ms);
    } finally {
      bucket.sleepers -= 1;
    }
  }

  /** Forgets idle lanes (admin access tokens rotate hourly, so their lanes would pile up). */
  private prune(): void {
    this.acquiredSincePrune = 0;
    const now = this.now().getTime();
    for (const [id, bucket] of this.buckets) {
      const idle = bucket.waiters.length === 0 && bucket.sleepers === 0 && bucket.penaltyUntil <= now && bucket.slots.every((s) => s.doneAt !== undefined && now - s.doneAt >= WINDOW_MS + MARGIN_MS);
      if (idle) this.buckets.delete(id);
    }
  }

  private bucket(key: string, group: RateGroup): Bucket {
    const id = `${key}|${group}`;
    let bucket = this.buckets.get(id);
    if (bucket === undefined) {
      bucket = { slots: [], penaltyUntil: 0, waiters: [], sleepers: 0 };
      this.buckets.set(id, bucket);
    }
    return bucket;
  }
}

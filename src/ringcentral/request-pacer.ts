import { RATE_GROUP_LIMITS, DEFAULT_RETRY_AFTER_SECONDS, type RateGroup } from './rate-group';
import type { LedgerTake, RateLedger } from './shared-rate-ledger';
import type { Logger } from '../logging/create-logger';

const WINDOW_MS = 60_000;
/** Kept between the end of a window and the next call, for clocks that disagree a little. */
const MARGIN_MS = 1_000;
/** How long a call waits for the shared ledger's answer (real time) before it goes on local pacing alone. */
const LEDGER_TIMEOUT_MS = 5_000;
/** At most one warning this often (bot clock) while the ledger cannot be reached. */
const LEDGER_WARN_EVERY_MS = 60_000;

/** The second stage, across instances (PostgreSQL): every lane's budget and penalty kept in the database too. */
export interface SharedPacing {
  ledger: RateLedger;
  /** Told when the ledger could not be asked or written; the call then goes on local pacing alone. */
  logger: Pick<Logger, 'warn'>;
  /** Real-time limit on one ledger answer (default 5 s). */
  timeoutMs?: number;
}

interface Slot {
  /** When the call finished; undefined while it is in flight (an in-flight call always counts). */
  doneAt: number | undefined;
  /** The call may go (or went): false while it waits for the shared ledger. */
  going: boolean;
}

interface Bucket {
  slots: Slot[];
  /** No call of this group for this token before this time (set by a 429). */
  penaltyUntil: number;
  /** Woken when a call finishes, for callers waiting on a window full of calls in flight. */
  waiters: (() => void)[];
  /** Callers pausing on the clock for this lane (a lane with any is never forgotten). */
  sleepers: number;
  /** Settles when the caller now asking the shared ledger for this lane is done: one asks at a time. */
  gate: Promise<void>;
}

/**
 * One pacer per (token, rate-limit group) for every RingCentral call: at most the group's budget in any
 * 60 s, and nothing at all while a 429's Retry-After runs (RINGCENTRAL.md §6: a request made during
 * the penalty restarts it, the "unending 429 trap").
 *
 * A call's slot is dated by when it *finished*, and a call in flight always counts, so however long a
 * call takes to reach RingCentral, no 60 s window there can hold more than the budget.
 *
 * With `shared` (several instances on one PostgreSQL database, all using the same tokens) a call that
 * passed these checks also takes a slot in the lane's shared ledger, which counts every instance's
 * calls the same way and holds the lane while any instance's 429 penalty runs. Should the ledger fail
 * or not answer in time, the call goes on this process's pacing alone (a send never fails for it).
 */
export class RequestPacer {
  private readonly buckets = new Map<string, Bucket>();
  private acquiredSincePrune = 0;

  constructor(
    private readonly now: () => Date,
    private readonly sleep: (ms: number) => Promise<void>,
    private readonly limits: Readonly<Record<RateGroup, number>> = RATE_GROUP_LIMITS,
    private readonly shared?: SharedPacing,
  ) {}

  private lastLedgerWarning = -Infinity;
  private ledgerFailures = 0;

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
        const slot: Slot = { doneAt: undefined, going: this.shared === undefined };
        bucket.slots.push(slot);
        let sharedSlot: string | undefined;
        const release = (): void => {
          if (slot.doneAt !== undefined) return;
          slot.doneAt = this.now().getTime();
          for (const wake of bucket.waiters.splice(0)) wake();
          if (sharedSlot !== undefined && this.shared) this.shared.ledger.release(key, group, sharedSlot, slot.doneAt).catch((error: unknown) => this.ledgerFailed(error, 'release'));
        };
        if (this.shared) {
          try {
            // the local slot is held (an in-flight call) while the ledger is asked
            sharedSlot = await this.takeShared(this.shared, key, group, bucket, limit);
            slot.going = true;
          } catch (error) {
            release();
            throw error;
          }
        }
        return release;
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
    this.shared?.ledger.penalize(key, group, bucket.penaltyUntil).catch((error: unknown) => this.ledgerFailed(error, 'penalty'));
  }

  /** When the penalty of `group` for `key` ends (0 when there is none): for status and tests. */
  penaltyEnds(key: string, group: RateGroup): number {
    return this.buckets.get(`${key}|${group}`)?.penaltyUntil ?? 0;
  }

  /**
   * Waits until the shared ledger grants a slot in the lane (pausing while it is full or a penalty
   * runs there or here) and returns the slot; undefined when the ledger failed (local pacing only).
   */
  private async takeShared(shared: SharedPacing, key: string, group: RateGroup, bucket: Bucket, limit: number): Promise<string | undefined> {
    const previous = bucket.gate;
    let leave!: () => void;
    bucket.gate = new Promise<void>((resolve) => (leave = resolve));
    await previous;
    try {
      for (;;) {
        const now = this.now().getTime();
        if (bucket.penaltyUntil > now) {
          await this.pause(bucket, bucket.penaltyUntil - now);
          continue;
        }
        let answer: LedgerTake;
        try {
          answer = await this.askLedger(shared, key, group, limit);
        } catch (error) {
          this.ledgerFailed(error, 'take');
          return undefined;
        }
        if ('slot' in answer) return answer.slot;
        if (answer.penaltyUntil !== undefined) {
          // another instance's 429: hold this lane here too (and say so in penaltyEnds)
          bucket.penaltyUntil = Math.max(bucket.penaltyUntil, answer.penaltyUntil);
        } else if (bucket.slots.some((s) => s.going && s.doneAt === undefined)) {
          // a call of this process is on its way and will date its slot when it finishes: ask again
          // then rather than sleeping on a guess (as the local stage does; it keeps a fake clock honest too)
          await new Promise<void>((resolve) => bucket.waiters.push(resolve));
          continue;
        }
        await this.pause(bucket, answer.waitMs);
      }
    } finally {
      leave();
    }
  }

  /** The ledger's answer, or a timeout error after `timeoutMs`; a slot granted after that is given back at once. */
  private askLedger(shared: SharedPacing, key: string, group: RateGroup, limit: number): Promise<LedgerTake> {
    const taking = shared.ledger.take(key, group, limit);
    const timeoutMs = shared.timeoutMs ?? LEDGER_TIMEOUT_MS;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        taking.then(
          (late) => {
            if ('slot' in late) shared.ledger.release(key, group, late.slot, this.now().getTime()).catch(() => undefined);
          },
          () => undefined,
        );
        reject(new Error(`the shared rate ledger did not answer within ${timeoutMs} ms`));
      }, timeoutMs);
      timer.unref?.();
    });
    return Promise.race([taking, timeout]).finally(() => clearTimeout(timer));
  }

  private ledgerFailed(error: unknown, what: 'take' | 'release' | 'penalty'): void {
    this.ledgerFailures += 1;
    const now = this.now().getTime();
    if (now - this.lastLedgerWarning < LEDGER_WARN_EVERY_MS) return;
    this.lastLedgerWarning = now;
    const failures = this.ledgerFailures;
    this.ledgerFailures = 0;
    try {
      this.shared?.logger.warn({ err: error, what, failures }, 'Shared rate ledger failed: RingCentral calls go on this instance\'s own pacing until it answers');
    } catch {
      // a logger never breaks a call
    }
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
      bucket = { slots: [], penaltyUntil: 0, waiters: [], sleepers: 0, gate: Promise.resolve() };
      this.buckets.set(id, bucket);
    }
    return bucket;
  }
}

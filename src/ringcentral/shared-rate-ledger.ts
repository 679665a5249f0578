import { createHash } from 'node:crypto';
import { QueryTypes, type Sequelize } from 'sequelize';
import type { RateGroup } from './rate-group';
import { processInstanceId } from '../jobs/instance-id';

/** A finished call's slot counts this long after it finished (the pacer's 60 s window plus its 1 s margin). */
export const SHARED_WINDOW_MS = 61_000;
/** An unfinished slot older than this belongs to a crashed instance (or a hung call) and no longer counts. */
export const IN_FLIGHT_STALE_MS = 120_000;
/** Rows this long past counting are deleted (every PRUNE_EVERY takes of one ledger). */
const PRUNE_AFTER_MS = 120_000;
const PRUNE_EVERY = 200;

/** What the ledger answered: the call may go (with the slot to release), or not before `waitMs`. */
export type LedgerTake = { slot: string } | { waitMs: number; penaltyUntil?: number };

/** The budget and penalties of each lane, shared by every instance on one database. */
export interface RateLedger {
  /** Takes a slot in the lane of (`key`, `group`) if fewer than `limit` count and no penalty runs. */
  take(key: string, group: RateGroup, limit: number): Promise<LedgerTake>;
  /** The call of `slot` finished at `at`. */
  release(key: string, group: RateGroup, slot: string, at: number): Promise<void>;
  /** RingCentral answered 429: no call in the lane before `until`. */
  penalize(key: string, group: RateGroup, until: number): Promise<void>;
}

/**
 * The lane's id in the database: SHA-256 hex of the pacer key and the group. Keys can be access tokens
 * (RestClient's are already a fingerprint, but an SDK's need not be), so no key is ever stored.
 */
export function laneId(key: string, group: RateGroup): string {
  return createHash('sha256').update(`${key}|${group}`, 'utf8').digest('hex');
}

/**
 * The shared stage of RequestPacer on PostgreSQL (RINGCENTRAL.md §6 across instances): a lane's slots
 * are rows of `rate_slots`, counted and taken in one transaction under the lane's advisory lock, so
 * two instances cannot both take the last one; a 429's penalty is the lane's row of `rate_penalties`.
 * Times are the bot's clock (`now`), not the database's, like every other time the bot writes.
 */
export class SharedRateLedger implements RateLedger {
  private takes = 0;
  /** Releases and penalties still being written, by lane. */
  private readonly pending = new Map<string, Set<Promise<unknown>>>();

  constructor(
    private readonly sequelize: Sequelize,
    private readonly now: () => Date,
    private readonly instance: string = processInstanceId(),
  ) {}

  async take(key: string, group: RateGroup, limit: number): Promise<LedgerTake> {
    const lane = laneId(key, group);
    if (++this.takes % PRUNE_EVERY === 1) this.track('', this.prune().catch(() => undefined));
    // this instance's own releases and penalties of the lane first, so it never counts its finished calls as unfinished
    await Promise.allSettled([...(this.pending.get(lane) ?? [])]);
    return this.sequelize.transaction(async (transaction) => {
      // a slot is bookkeeping for the next minute: not worth a WAL flush before the call may go
      await this.sequelize.query('SET LOCAL synchronous_commit = off', { transaction });
      await this.sequelize.query('SELECT pg_advisory_xact_lock(hashtext(:lane))', { replacements: { lane }, transaction, type: QueryTypes.SELECT });
      // read after the lock: the time of this decision, with every slot another instance took before it
      const now = this.now().getTime();
      const rows = await this.sequelize.query<{ penalty: Date | string | null; acquired_at: Date | string | null; done_at: Date | string | null }>(
        `SELECT (SELECT until FROM rate_penalties WHERE lane = :lane) AS penalty, s.acquired_at, s.done_at
           FROM (SELECT 1) AS one
           LEFT JOIN rate_slots s ON s.lane = :lane
            AND ((s.done_at IS NULL AND s.acquired_at > :staleBefore) OR s.done_at > :windowStart)`,
        { replacements: { lane, staleBefore: new Date(now - IN_FLIGHT_STALE_MS), windowStart: new Date(now - SHARED_WINDOW_MS) }, transaction, type: QueryTypes.SELECT },
      );
      const penalty = rows[0]?.penalty ? new Date(rows[0].penalty).getTime() : 0;
      if (penalty > now) return { waitMs: penalty - now, penaltyUntil: penalty };
      // when each counted slot stops counting at the earliest (an unfinished one: a window after now, or when it goes stale)
      const frees = rows
        .filter((r) => r.acquired_at !== null)
        .map((r) => (r.done_at !== null ? new Date(r.done_at).getTime() + SHARED_WINDOW_MS : Math.min(new Date(r.acquired_at!).getTime() + IN_FLIGHT_STALE_MS, now + SHARED_WINDOW_MS)))
        .sort((a, b) => a - b);
      if (frees.length >= limit) return { waitMs: Math.max(1, frees[frees.length - limit]! - now) };
      const inserted = await this.sequelize.query<{ id: string | number }>(
        'INSERT INTO rate_slots (lane, instance, acquired_at) VALUES (:lane, :instance, :at) RETURNING id',
        { replacements: { lane, instance: this.instance.slice(0, 64), at: new Date(now) }, transaction, type: QueryTypes.SELECT },
      );
      return { slot: String(inserted[0]!.id) };
    });
  }

  release(key: string, group: RateGroup, slot: string, at: number): Promise<void> {
    return this.track(
      laneId(key, group),
      this.sequelize.transaction(async (transaction) => {
        await this.sequelize.query('SET LOCAL synchronous_commit = off', { transaction });
        await this.sequelize.query('UPDATE rate_slots SET done_at = :at WHERE id = :id AND done_at IS NULL', { replacements: { id: slot, at: new Date(at) }, transaction });
      }),
    );
  }

  penalize(key: string, group: RateGroup, until: number): Promise<void> {
    const lane = laneId(key, group);
    return this.track(
      lane,
      this.sequelize
        .query(
          `INSERT INTO rate_penalties (lane, until) VALUES (:lane, :until)
           ON CONFLICT (lane) DO UPDATE SET until = GREATEST(rate_penalties.until, EXCLUDED.until)`,
          { replacements: { lane, until: new Date(until) } },
        )
        .then(() => undefined),
    );
  }

  /** Resolves once every write started so far has finished (or failed): before the database closes. */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending.values()].flatMap((writes) => [...writes]));
  }

  private async prune(): Promise<void> {
    const now = this.now().getTime();
    const old = new Date(now - SHARED_WINDOW_MS - PRUNE_AFTER_MS);
    await this.sequelize.query('DELETE FROM rate_slots WHERE (done_at IS NOT NULL AND done_at < :old) OR (done_at IS NULL AND acquired_at < :stale)', {
      replacements: { old, stale: new Date(now - IN_FLIGHT_STALE_MS - PRUNE_AFTER_MS) },
    });
    await this.sequelize.query('DELETE FROM rate_penalties WHERE until < :old', { replacements: { old } });
  }

  private track<T>(lane: string, write: Promise<T>): Promise<T> {
    const writes = this.pending.get(lane) ?? new Set<Promise<unknown>>();
    this.pending.set(lane, writes);
    writes.add(write);
    const forget = () => {
      writes.delete(write);
      if (writes.size === 0 && this.pending.get(lane) === writes) this.pending.delete(lane);
    };
    write.then(forget, forget);
    return write;
  }
}

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { QueryTypes, type Sequelize } from 'sequelize';
import { connectDatabase } from '../../src/db/connect';
import { migrateUp } from '../../src/db/migrate';
import { RequestPacer } from '../../src/ringcentral/request-pacer';
import { SharedRateLedger, laneId, type LedgerTake, type RateLedger } from '../../src/ringcentral/shared-rate-ledger';
import type { RateGroup } from '../../src/ringcentral/rate-group';
import { tokenPaceKey } from '../../src/ringcentral/rest-client';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { ADMIN_CLIENT_ID, LogCapture, startHarness } from '../support/harness';
import { installedWorld } from '../support/world';
import { createApp, type App } from '../../src/app';
import { createLogger } from '../../src/logging/create-logger';

const postgres = process.env.TEST_DB === 'postgres' && process.env.TEST_DATABASE_URL !== undefined;
const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One fake clock for both "processes". A sleep passes only when the test moves the clock: whenever
 * nobody has done anything for a while, no ledger call is under way and someone sleeps, the clock moves
 * to the earliest wake-up (both instances are waiting).
 */
class SteppedClock {
  ms = Date.parse('2026-12-01T12:00:00.000Z');
  events = 0;
  ledgerCalls = 0;
  private sleepers: { until: number; wake: () => void }[] = [];
  readonly now = (): Date => new Date(this.ms);
  readonly sleep = (ms: number): Promise<void> =>
    new Promise<void>((resolve) => {
      this.events += 1;
      this.sleepers.push({ until: this.ms + ms, wake: resolve });
    });

  /** Moves the clock whenever everyone waits on it, until `work` is done; returns its result. */
  async drive<T>(work: Promise<T>): Promise<T> {
    let finished = false;
    const watched = work.finally(() => (finished = true));
    while (!finished) {
      const seen = this.events;
      await delay(25);
      if (finished || this.events !== seen || this.ledgerCalls > 0 || this.sleepers.length === 0) continue;
      this.ms = Math.max(this.ms, Math.min(...this.sleepers.map((s) => s.until)));
      const due = this.sleepers.filter((s) => s.until <= this.ms);
      this.sleepers = this.sleepers.filter((s) => s.until > this.ms);
      this.events += 1;
      for (const s of due) s.wake();
    }
    return watched;
  }
}

/** The ledger, with every call counted on the clock (so the clock never moves while one is under way). */
class CountedLedger implements RateLedger {
  constructor(
    private readonly inner: SharedRateLedger,
    private readonly clock: SteppedClock,
  ) {}
  take(key: string, group: RateGroup, limit: number): Promise<LedgerTake> {
    return this.counted(() => this.inner.take(key, group, limit));
  }
  release(key: string, group: RateGroup, slot: string, at: number): Promise<void> {
    return this.counted(() => this.inner.release(key, group, slot, at));
  }
  penalize(key: string, group: RateGroup, until: number): Promise<void> {
    return this.counted(() => this.inner.penalize(key, group, until));
  }
  private async counted<T>(call: () => Promise<T>): Promise<T> {
    this.clock.ledgerCalls += 1;
    this.clock.events += 1;
    try {
      return await call();
    } finally {
      this.clock.ledgerCalls -= 1;
      this.clock.events += 1;
    }
  }
}

/** The most of `times` in any 60 s window. */
function busiestMinute(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let i = 0; i < sorted.length; i += 1) most = Math.max(most, sorted.filter((t) => t >= sorted[i]! && t < sorted[i]! + 60_000).length);
  return most;
}

describe.runIf(postgres)('Pacing shared by two instances on one PostgreSQL database (PostgreSQL only: skipped on SQLite)', () => {
  let db: TestDatabase;
  let first: Sequelize;
  let second: Sequelize;
  let clock: SteppedClock;
  let ledgers: SharedRateLedger[];
  let pacers: RequestPacer[];
  const warnings: unknown[] = [];

  beforeEach(async () => {
    db = await createTestDatabase();
    first = connectDatabase(db.url);
    await migrateUp(first);
    second = connectDatabase(db.url);
    clock = new SteppedClock();
    warnings.length = 0;
    const logger = { warn: (...args: unknown[]) => void warnings.push(args) };
    // two "processes": each its own connection pool, ledger and pacer, on one database and one clock
    ledgers = [new SharedRateLedger(first, clock.now, 'instance-a'), new SharedRateLedger(second, clock.now, 'instance-b')];
    pacers = ledgers.map((ledger) => new RequestPacer(clock.now, clock.sleep, undefined, { ledger: new CountedLedger(ledger, clock), logger }));
  });
  afterEach(async () => {
    for (const ledger of ledgers) await ledger.idle();
    await first.close().catch(() => undefined);
    await second.close().catch(() => undefined);
    await db.drop();
  });

  /** `calls` Medium calls per pacer, all at once, each finishing a moment after it may go; their release times. */
  async function burst(key: string, calls: number, racers: RequestPacer[]): Promise<number[][]> {
    const released: number[][] = racers.map(() => []);
    const work = Promise.all(
      racers.flatMap((pacer, p) =>
        Array.from({ length: calls }, async () => {
          const release = await pacer.acquire(key, 'Medium');
          clock.events += 1;
          await new Promise((resolve) => setImmediate(resolve));
          released[p]!.push(clock.ms);
          release();
          clock.events += 1;
        }),
      ),
    );
    await clock.drive(work);
    return released;
  }

  it('When two instances each make 100 Medium calls for one token as fast as they can, then no 60 s window of finished calls holds more than 40 across both', { timeout: 60_000 }, async () => {
    const key = tokenPaceKey('admin-access-token-shared-by-both');
    const released = await burst(key, 100, pacers);

    expect(released.map((times) => times.length)).toEqual([100, 100]);
    // both instances got calls out, and together they kept to one budget
    expect(Math.min(...released.map((times) => times.length))).toBeGreaterThan(0);
    expect(busiestMinute(released.flat())).toBeLessThanOrEqual(40);
    // 200 calls at 40 a window: at least 4 full windows passed
    expect(Math.max(...released.flat()) - Math.min(...released.flat())).toBeGreaterThanOrEqual(4 * 60_000);
    expect(warnings).toEqual([]);
  });

  it('When the two pacers do not share a ledger, then the same burst exceeds the budget (what the ledger prevents)', { timeout: 60_000 }, async () => {
    const alone = [0, 1].map(() => new RequestPacer(clock.now, clock.sleep));
    const released = await burst('token:not-shared', 60, alone);
    expect(busiestMinute(released.flat())).toBeGreaterThan(40);
  });

  it('When one instance gets a 429, then the other makes no call of that group for that token until the penalty ends, and other groups are not held', { timeout: 60_000 }, async () => {
    const key = tokenPaceKey('admin-access-token-penalized');
    const [a, b] = pacers as [RequestPacer, RequestPacer];
    (await clock.drive(b.acquire(key, 'Medium')))();
    a.penalize(key, 'Medium', 45);
    for (const ledger of ledgers) await ledger.idle();
    const ends = a.penaltyEnds(key, 'Medium');
    expect(ends).toBe(clock.ms + 46_000);

    // a Light call of the same token goes at once
    const lightAt = clock.ms;
    (await clock.drive(b.acquire(key, 'Light')))();
    expect(clock.ms).toBe(lightAt);

    const release = await clock.drive(b.acquire(key, 'Medium'));
    expect(clock.ms).toBeGreaterThanOrEqual(ends);
    expect(b.penaltyEnds(key, 'Medium')).toBe(ends);
    release();
  });

  it('When lanes are stored, then the table holds a SHA-256 hex lane id and neither the token nor the pacer key', { timeout: 60_000 }, async () => {
    // an SDK's lane key may be anything the caller chose: here a raw access token
    const token = 'U0pDMTFQMDFQQVMwMHxBQUFfdG9rZW5fdGhhdF9tdXN0X25ldmVyX2JlX3N0b3JlZA';
    const [a, b] = pacers as [RequestPacer, RequestPacer];
    (await clock.drive(a.acquire(token, 'Medium')))();
    (await clock.drive(b.acquire(tokenPaceKey(token), 'Heavy')))();
    a.penalize(token, 'Medium', 30);
    for (const ledger of ledgers) await ledger.idle();

    const slots = await first.query<{ lane: string; instance: string }>('SELECT lane, instance FROM rate_slots', { type: QueryTypes.SELECT });
    const penalties = await first.query<{ lane: string }>('SELECT lane FROM rate_penalties', { type: QueryTypes.SELECT });
    expect(slots.map((s) => s.lane).sort()).toEqual([laneId(token, 'Medium'), laneId(tokenPaceKey(token), 'Heavy')].sort());
    expect(penalties.map((p) => p.lane)).toEqual([laneId(token, 'Medium')]);
    for (const lane of [...slots, ...penalties].map((r) => r.lane)) expect(lane).toMatch(/^[0-9a-f]{64}$/);
    const stored = JSON.stringify([slots, penalties]);
    expect(stored).not.toContain(token);
    expect(stored).not.toContain(tokenPaceKey(token));
    // the same search over the whole tables, in the database
    const found = await first.query<{ n: string }>(
      `SELECT count(*) AS n FROM (SELECT row_to_json(s)::text AS t FROM rate_slots s UNION ALL SELECT row_to_json(p)::text FROM rate_penalties p) x WHERE t LIKE :pattern`,
      { replacements: { pattern: `%${token.slice(0, 24)}%` }, type: QueryTypes.SELECT },
    );
    expect(Number(found[0]!.n)).toBe(0);
  });

  it('When a ledger starts taking slots, then rows long past counting are deleted and the rest kept', { timeout: 60_000 }, async () => {
    const lane = laneId('token:old', 'Medium');
    const at = (msAgo: number) => new Date(clock.ms - msAgo);
    const rows: [number, Date, Date | null][] = [
      [1001, at(10 * 60_000), at(10 * 60_000)], // finished long ago: deleted
      [1002, at(60_000), at(30_000)], // finished within the window: kept
      [1003, at(10 * 60_000), null], // never finished, long stale: deleted
      [1004, at(30_000), null], // in flight: kept
    ];
    // ids far from the sequence's, which the take below draws from
    for (const [id, acquired, done] of rows) {
      await first.query('INSERT INTO rate_slots (id, lane, instance, acquired_at, done_at) VALUES (:id, :lane, :instance, :acquired, :done)', { replacements: { id, lane, instance: 'gone', acquired, done } });
    }
    await first.query('INSERT INTO rate_penalties (lane, until) VALUES (:lane, :until)', { replacements: { lane, until: at(10 * 60_000) } });
    const fresh = new SharedRateLedger(first, clock.now, 'instance-c');
    expect(await fresh.take('token:other', 'Light', 50)).toHaveProperty('slot');
    await fresh.idle();
    const left = await first.query<{ id: string }>('SELECT id FROM rate_slots WHERE lane = :lane ORDER BY id', { replacements: { lane }, type: QueryTypes.SELECT });
    expect(left.map((r) => Number(r.id))).toEqual([1002, 1004]);
    expect(await first.query('SELECT * FROM rate_penalties', { type: QueryTypes.SELECT })).toEqual([]);
    // the kept slots count: 2 of a limit of 2 leaves none
    expect(await fresh.take('token:old', 'Medium', 2)).toHaveProperty('waitMs');
  });

  it('When the ledger cannot be reached, then calls still go on local pacing and one warning says so', { timeout: 60_000 }, async () => {
    await second.close();
    const [, b] = pacers as [RequestPacer, RequestPacer];
    for (let i = 0; i < 3; i += 1) (await clock.drive(b.acquire('token:offline', 'Medium')))();
    expect(warnings).toHaveLength(1);
  });
});

describe.runIf(postgres)('Two bot apps on one PostgreSQL database against the simulator (PostgreSQL only: skipped on SQLite)', () => {
  it('When both apps send 60 SMS each with one admin token at once, then RingCentral never answers 429 and no minute holds more than 40', { timeout: 120_000 }, async () => {
    const h = await startHarness({ simulator: { rateLimits: true } });
    let other: App | undefined;
    try {
      const world = await installedWorld(h);
      const { accessToken } = h.sim.issueTokens({ extensionId: world.adminId, clientId: ADMIN_CLIENT_ID });
      // a second instance: its own pacer and ledger, the same database, clock and simulator
      other = await createApp(h.config, { now: h.clock.now, sleep: async (ms) => h.clock.advance(ms), logger: createLogger('warn', new LogCapture()), requestTimeoutMs: 5_000 });
      const apps = [h.app, other];
      const before = h.sim.requests.length;
      await Promise.all(apps.flatMap((app, a) => Array.from({ length: 60 }, (_, i) => app.deps.api.sendSms(accessToken, { from: '+16505550100', to: '+16505550101', text: `alert ${a}-${i}` }))));

      const sends = h.sim.requests.slice(before).filter((r) => r.group === 'Medium');
      expect(sends.filter((r) => r.status === 200)).toHaveLength(120);
      expect(h.sim.requests.filter((r) => r.status === 429)).toEqual([]);
      expect(h.sim.requestsDuringPenalty).toBe(0);
      expect(busiestMinute(sends.map((r) => r.at))).toBeLessThanOrEqual(40);
      expect(h.sim.specViolations).toEqual([]);
    } finally {
      await other?.close();
      await h.stop();
    }
  });
});

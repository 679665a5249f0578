import { describe, expect, it } from 'vitest';
import { RequestPacer } from '../../../src/ringcentral/request-pacer';
import { laneId, type LedgerTake, type RateLedger } from '../../../src/ringcentral/shared-rate-ledger';
import type { RateGroup } from '../../../src/ringcentral/rate-group';
import { tokenPaceKey } from '../../../src/ringcentral/rest-client';

/** A ledger the test scripts: each take answers the next of `answers` (then grants), and every call is recorded. */
class ScriptedLedger implements RateLedger {
  readonly calls: string[] = [];
  private next = 0;
  constructor(private readonly answers: (LedgerTake | Error | 'hang')[] = []) {}
  take(key: string, group: RateGroup): Promise<LedgerTake> {
    this.calls.push(`take ${key} ${group}`);
    const answer = this.answers.shift() ?? { slot: `s${++this.next}` };
    if (answer === 'hang') return new Promise(() => undefined);
    return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer);
  }
  release(key: string, group: RateGroup, slot: string, at: number): Promise<void> {
    this.calls.push(`release ${slot} at ${at}`);
    return Promise.resolve();
  }
  penalize(key: string, group: RateGroup, until: number): Promise<void> {
    this.calls.push(`penalize ${key} ${group} until ${until}`);
    return Promise.resolve();
  }
}

function pacerWith(ledger: RateLedger, timeoutMs?: number) {
  let ms = 1_000_000;
  const warnings: unknown[] = [];
  const pacer = new RequestPacer(
    () => new Date(ms),
    async (wait) => void (ms += wait),
    undefined,
    { ledger, logger: { warn: (...args: unknown[]) => void warnings.push(args) }, ...(timeoutMs !== undefined ? { timeoutMs } : {}) },
  );
  return { pacer, warnings, now: () => ms };
}

describe('Lane ids in the shared ledger', () => {
  it('When a lane id is made from an access token, then it is a SHA-256 hex that contains neither the token nor the key, one per (key, group)', () => {
    const token = 'U0pDMTFQMDFQQVMwMHxBQUFfYWNjZXNzX3Rva2Vu';
    for (const key of [token, tokenPaceKey(token), 'client:atb-admin-client-id']) {
      const id = laneId(key, 'Medium');
      expect(id).toMatch(/^[0-9a-f]{64}$/);
      expect(id).not.toContain(key);
      expect(id).not.toContain(token.slice(0, 12));
      expect(laneId(key, 'Medium')).toBe(id);
      expect(laneId(key, 'Light')).not.toBe(id);
    }
    expect(laneId(token, 'Medium')).not.toBe(laneId(tokenPaceKey(token), 'Medium'));
  });
});

describe('RequestPacer with a shared ledger', () => {
  it('When the ledger says the lane is full for 20 s, then the call waits 20 s, takes its slot, and releases it with its finishing time', async () => {
    const ledger = new ScriptedLedger([{ waitMs: 20_000 }]);
    const { pacer, now } = pacerWith(ledger);
    const start = now();
    const release = await pacer.acquire('token:a', 'Medium');
    expect(now() - start).toBe(20_000);
    release();
    release();
    expect(ledger.calls).toEqual(['take token:a Medium', 'take token:a Medium', `release s1 at ${now()}`]);
  });

  it("When another instance's penalty runs, then this pacer holds the lane until it ends and says so", async () => {
    const { pacer, now } = pacerWith(new ScriptedLedger([{ waitMs: 30_000, penaltyUntil: 1_030_000 }]));
    await pacer.acquire('token:a', 'Heavy');
    expect(now()).toBe(1_030_000);
    expect(pacer.penaltyEnds('token:a', 'Heavy')).toBe(1_030_000);
  });

  it('When RingCentral answers 429, then the penalty goes to the ledger too', () => {
    const ledger = new ScriptedLedger();
    const { pacer } = pacerWith(ledger);
    pacer.penalize('token:a', 'Medium', 45);
    expect(ledger.calls).toEqual(['penalize token:a Medium until 1046000']);
  });

  it('When the ledger fails, then every call still goes (paced locally) and one warning is logged', async () => {
    const { pacer, warnings } = pacerWith(new ScriptedLedger([new Error('connection refused'), new Error('connection refused'), new Error('connection refused')]));
    for (let i = 0; i < 3; i += 1) (await pacer.acquire('token:a', 'Auth'))();
    expect(warnings).toHaveLength(1);
    expect(JSON.stringify(warnings)).toContain('own pacing');
  });

  it('When the ledger does not answer in time, then the call goes on local pacing', async () => {
    const ledger = new ScriptedLedger(['hang']);
    const { pacer, warnings } = pacerWith(ledger, 20);
    const release = await pacer.acquire('token:a', 'Light');
    release();
    expect(warnings).toHaveLength(1);
    expect(ledger.calls).toEqual(['take token:a Light']);
  });

  it('When many calls of one lane arrive at once, then they ask the ledger one at a time and each gets its own slot', async () => {
    const ledger = new ScriptedLedger();
    const { pacer } = pacerWith(ledger);
    const releases = await Promise.all(Array.from({ length: 5 }, () => pacer.acquire('token:a', 'Light')));
    for (const release of releases) release();
    expect(ledger.calls.filter((c) => c.startsWith('take'))).toHaveLength(5);
    expect(new Set(ledger.calls.filter((c) => c.startsWith('release')).map((c) => c.split(' ')[1]))).toEqual(new Set(['s1', 's2', 's3', 's4', 's5']));
  });
});

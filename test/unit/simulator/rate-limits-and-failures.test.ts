import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RingCentralSimulator } from '../../../src/simulator';
import { ADMIN_APP, call, FakeClock, standardWorld, startSimulator } from './sim-fixtures';

let sim: RingCentralSimulator;
let clock: FakeClock;
let token: string;

const AUDIT = '/restapi/v1.0/account/~/audit-trail/search';

beforeEach(async () => {
  ({ sim, clock } = await startSimulator());
  const world = await standardWorld(sim);
  token = sim.issueTokens({ extensionId: world.admin.id, clientId: ADMIN_APP.clientId }).accessToken;
});
afterEach(async () => {
  expect(sim.specViolations.filter((v) => !v.path.includes('injected'))).toEqual([]);
  await sim.stop();
});

describe('rate limits', () => {
  it('When an admin makes an 11th Heavy call in a minute, then it gets 429 with Retry-After and the limit headers', async () => {
    for (let i = 0; i < 10; i += 1) {
      const ok = await call(sim.url, 'POST', AUDIT, token, { perPage: 1 });
      expect(ok.status).toBe(200);
      expect(ok.headers.get('x-rate-limit-remaining')).toBe(String(9 - i));
    }
    const refused = await call(sim.url, 'POST', AUDIT, token, { perPage: 1 });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('60');
    expect(refused.headers.get('x-rate-limit-group')).toBe('Heavy');
    expect(refused.headers.get('x-rate-limit-limit')).toBe('10');
    expect(refused.headers.get('x-rate-limit-window')).toBe('60');
    expect(refused.body.errors[0].errorCode).toBe('CMN-301');
    // Light calls have their own budget
    expect((await call(sim.url, 'GET', '/restapi/v1.0/account/~/extension/~', token)).status).toBe(200);
  });

  it('When the caller retries during the penalty, then the 60 s penalty restarts', async () => {
    for (let i = 0; i < 11; i += 1) await call(sim.url, 'POST', AUDIT, token, { perPage: 1 });
    clock.advance(50_000);
    expect((await call(sim.url, 'POST', AUDIT, token, { perPage: 1 })).status).toBe(429);
    clock.advance(50_000);
    expect((await call(sim.url, 'POST', AUDIT, token, { perPage: 1 })).status).toBe(429);
    clock.advance(60_000);
    expect((await call(sim.url, 'POST', AUDIT, token, { perPage: 1 })).status).toBe(200);
  });

  it('When rate limits are off, then no call is refused', async () => {
    await sim.stop();
    ({ sim } = await startSimulator({ rateLimits: false }));
    const world = await standardWorld(sim);
    token = sim.issueTokens({ extensionId: world.admin.id, clientId: ADMIN_APP.clientId }).accessToken;
    for (let i = 0; i < 12; i += 1) expect((await call(sim.url, 'POST', AUDIT, token, { perPage: 1 })).status).toBe(200);
  });

  it('When a request arrives, then it is logged with its group and user', async () => {
    await call(sim.url, 'POST', AUDIT, token, { perPage: 1 });
    expect(sim.requests.at(-1)).toMatchObject({ method: 'POST', path: AUDIT, status: 200, group: 'Heavy', at: clock.ms });
  });
});

describe('failure injection', () => {
  it('When the next call is set to fail with 503, then exactly one call fails', async () => {
    sim.failNext({ method: 'POST', path: '/restapi/v1.0/account/{accountId}/audit-trail/search' }, { kind: 'status', status: 503 });
    expect((await call(sim.url, 'POST', AUDIT, token, { perPage: 1 })).status).toBe(503);
    expect((await call(sim.url, 'POST', AUDIT, token, { perPage: 1 })).status).toBe(200);
  });

  it('When a 429, an expired token or a custom body is injected, then the caller sees exactly that', async () => {
    sim.failNext({ path: /audit-trail/ }, { kind: '429', retryAfterSeconds: 7 });
    const limited = await call(sim.url, 'POST', AUDIT, token, { perPage: 1 });
    expect([limited.status, limited.headers.get('retry-after')]).toEqual([429, '7']);
    sim.failNext({ path: '/restapi/v1.0/account/{accountId}/extension/{extensionId}' }, { kind: 'expired-token' });
    const expired = await call(sim.url, 'GET', '/restapi/v1.0/account/~/extension/~', token);
    expect([expired.status, expired.body.errorCode]).toEqual([401, 'TokenExpired']);
    const notReady = { errorCode: 'SUB-406', message: 'Bot user is not ready', errors: [{ errorCode: 'SUB-406', message: 'Bot user is not ready' }] };
    sim.failNext({ method: 'POST', path: '/restapi/v1.0/subscription' }, { kind: 'body', status: 403, body: notReady }, 2);
    for (let i = 0; i < 2; i += 1) expect((await call(sim.url, 'POST', '/restapi/v1.0/subscription', token, {})).body).toEqual(notReady);
    expect(sim.specViolations).toEqual([]);
  });

  it('When a timeout is injected, then the connection is dropped without an answer', async () => {
    sim.failNext({ path: /audit-trail/ }, { kind: 'timeout', ms: 50 });
    await expect(call(sim.url, 'POST', AUDIT, token, { perPage: 1 })).rejects.toThrow();
  });

  it('When a long timeout is pending, then stop() still returns promptly', async () => {
    sim.failNext({ path: /audit-trail/ }, { kind: 'timeout' });
    const hanging = call(sim.url, 'POST', AUDIT, token, { perPage: 1 }).catch((error: unknown) => error);
    await sim.waitFor(() => sim.requests.some((r) => r.path === AUDIT));
    const started = Date.now();
    await sim.stop();
    // the hang lasts 30 s; a stop that waited for it would take that long, so 10 s leaves room for a loaded machine
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(await hanging).toBeInstanceOf(Error);
    ({ sim } = await startSimulator());
  });

  it('When failures are injected at a rate, then roughly that share fails until cleared', async () => {
    // draws: 0.1 → fail (then 0 picks the failure), 0.9 → pass
    const draws = [0.1, 0, 0.9, 0.1, 0, 0.9];
    const random = () => draws.shift() ?? 0.9;
    sim.failRate({ method: 'GET', path: /extension/ }, 0.5, [{ kind: 'status', status: 500 }], random);
    const statuses: number[] = [];
    for (let i = 0; i < 4; i += 1) statuses.push((await call(sim.url, 'GET', '/restapi/v1.0/account/~/extension/~', token)).status);
    expect(statuses).toEqual([500, 200, 500, 200]);
    sim.clearFailures();
    expect((await call(sim.url, 'GET', '/restapi/v1.0/account/~/extension/~', token)).status).toBe(200);
  });

  it('When waitFor never sees its condition, then it rejects with a readable message', async () => {
    await expect(sim.waitFor(() => sim.posts.length > 0, 50)).rejects.toThrow(/timed out after 50 ms.*posts/);
  });
});

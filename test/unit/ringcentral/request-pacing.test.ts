import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RestClient, RingCentralError, type RingCentralCall } from '../../../src/ringcentral/rest-client';
import { RingCentralApi } from '../../../src/ringcentral/ringcentral-api';
import { RequestPacer } from '../../../src/ringcentral/request-pacer';
import type { RingCentralSimulator } from '../../../src/simulator';
import { ADMIN_APP, FakeClock, standardWorld, startSimulator } from '../simulator/sim-fixtures';

let sim: RingCentralSimulator;
let clock: FakeClock;
let calls: RingCentralCall[];
let client: RestClient;
let api: RingCentralApi;
let token: string;
let refreshToken: string;

const AUDIT = '/restapi/v1.0/account/~/audit-trail/search';
const SMS = '/restapi/v1.0/account/~/extension/~/sms';
const ME = '/restapi/v1.0/account/~/extension/~';

beforeEach(async () => {
  ({ sim, clock } = await startSimulator());
  const world = await standardWorld(sim);
  ({ accessToken: token, refreshToken } = sim.issueTokens({ extensionId: world.admin.id, clientId: ADMIN_APP.clientId }));
  calls = [];
  // The fake clock: a pause passes at once by moving the simulator's clock, which the client reads too.
  const now = () => new Date(clock.ms);
  const sleep = async (ms: number) => clock.advance(ms);
  client = new RestClient({ server: sim.url, ...ADMIN_APP, pacer: new RequestPacer(now, sleep), now, onCall: (c) => calls.push(c) });
  api = new RingCentralApi(client);
});
afterEach(async () => {
  expect(sim.specViolations.filter((v) => !v.path.includes('injected'))).toEqual([]);
  await sim.stop();
});

/** The most requests of `group` the simulator received in any 60 s window. */
function busiestMinute(group: string): number {
  const times = sim.requests.filter((r) => r.group === group).map((r) => r.at).sort((a, b) => a - b);
  let most = 0;
  for (let i = 0; i < times.length; i += 1) {
    const inWindow = times.filter((t) => t >= times[i]! && t < times[i]! + 60_000).length;
    most = Math.max(most, inWindow);
  }
  return most;
}

const refused = () => sim.requests.filter((r) => r.status === 429);

describe('Pacing per rate-limit group (RINGCENTRAL.md §6)', () => {
  it('When one admin sends 100 SMS, 120 Light reads and 25 audit searches as fast as it can, then RingCentral never answers 429 and no minute holds more than the group allows', async () => {
    const sends = Array.from({ length: 100 }, (_, i) => api.sendSms(token, { from: '+16505550100', to: '+16505550101', text: `alert ${i}` }));
    const reads = Array.from({ length: 120 }, () => api.getAdminExtension(token));
    const searches = Array.from({ length: 25 }, () => api.searchAuditTrail(token, { from: new Date(clock.ms - 3_600_000), to: new Date(clock.ms), page: 1, perPage: 100 }));
    await Promise.all([...sends, ...reads, ...searches]);

    expect(refused()).toEqual([]);
    expect(sim.sentSms).toHaveLength(100);
    expect(busiestMinute('Medium')).toBeLessThanOrEqual(40);
    expect(busiestMinute('Light')).toBeLessThanOrEqual(50);
    expect(busiestMinute('Heavy')).toBeLessThanOrEqual(10);
    expect(sim.requestsDuringPenalty).toBe(0);
  });

  it('When the app refreshes tokens 12 times in a row, then the Auth group is paced at 5 a minute and none is refused', async () => {
    let refresh = refreshToken;
    for (let i = 0; i < 12; i += 1) refresh = (await api.refreshAdminToken(refresh)).refresh_token ?? '';
    expect(refused()).toEqual([]);
    expect(busiestMinute('Auth')).toBeLessThanOrEqual(5);
    expect(sim.requests.filter((r) => r.group === 'Auth' && r.status === 200)).toHaveLength(12);
  });

  it('When an SMS send gets 429 with Retry-After 45, then no SMS goes out for 45 s, no request lands in the penalty, and Light calls are not held', async () => {
    await api.sendSms(token, { from: '+16505550100', to: '+16505550101', text: 'first' });
    sim.failNext({ method: 'POST', path: SMS }, { kind: '429', retryAfterSeconds: 45 });
    const error = await api.sendSms(token, { from: '+16505550100', to: '+16505550101', text: 'refused' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RingCentralError);
    expect(error).toMatchObject({ status: 429, retryAfterSeconds: 45 });
    const refusedAt = clock.ms;

    // a Light call right after is not in the SMS group's penalty
    await api.getAdminExtension(token);
    expect(clock.ms).toBe(refusedAt);

    await Promise.all([1, 2, 3].map((i) => api.sendSms(token, { from: '+16505550100', to: '+16505550102', text: `after ${i}` })));
    const after = sim.requests.filter((r) => r.path === SMS && r.at > refusedAt);
    expect(after).toHaveLength(3);
    for (const r of after) {
      expect(r.status).toBe(200);
      expect(r.at).toBeGreaterThanOrEqual(refusedAt + 45_000);
    }
    expect(sim.requestsDuringPenalty).toBe(0);
    expect(sim.sentSms.map((s) => s.text).sort()).toEqual(['after 1', 'after 2', 'after 3', 'first']);
  });

  it('When a 429 comes without Retry-After, then the group waits 30 s', async () => {
    sim.failNext({ method: 'POST', path: AUDIT }, { kind: 'body', status: 429, body: { errorCode: 'CMN-301', message: 'Request rate exceeded', errors: [{ errorCode: 'CMN-301', message: 'Request rate exceeded' }] } });
    const query = () => api.searchAuditTrail(token, { from: new Date(clock.ms - 3_600_000), to: new Date(clock.ms), page: 1, perPage: 100 });
    await expect(query()).rejects.toMatchObject({ status: 429, retryAfterSeconds: undefined });
    const refusedAt = clock.ms;
    await query();
    const last = sim.requests.filter((r) => r.path === AUDIT).at(-1)!;
    expect(last.status).toBe(200);
    expect(last.at).toBeGreaterThanOrEqual(refusedAt + 30_000);
    expect(last.at).toBeLessThan(refusedAt + 45_000);
  });

  it('When a client ignores the penalty, then the simulator restarts it and counts the request', async () => {
    sim.failNext({ method: 'GET', path: ME }, { kind: '429', retryAfterSeconds: 60 });
    const bare = new RestClient({ server: sim.url, ...ADMIN_APP }); // no pacer: retries straight away
    await expect(bare.call(token, { method: 'GET', path: ME })).rejects.toMatchObject({ status: 429 });
    clock.advance(50_000);
    await expect(bare.call(token, { method: 'GET', path: ME })).rejects.toMatchObject({ status: 429 });
    clock.advance(50_000); // 100 s after the first 429, but only 50 s after the restart
    await expect(bare.call(token, { method: 'GET', path: ME })).rejects.toMatchObject({ status: 429 });
    expect(sim.requestsDuringPenalty).toBe(2);
    clock.advance(61_000);
    await expect(bare.call(token, { method: 'GET', path: ME })).resolves.toMatchObject({ id: expect.anything() });
  });

  it('When calls finish, then each is reported with its group and status, for metrics', async () => {
    await api.getAdminExtension(token);
    sim.failNext({ method: 'POST', path: SMS }, { kind: '429', retryAfterSeconds: 10 });
    await api.sendSms(token, { from: '+16505550100', to: '+16505550101', text: 'x' }).catch(() => undefined);
    expect(calls.map((c) => ({ method: c.method, group: c.group, status: c.status, errorCode: c.errorCode }))).toEqual([
      { method: 'GET', group: 'Light', status: 200, errorCode: undefined },
      { method: 'POST', group: 'Medium', status: 429, errorCode: 'CMN-301' },
    ]);
  });
});

describe('RequestPacer lanes', () => {
  it('When more than a thousand calls have gone through many tokens, then idle lanes are forgotten but a busy one keeps its calls in the window', async () => {
    let ms = 0;
    const pacer = new RequestPacer(() => new Date(ms), async (wait) => void (ms += wait));
    const busy = await Promise.all(Array.from({ length: 5 }, () => pacer.acquire('token:busy', 'Auth')));
    for (let i = 0; i < 1_100; i += 1) (await pacer.acquire(`token:${i}`, 'Light'))();
    ms += 120_000;
    for (let i = 0; i < 1_000; i += 1) (await pacer.acquire('token:other', 'Light'))();
    expect((pacer as unknown as { buckets: Map<string, unknown> }).buckets.size).toBeLessThan(10);
    // the busy lane still holds its five calls in flight: a sixth waits for them, then for the window
    let sixth = false;
    const waiting = pacer.acquire('token:busy', 'Auth').then((release) => {
      sixth = true;
      release();
    });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(sixth).toBe(false);
    const releasedAt = ms;
    for (const release of busy) release();
    await waiting;
    expect(ms - releasedAt).toBeGreaterThanOrEqual(60_000);
    expect(sixth).toBe(true);
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createNodeSdk } from '../../../src/ringcentral/create-node-sdk';
import { RequestPacer } from '../../../src/ringcentral/request-pacer';
import { tokenPaceKey, type RingCentralCall } from '../../../src/ringcentral/rest-client';
import type { RingCentralSimulator } from '../../../src/simulator';
import { ADMIN_APP, BOT_APP, FakeClock, standardWorld, startSimulator } from '../simulator/sim-fixtures';

const WSTOKEN = '/restapi/oauth/wstoken';

let sim: RingCentralSimulator;
let clock: FakeClock;
let pacer: RequestPacer;
let calls: RingCentralCall[];
let token: string;
const now = () => new Date(clock.ms);

beforeEach(async () => {
  ({ sim, clock } = await startSimulator({ apps: [{ ...BOT_APP, permissions: ['WebSocketsSubscription'] }, ADMIN_APP] }));
  const world = await standardWorld(sim);
  ({ accessToken: token } = sim.issueTokens({ extensionId: world.admin.id, clientId: BOT_APP.clientId }));
  // The fake clock: a pause passes at once by moving the simulator's clock, which the pacer reads too.
  pacer = new RequestPacer(now, async (ms) => clock.advance(ms));
  calls = [];
});
afterEach(async () => {
  expect(sim.specViolations.filter((v) => !v.path.includes('injected'))).toEqual([]);
  await sim.stop();
});

/** An SDK as the WebSocket transports build it: acting with `token`, its own calls paced in the token's lanes. */
async function wsSdk() {
  const sdk = createNodeSdk({ server: sim.url, ...BOT_APP, timeoutMs: 5_000, pace: { pacer, key: tokenPaceKey(token), now, onCall: (c) => calls.push(c) } });
  await sdk.platform().auth().setData({ token_type: 'bearer', access_token: token, expires_in: '630720000', refresh_token: '', refresh_token_expires_in: '630720000' });
  return sdk;
}

/** The most wstoken requests the simulator received in any 60 s window. */
function busiestMinute(): number {
  const times = sim.requests.filter((r) => r.path === WSTOKEN).map((r) => r.at).sort((a, b) => a - b);
  return Math.max(0, ...times.map((t) => times.filter((u) => u >= t && u < t + 60_000).length));
}

describe("The WebSocket SDK's own REST set-up call (POST /restapi/oauth/wstoken)", () => {
  it('When it asks for 7 WebSocket tokens at once, then it goes in the Auth group (spec: x-throttling-group Auth), no minute holds more than 5 and none is refused', async () => {
    const sdk = await wsSdk();
    const started = clock.ms;
    const answers = await Promise.all(Array.from({ length: 7 }, () => sdk.platform().post(WSTOKEN)));
    expect(answers.map((a) => a.status)).toEqual(Array(7).fill(200));
    expect(sim.requests.filter((r) => r.status === 429)).toEqual([]);
    expect(busiestMinute()).toBeLessThanOrEqual(5);
    expect(sim.requests.filter((r) => r.path === WSTOKEN)).toHaveLength(7);
    // two of them waited for the next minute
    expect(clock.ms - started).toBeGreaterThanOrEqual(60_000);
    expect(calls.filter((c) => c.path === WSTOKEN).map((c) => `${c.method} ${c.group} ${c.status}`)).toEqual(Array(7).fill('POST Auth 200'));
    expect(calls.filter((c) => c.waitedMs >= 60_000)).toHaveLength(2);
  });

  it("When RingCentral answers it 429 with Retry-After, then the token's Auth lane is held that long and the next call waits it out", async () => {
    const sdk = await wsSdk();
    sim.failNext({ method: 'POST', path: WSTOKEN }, { kind: '429', retryAfterSeconds: 20 });
    const refusedAt = clock.ms;
    await expect(sdk.platform().post(WSTOKEN)).rejects.toBeTruthy();
    expect(pacer.penaltyEnds(tokenPaceKey(token), 'Auth')).toBeGreaterThanOrEqual(refusedAt + 20_000);
    expect((await sdk.platform().post(WSTOKEN)).status).toBe(200);
    const [first, second] = sim.requests.filter((r) => r.path === WSTOKEN);
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(20_000);
  });

  it('When the same token already spent its Auth budget through RestClient, then the SDK call waits in that same lane', async () => {
    const releases = await Promise.all(Array.from({ length: 5 }, () => pacer.acquire(tokenPaceKey(token), 'Auth')));
    for (const release of releases) release();
    const started = clock.ms;
    const sdk = await wsSdk();
    expect((await sdk.platform().post(WSTOKEN)).status).toBe(200);
    expect(clock.ms - started).toBeGreaterThanOrEqual(60_000);
  });
});

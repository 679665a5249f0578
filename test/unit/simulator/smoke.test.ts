import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, call, standardWorld } from './sim-fixtures';
import type { RingCentralSimulator } from '../../../src/simulator';

let sim: RingCentralSimulator;
afterEach(async () => sim?.stop());

describe('smoke', () => {
  it('starts and answers extension info', async () => {
    const t0 = Date.now();
    ({ sim } = await startSimulator());
    console.log('start ms', Date.now() - t0);
    const { admin } = await standardWorld(sim);
    const { accessToken } = sim.issueTokens({ extensionId: admin.id, clientId: 'admin-client-id' });
    const t1 = Date.now();
    const res = await call(sim.url, 'GET', '/restapi/v1.0/account/~/extension/~', accessToken);
    console.log('req ms', Date.now() - t1, res.status, JSON.stringify(res.body).slice(0, 300), res.headers.get('x-rate-limit-group'));
    console.log(sim.specViolations);
    expect(res.status).toBe(200);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { RestClient, RingCentralError } from '../../../src/ringcentral/rest-client';
import { BOT_APP, startSimulator } from '../simulator/sim-fixtures';
import type { RingCentralSimulator } from '../../../src/simulator';

let sim: RingCentralSimulator | undefined;
afterEach(async () => {
  await sim?.stop();
  sim = undefined;
});

describe('RestClient time limit', () => {
  it('When RingCentral does not answer in time, then the error says so with the method and path (not the SDK wrapper\'s getter error)', async () => {
    ({ sim } = await startSimulator());
    const account = sim.addAccount({ name: 'Sunnyvale Biology Labs' });
    const admin = sim.addExtension(account.id, { firstName: 'Peter', lastName: 'MacIntyre', admin: true });
    const { accessToken } = sim.issueTokens({ extensionId: admin.id, clientId: BOT_APP.clientId });
    sim.failNext({ method: 'GET', path: /\/extension\/~$/ }, { kind: 'timeout', ms: 3_000 });
    const client = new RestClient({ server: sim.url, ...BOT_APP, timeoutMs: 300 });

    const error = await client.call(accessToken, { method: 'GET', path: '/restapi/v1.0/account/~/extension/~' }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(RingCentralError);
    expect((error as RingCentralError).message).toBe('RingCentral did not answer within 0.3 s (GET /restapi/v1.0/account/~/extension/~)');
    expect((error as RingCentralError).retryable).toBe(true);
  });
});

import fs from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RingCentralSimulator } from '../../../src/simulator';
import { extractSubset, serializeSubset, specLocations } from '../../../src/simulator/openapi/extract-subset';
import { findRepoRoot } from '../../../src/simulator/openapi/find-repo-root';
import { ADMIN_APP, call, postForm, standardWorld, startSimulator } from './sim-fixtures';

let sim: RingCentralSimulator | undefined;
afterEach(async () => {
  await sim?.stop();
  sim = undefined;
});

async function adminSession(options: Parameters<typeof startSimulator>[0] = {}) {
  ({ sim } = await startSimulator(options));
  const world = await standardWorld(sim);
  return { sim, token: sim.issueTokens({ extensionId: world.admin.id, clientId: ADMIN_APP.clientId }).accessToken };
}

describe('OpenAPI validation of requests', () => {
  it('When a body field has the wrong type, then the simulator answers 400 naming it and records a request violation', async () => {
    const { sim, token } = await adminSession();
    const res = await call(sim.url, 'POST', '/restapi/v1.0/account/~/audit-trail/search', token, { perPage: 'ten' });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ errorCode: 'CMN-101', errors: [{ errorCode: 'CMN-101', parameterName: 'perPage' }] });
    expect(sim.specViolations).toEqual([{ method: 'POST', path: '/restapi/v1.0/account/~/audit-trail/search', direction: 'request', errors: ['body/perPage must be integer'] }]);
  });

  it('When a required field is missing, then the problem names it', async () => {
    const { sim, token } = await adminSession();
    const res = await call(sim.url, 'POST', '/restapi/v1.0/account/~/extension/~/sms', token, { to: [{ phoneNumber: '+14155550123' }], text: 'hi' });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].parameterName).toBe('from');
    expect(sim.sentSms).toHaveLength(0);
  });

  it('When a query parameter is out of the spec range, then it is refused', async () => {
    const { sim, token } = await adminSession();
    const res = await call(sim.url, 'GET', '/team-messaging/v1/chats?recordCount=500', token);
    expect(res.status).toBe(400);
    expect(res.body.errors[0].parameterName).toBe('recordCount');
  });

  it('When the body is not JSON, then the answer is 400 and the request is still logged', async () => {
    const { sim, token } = await adminSession();
    const response = await fetch(`${sim.url}/team-messaging/v1/chats/1/posts`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: '{"text":' });
    expect(response.status).toBe(400);
    expect(sim.requests.at(-1)).toMatchObject({ method: 'POST', path: '/team-messaging/v1/chats/1/posts', status: 400 });
  });

  it('When the token request has an unknown grant type, then the OAuth error shape comes back', async () => {
    ({ sim } = await startSimulator());
    const res = await postForm(sim.url, '/restapi/oauth/token', { grant_type: 'password', username: 'x' }, { id: ADMIN_APP.clientId, secret: ADMIN_APP.clientSecret });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('invalid_request');
    expect(sim.specViolations[0]?.direction).toBe('request');
  });
});

describe('OpenAPI validation of responses', () => {
  it('When the simulator sends a body that breaks the spec, then it is recorded and logged loudly', async () => {
    const logger = { warn: vi.fn(), info: vi.fn() };
    const { sim, token } = await adminSession({ logger });
    sim.failNext({ path: '/restapi/v1.0/account/{accountId}/audit-trail/search' }, { kind: 'body', status: 200, body: { records: 'not-a-list', paging: { page: 0 } } });
    const res = await call(sim.url, 'POST', '/restapi/v1.0/account/~/audit-trail/search', token, { perPage: 1 });
    expect(res.status).toBe(200);
    expect(sim.specViolations).toHaveLength(1);
    expect(sim.specViolations[0]).toMatchObject({ direction: 'response', errors: expect.arrayContaining(['response/records must be array', 'response/paging/page must be >= 1']) });
    expect(logger.warn).toHaveBeenCalledWith(expect.objectContaining({ direction: 'response' }), expect.stringContaining('violates'));
  });

  it('When the bot does ordinary work, then no response breaks the spec', async () => {
    const { sim, token } = await adminSession();
    await call(sim.url, 'GET', '/restapi/v1.0/account/~/extension/~', token);
    await call(sim.url, 'GET', '/restapi/v1.0/account/~/extension/~/phone-number', token);
    await call(sim.url, 'GET', '/team-messaging/v1/chats', token);
    await call(sim.url, 'POST', '/restapi/v1.0/account/~/audit-trail/search', token, { perPage: 10 });
    expect(sim.specViolations).toEqual([]);
  });
});

describe('the committed spec subset', () => {
  const where = specLocations();

  it.runIf(fs.existsSync(where.fullSpec))('When the full spec is present, then the committed subset equals a fresh extraction', () => {
    const sourceTxt = fs.existsSync(where.sourceTxt) ? fs.readFileSync(where.sourceTxt, 'utf8') : undefined;
    const fresh = serializeSubset(extractSubset(fs.readFileSync(where.fullSpec, 'utf8'), sourceTxt));
    expect(fs.readFileSync(where.subset, 'utf8')).toBe(fresh);
  });

  it('When the simulator runs on the subset alone, then it validates the same way', async () => {
    const { sim, token } = await adminSession({ specPath: where.subset });
    expect((await call(sim.url, 'GET', '/restapi/v1.0/account/~/extension/~', token)).status).toBe(200);
    expect((await call(sim.url, 'POST', '/restapi/v1.0/account/~/audit-trail/search', token, { perPage: 'ten' })).status).toBe(400);
    const subset = JSON.parse(fs.readFileSync(where.subset, 'utf8'));
    expect(subset['x-source']).toMatchObject({ file: 'rc-public-openapi.yml', sha256: expect.stringMatching(/^[0-9a-f]{64}$/), commit: expect.stringMatching(/^[0-9a-f]{40}$/) });
  });
});

describe('the committed RingCX spec subset', () => {
  const where = specLocations(findRepoRoot(), 'ringcx');

  it.runIf(fs.existsSync(where.fullSpec))('When RingCX\'s full spec is present, then the committed subset equals a fresh extraction', () => {
    const sourceTxt = fs.existsSync(where.sourceTxt) ? fs.readFileSync(where.sourceTxt, 'utf8') : undefined;
    const fresh = serializeSubset(extractSubset(fs.readFileSync(where.fullSpec, 'utf8'), sourceTxt, 'ringcx'));
    expect(fs.readFileSync(where.subset, 'utf8')).toBe(fresh);
  });

  it('When the simulator runs on the RingCX subset alone, then it still refuses ascOrDesc "asc" and accepts "ASCENDING"', async () => {
    ({ sim } = await startSimulator({ ringcxSpecPath: where.subset }));
    const world = await standardWorld(sim);
    const rcToken = sim.issueTokens({ extensionId: world.admin.id, clientId: ADMIN_APP.clientId }).accessToken;
    const pair = await postForm(sim.ringcxUrl, '/api/auth/login/rc/accesstoken?includeRefresh=true', { rcAccessToken: rcToken, rcTokenType: 'Bearer' });
    const window = { accountId: world.account.ringcx?.subAccounts[0]?.accountId, startDateTime: '2025-11-20T00:00:00.000-08:00', endDateTime: '2025-11-21T00:00:00.000-08:00' };
    expect((await call(sim.ringcxUrl, 'PUT', '/voice/api/v1/admin/auditLogs/search', pair.body.accessToken, { ...window, ascOrDesc: 'asc' })).status).toBe(400);
    expect((await call(sim.ringcxUrl, 'PUT', '/voice/api/v1/admin/auditLogs/search', pair.body.accessToken, { ...window, ascOrDesc: 'ASCENDING' })).status).toBe(200);
    const subset = JSON.parse(fs.readFileSync(where.subset, 'utf8'));
    expect(subset['x-source']).toMatchObject({ file: 'engage-voice_openapi3.json', sha256: expect.stringMatching(/^[0-9a-f]{64}$/), commit: expect.stringMatching(/^[0-9a-f]{40}$/) });
    expect(Object.keys(subset.paths).sort()).toEqual(['/api/auth/login/rc/accesstoken', '/voice/api/v1/admin/accounts', '/voice/api/v1/admin/auditLogs/auditable', '/voice/api/v1/admin/auditLogs/search']);
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RingCentralSimulator } from '../../../src/simulator';
import { ADMIN_APP, call, FakeClock, postForm, standardWorld, startSimulator } from './sim-fixtures';

let sim: RingCentralSimulator;
let clock: FakeClock;
let world: Awaited<ReturnType<typeof standardWorld>>;
let rcToken: string;

beforeEach(async () => {
  ({ sim, clock } = await startSimulator());
  world = await standardWorld(sim);
  rcToken = sim.issueTokens({ extensionId: world.admin.id, clientId: ADMIN_APP.clientId }).accessToken;
});
afterEach(async () => {
  expect(sim.specViolations).toEqual([]);
  await sim.stop();
});

async function exchange(token = rcToken) {
  return postForm(sim.ringcxUrl, '/api/auth/login/rc/accesstoken?includeRefresh=true', { rcAccessToken: token, rcTokenType: 'Bearer' });
}

function subAccountId(): string {
  return world.account.ringcx?.subAccounts[0]?.accountId ?? '';
}

function search(token: string, body: Record<string, unknown>) {
  return call(sim.ringcxUrl, 'PUT', '/voice/api/v1/admin/auditLogs/search', token, body);
}

describe('RingCX', () => {
  it('When an admin token is exchanged, then RingCX returns a token pair and the sub-accounts', async () => {
    const res = await exchange();
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ tokenType: 'Bearer', mainAccountId: world.account.ringcx?.mainAccountId, agentDetails: [{ accountId: subAccountId() }] });
    expect(res.body.refreshToken).toEqual(expect.any(String));
    const accounts = await call(sim.ringcxUrl, 'GET', '/voice/api/v1/admin/accounts', res.body.accessToken);
    expect(accounts.body).toEqual([expect.objectContaining({ accountId: subAccountId(), accountName: 'Acme Corp Contact Center' })]);
    const auditable = await call(sim.ringcxUrl, 'GET', '/voice/api/v1/admin/auditLogs/auditable', res.body.accessToken);
    expect(auditable.body[0]).toEqual({ fullPath: expect.any(String), name: expect.any(String) });
  });

  it('When the search uses a Z time, then RingCX answers 400; with an offset it returns a bare array', async () => {
    const { accessToken } = (await exchange()).body;
    const record = sim.addRingcxAuditRecord(subAccountId(), { actionType: 'DELETE', auditedClass: 'Agent', createTime: clock.ms - 60_000 });
    const zulu = await search(accessToken, { accountId: subAccountId(), startDateTime: '2025-11-20T00:00:00.000Z', endDateTime: '2025-11-21T00:00:00.000Z' });
    expect(zulu.status).toBe(400);
    expect(sim.takeSpecViolations()).toEqual([expect.objectContaining({ direction: 'request', errors: expect.arrayContaining([expect.stringMatching(/^body\/startDateTime must match pattern/)]) })]);
    const res = await search(accessToken, { accountId: subAccountId(), startDateTime: '2025-11-20T00:00:00.000-08:00', endDateTime: '2025-11-21T00:00:00.000-08:00', auditActions: ['DELETE'] });
    expect(res.status).toBe(200);
    expect(res.body).toEqual([record]);
    // As RingCX writes it: UTC with an offset without a colon (audit-logs.md example response).
    expect(record.createTimeAsDateTime).toBe('2025-11-20T15:59:00.000+0000');
    const none = await search(accessToken, { accountId: subAccountId(), startDateTime: '2025-11-20T00:00:00.000-08:00', endDateTime: '2025-11-21T00:00:00.000-08:00', auditActions: ['CREATE'] });
    expect(none.body).toEqual([]);
  });

  it('When 5 minutes pass on the clock, then the RingCX token is expired and refresh gives a new pair once', async () => {
    const pair = (await exchange()).body;
    clock.advance(5 * 60_000);
    const expired = await call(sim.ringcxUrl, 'GET', '/voice/api/v1/admin/accounts', pair.accessToken);
    expect(expired.status).toBe(401);
    expect(expired.body.generalMessage).toBe('Jwt is expired');
    const refreshed = await postForm(sim.ringcxUrl, '/api/auth/token/refresh', { refresh_token: pair.refreshToken });
    expect(refreshed.status).toBe(200);
    expect((await call(sim.ringcxUrl, 'GET', '/voice/api/v1/admin/accounts', refreshed.body.accessToken)).status).toBe(200);
    expect((await postForm(sim.ringcxUrl, '/api/auth/token/refresh', { refresh_token: pair.refreshToken })).status).toBe(401);
  });

  it('When a 6th exchange is made within a minute, then it gets 429', async () => {
    for (let i = 0; i < 5; i += 1) expect((await exchange()).status).toBe(200);
    expect((await exchange()).status).toBe(429);
    clock.advance(60_000);
    expect((await exchange()).status).toBe(200);
  });

  it('When the account makes an 11th RingCX call in a minute, then it gets 429', async () => {
    const { accessToken } = (await exchange()).body;
    for (let i = 0; i < 10; i += 1) expect((await call(sim.ringcxUrl, 'GET', '/voice/api/v1/admin/accounts', accessToken)).status).toBe(200);
    const refused = await call(sim.ringcxUrl, 'GET', '/voice/api/v1/admin/accounts', accessToken);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toEqual(expect.any(String));
  });

  it('When the admin lacks audit log access, then the search answers access.denied.exception', async () => {
    const noAudit = sim.addExtension(world.account.id, { firstName: 'Nia', lastName: 'NoAudit', admin: true, ringcxAuditAccess: false });
    const token = sim.issueTokens({ extensionId: noAudit.id, clientId: ADMIN_APP.clientId }).accessToken;
    const { accessToken } = (await exchange(token)).body;
    const res = await search(accessToken, { accountId: subAccountId(), startDateTime: '2025-11-20T00:00:00-08:00', endDateTime: '2025-11-21T00:00:00-08:00' });
    expect(res.status).toBe(403);
    expect(res.body.errorCode).toBe('access.denied.exception');
  });

  it('When the RingCentral account has no RingCX, then the exchange is refused', async () => {
    const other = sim.addAccount({ name: 'No CX' });
    const admin = sim.addExtension(other.id, { firstName: 'Oz', lastName: 'Other', admin: true });
    const res = await exchange(sim.issueTokens({ extensionId: admin.id, clientId: ADMIN_APP.clientId }).accessToken);
    expect(res.status).toBe(403);
  });

  it('When the search sends ascOrDesc "asc", then RingCX refuses it with the spec reason (ASCENDING or DESCENDING) and records a request violation', async () => {
    const { accessToken } = (await exchange()).body;
    const res = await search(accessToken, { accountId: subAccountId(), startDateTime: '2025-11-20T00:00:00.000-08:00', endDateTime: '2025-11-21T00:00:00.000-08:00', ascOrDesc: 'asc' });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ errorCode: 'validation.exception', requestUri: '/voice/api/v1/admin/auditLogs/search - PUT' });
    expect(res.body.generalMessage).toContain('body/ascOrDesc must be equal to one of the allowed values (ASCENDING, DESCENDING)');
    expect(sim.takeSpecViolations()).toEqual([
      { method: 'PUT', path: '/voice/api/v1/admin/auditLogs/search', direction: 'request', errors: ['body/ascOrDesc must be equal to one of the allowed values (ASCENDING, DESCENDING)'] },
    ]);
  });

  it('When the search asks ASCENDING or DESCENDING, then records come back in that order, and both window ends are inclusive', async () => {
    const { accessToken } = (await exchange()).body;
    const start = Date.parse('2025-11-20T15:00:00.000Z');
    const end = Date.parse('2025-11-20T15:15:00.000Z');
    const atStart = sim.addRingcxAuditRecord(subAccountId(), { createTime: start });
    const inside = sim.addRingcxAuditRecord(subAccountId(), { createTime: start + 60_000 });
    const atEnd = sim.addRingcxAuditRecord(subAccountId(), { createTime: end });
    sim.addRingcxAuditRecord(subAccountId(), { createTime: end + 1 });
    const window = { accountId: subAccountId(), startDateTime: '2025-11-20T07:00:00.000-08:00', endDateTime: '2025-11-20T07:15:00.000-08:00' };
    const ascending = await search(accessToken, { ...window, ascOrDesc: 'ASCENDING' });
    expect(ascending.body.map((r: { id: string }) => r.id)).toEqual([atStart.id, inside.id, atEnd.id]);
    const descending = await search(accessToken, { ...window, ascOrDesc: 'DESCENDING' });
    expect(descending.body.map((r: { id: string }) => r.id)).toEqual([atEnd.id, inside.id, atStart.id]);
    expect(atStart.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('When a RingCX answer breaks RingCX\'s spec (a numeric record id), then it is recorded as a response violation', async () => {
    const { accessToken } = (await exchange()).body;
    sim.failNext({ method: 'PUT', path: '/voice/api/v1/admin/auditLogs/search' }, { kind: 'body', status: 200, body: [{ id: 42, actionType: 'RENAME' }] });
    const res = await search(accessToken, { accountId: subAccountId(), startDateTime: '2025-11-20T00:00:00.000-08:00', endDateTime: '2025-11-21T00:00:00.000-08:00' });
    expect(res.status).toBe(200);
    const [violation] = sim.takeSpecViolations();
    expect(violation).toMatchObject({ direction: 'response', path: '/voice/api/v1/admin/auditLogs/search (injected failure body)' });
    expect(violation?.errors).toEqual(expect.arrayContaining(['response/0/id must be string', 'response/0/actionType must be equal to one of the allowed values (DELETE, CREATE, UPDATE)']));
  });
});

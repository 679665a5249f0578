import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RingCentralSimulator } from '../../../src/simulator';
import { ADMIN_APP, call, FakeClock, standardWorld, startSimulator } from './sim-fixtures';

let sim: RingCentralSimulator;
let clock: FakeClock;
let world: Awaited<ReturnType<typeof standardWorld>>;
let token: string;
const AUDIT = '/restapi/v1.0/account/~/audit-trail/search';

beforeEach(async () => {
  ({ sim, clock } = await startSimulator({ rateLimits: false }));
  world = await standardWorld(sim);
  token = sim.issueTokens({ extensionId: world.admin.id, clientId: ADMIN_APP.clientId }).accessToken;
});
afterEach(async () => {
  expect(sim.specViolations).toEqual([]);
  await sim.stop();
});

describe('RingEX audit trail search', () => {
  it('When 2,500 records match, then perPage 1000 gives 3 pages with paging totals', async () => {
    const start = clock.ms - 3_600_000;
    for (let i = 0; i < 2500; i += 1) sim.addAuditRecord(world.account.id, { actionId: 'ENFORCE_MFA_EXTENSION', eventTime: new Date(start + i * 1000).toISOString() });
    const body = { eventTimeFrom: new Date(start).toISOString(), eventTimeTo: new Date(clock.ms).toISOString(), perPage: 1000, page: 1 };
    const pages = [];
    for (let page = 1; page <= 3; page += 1) pages.push(await call(sim.url, 'POST', AUDIT, token, { ...body, page }));
    expect(pages.map((p) => p.body.records.length)).toEqual([1000, 1000, 500]);
    expect(pages[0]?.body.paging).toEqual({ page: 1, perPage: 1000, total: 3, totalFound: 2500 });
    const ids = new Set(pages.flatMap((p) => p.body.records.map((r: { id: string }) => r.id)));
    expect(ids.size).toBe(2500);
    expect(pages[0]?.body.records[0].eventTime).toBe(new Date(start).toISOString());
  });

  it('When actionIds are given, then only those actions come back', async () => {
    sim.addAuditRecord(world.account.id, { actionId: 'UNFORCE_MFA_ACCOUNT' });
    sim.addAuditRecord(world.account.id, { actionId: 'CHANGE_USER_INFO:USER' });
    const res = await call(sim.url, 'POST', AUDIT, token, { actionIds: ['UNFORCE_MFA_ACCOUNT'], eventTimeTo: new Date(clock.ms + 1).toISOString() });
    expect(res.body.records.map((r: { actionId: string }) => r.actionId)).toEqual(['UNFORCE_MFA_ACCOUNT']);
  });

  it('When a time window is given, then records at eventTimeFrom are in and at eventTimeTo are out', async () => {
    const t = (m: number) => new Date(clock.ms - 60_000 * m).toISOString();
    for (const m of [30, 20, 10, 5]) sim.addAuditRecord(world.account.id, { actionId: 'ENFORCE_MFA_ACCOUNT', eventTime: t(m) });
    const res = await call(sim.url, 'POST', AUDIT, token, { eventTimeFrom: t(20), eventTimeTo: t(5) });
    expect(res.body.records.map((r: { eventTime: string }) => r.eventTime)).toEqual([t(20), t(10)]);
  });

  it('When no window is given, then the last 24 hours are searched', async () => {
    sim.addAuditRecord(world.account.id, { actionId: 'ENFORCE_MFA_ACCOUNT', eventTime: new Date(clock.ms - 25 * 3_600_000).toISOString() });
    const recent = sim.addAuditRecord(world.account.id, { actionId: 'ENFORCE_MFA_ACCOUNT', eventTime: new Date(clock.ms - 1000).toISOString() });
    const res = await call(sim.url, 'POST', AUDIT, token, {});
    expect(res.body.records.map((r: { id: string }) => r.id)).toEqual([recent.id]);
  });

  it('When a record is added, then it carries realistic defaults', () => {
    const record = sim.addAuditRecord(world.account.id, { actionId: 'CHANGE_GLIP_FILE_SHARING', details: { parameters: [{ key: 'p0', value: 'Files' }, { key: 'p1', value: 'On' }, { key: 'p2', value: 'Off' }] } });
    expect(record).toMatchObject({ accountId: world.account.id, accountName: 'Acme Corp', eventTime: new Date(clock.ms).toISOString(), initiator: { extensionId: world.admin.id, name: 'Ada Admin' }, target: { objectType: 'Account' } });
  });

  it('When perPage is 5000, then the search is refused with CMN-101', async () => {
    const res = await call(sim.url, 'POST', AUDIT, token, { perPage: 5000 });
    expect(res.status).toBe(400);
    expect(res.body.errors[0]).toMatchObject({ errorCode: 'CMN-101', parameterName: 'perPage' });
  });

  it('When a user without audit trail access searches, then the answer is 403', async () => {
    const userToken = sim.issueTokens({ extensionId: world.user.id, clientId: ADMIN_APP.clientId }).accessToken;
    const res = await call(sim.url, 'POST', AUDIT, userToken, { perPage: 1 });
    expect(res.status).toBe(403);
    expect(res.body.errors[0].errorCode).toBe('CMN-401');
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/harness';
import { configuredWorld, latestText, type ConfiguredWorld } from '../support/world';
import { pollRingcxOnce } from '../../src/jobs/poll-ringcx';
import { deliverDue } from '../../src/jobs/deliver-due';
import type { RingcxAuditRecord } from '../../src/simulator';

const MIN = 60_000;
const WINDOW = 15 * MIN;
const SUPPORT = '15001001';
const SALES = '15001002';
const SEARCH = '/voice/api/v1/admin/auditLogs/search';

let h: Harness;
let world: ConfiguredWorld;
/** The start of the window holding the moment RingCX was turned on. */
let w0: number;

beforeEach(async () => {
  h = await startHarness();
  world = await configuredWorld(h);
  h.sim.account(world.accountId)!.ringcx = {
    mainAccountId: '15001',
    subAccounts: [
      { accountId: SUPPORT, accountName: 'Sunnyvale Support Desk' },
      { accountId: SALES, accountName: 'Sunnyvale Outbound Sales' },
    ],
  };
  // The tests place records seconds after "now" and expect them in the first window: keep "now" clear of a
  // window's end, or a run that starts in a quarter hour's last seconds sees its record in the next window.
  const intoWindow = h.clock.now().getTime() % WINDOW;
  if (intoWindow > WINDOW - 2 * MIN) h.clock.advance(WINDOW - intoWindow + 1_000);
  await say('ringcx on');
  const enabledSince = (await h.app.deps.db.ringcx.settings(world.accountId, world.adminId)).enabledSince!;
  w0 = Math.floor(enabledSince.getTime() / WINDOW) * WINDOW;
});
afterEach(async () => {
  expect(h.sim.specViolations).toEqual([]);
  await h.stop();
});

async function say(text: string): Promise<string | undefined> {
  await h.sim.sendChatMessage({ chatId: world.dmId, fromId: world.adminId, text });
  await h.settle();
  return latestText(h, world.botId, world.dmId);
}

/** Moves both clocks to `ms` (never back). */
const advanceTo = (ms: number) => h.clock.advance(Math.max(0, ms - h.clock.now().getTime()));
const searches = () => h.sim.requests.filter((r) => r.path === SEARCH);
const calls = (path: string) => h.sim.requests.filter((r) => r.path === path).length;
const alertSms = () => h.sim.sentSms.filter((s) => s.from === world.sender);
const alertCards = () => h.sim.cards.filter((c) => c.chatId === world.teamId && c.creatorId === world.botId);

function agentUpdate(at: number, overrides: Partial<RingcxAuditRecord> = {}): Partial<RingcxAuditRecord> {
  return {
    authUser: { userName: 'dana.lead@sunnyvale.example', firstName: 'Dana', lastName: 'Lead', userId: '77120', sourceId: 'RC' },
    createTime: at,
    auditedClass: 'com.ringcentral.ringcx.admin.Agent',
    auditedEntityId: '4411',
    auditedEntityDescription: 'Jane Agent',
    actionType: 'UPDATE',
    auditLogResultList: [
      { attributeName: 'maxQueueTime', originalValue: '30', newValue: '60', classType: 'java.lang.Integer' },
      { attributeName: 'enabled', originalValue: 'true', newValue: 'false', classType: 'java.lang.Boolean' },
    ],
    affectedEntityJson: JSON.stringify({ agentId: 4411, firstName: 'Jane', lastName: 'Agent', enabled: false, maxQueueTime: 60 }),
    ...overrides,
  };
}

describe('RingCX polling and alerts', () => {
  it('When a window has closed but RingCX records may still be arriving, then it waits 5 minutes; then it alerts by chat and SMS with the RingCX facts', async () => {
    const record = h.sim.addRingcxAuditRecord(SUPPORT, agentUpdate(h.clock.now().getTime() + 30_000));
    advanceTo(w0 + WINDOW + 5 * MIN - 1_000);
    expect(await pollRingcxOnce(h.app.deps)).toMatchObject({ requests: 0, windows: 0, skipped: 1 });

    advanceTo(w0 + WINDOW + 5 * MIN);
    const poll = await pollRingcxOnce(h.app.deps);
    // One window per sub-account; the record is archived once and alerted to 2 SMS recipients and 1 chat.
    expect(poll).toMatchObject({ polled: 1, failed: 0, windows: 2, requests: 2, records: 1, newEvents: 1, deliveries: 3 });
    expect(searches().every((r) => r.status === 200)).toBe(true);
    expect(calls('/api/auth/token/refresh')).toBe(1); // the enable-time token is past its 5 minutes
    expect(calls('/api/auth/login/rc/accesstoken')).toBe(1);

    const stored = await h.app.deps.db.auditEvents.find(world.accountId, 'ringcx', String(record.id));
    expect(stored).toMatchObject({ eventKey: 'ringcx', actionId: 'UPDATE:Agent' });
    expect(JSON.parse(stored!.raw)).toEqual(record);

    expect(await deliverDue(h.app.deps)).toMatchObject({ sent: 1, accepted: 2, dead: 0 });
    await h.settle();
    expect(alertSms()).toHaveLength(2);
    expect(alertSms()[0]!.text).toMatch(
      /^\w{3} \d{1,2}, \d{4} => \d{1,2}:\d{2} (am|pm): RingCX Agent updated by: Dana Lead \(dana\.lead@sunnyvale\.example\)\. Entity: \[Agent: Jane Agent \(id 4411\)\] \[maxQueueTime\] old value: \[30\] new value: \[60\] \[enabled\] old value: \[true\] new value: \[false\] To opt out at any time, simply reply with STOP\.$/,
    );
    expect(alertCards()).toHaveLength(1);
    const card = JSON.stringify(alertCards()[0]!.body);
    for (const text of ["RingCX Agent 'Jane Agent' updated: maxQueueTime 30 → 60 (and 1 more)", 'By Dana Lead (dana.lead@sunnyvale.example)', '"title":"Entity","value":"Agent · Jane Agent"', '"title":"Action","value":"UPDATE"', '"title":"Max queue time","value":"30 → 60"', '"title":"Source","value":"RingCX"']) {
      expect(card).toContain(text);
    }

    // The next poll has nothing due and sends nothing again.
    expect(await pollRingcxOnce(h.app.deps)).toMatchObject({ requests: 0, newEvents: 0 });
  });

  it('When polling was down for 2 hours, then it catches up window by window: 8 windows, every record once, none repeated', async () => {
    advanceTo(w0 + WINDOW + 5 * MIN);
    await pollRingcxOnce(h.app.deps);
    const before = searches().length;
    // One record per missed window, on the window edges too: the first and last millisecond of each.
    const added: RingcxAuditRecord[] = [];
    for (let i = 1; i <= 8; i += 1) {
      const start = w0 + i * WINDOW;
      added.push(h.sim.addRingcxAuditRecord(SUPPORT, agentUpdate(i % 2 === 0 ? start : start + WINDOW - 1, { auditedEntityDescription: `Agent ${i}` })));
    }
    advanceTo(w0 + 9 * WINDOW + 5 * MIN);
    const poll = await pollRingcxOnce(h.app.deps);
    // RingCX's window ends are both inclusive in the simulator (the docs promise neither exclusive): the 4 records on
    // a window's first millisecond come back twice (end of one window, start of the next); 12 read, 8 stored.
    expect(poll).toMatchObject({ failed: 0, windows: 16, records: 12, newEvents: 8, deliveries: 24 });
    expect(searches().length - before).toBe(16);
    expect(await h.app.deps.db.ringcx.cursor(world.accountId, SUPPORT)).toMatchObject({ windowEnd: new Date(w0 + 9 * WINDOW), lastPollStatus: 'ok' });
    expect(await pollRingcxOnce(h.app.deps)).toMatchObject({ windows: 0, newEvents: 0 });
    await deliverDue(h.app.deps);
    await h.settle();
    const titles = alertCards().map((c) => JSON.stringify(c.body));
    expect(titles).toHaveLength(8);
    for (const record of added) expect(titles.filter((t) => t.includes(`"Agent · ${record.auditedEntityDescription}"`))).toHaveLength(1);
  });

  it('When RingCX answers 429, then the search backs off exponentially (at least its Retry-After) and the window is not lost', async () => {
    h.sim.addRingcxAuditRecord(SUPPORT, agentUpdate(h.clock.now().getTime() + 1_000));
    advanceTo(w0 + WINDOW + 5 * MIN);
    h.sim.failNext({ method: 'PUT', path: SEARCH }, { kind: '429', retryAfterSeconds: 20 }, 2);
    const started = h.clock.now().getTime();
    const poll = await pollRingcxOnce(h.app.deps);
    expect(poll).toMatchObject({ failed: 0, windows: 2, requests: 4, newEvents: 1 });
    expect(searches().filter((r) => r.status === 429)).toHaveLength(2);
    // 20 s (Retry-After over the 15 s base), then 30 s.
    expect(h.clock.now().getTime() - started).toBeGreaterThanOrEqual(50_000);
  });

  it('When RingCX says the token expired, then it is renewed once and the search retried', async () => {
    advanceTo(w0 + WINDOW + 5 * MIN);
    await pollRingcxOnce(h.app.deps); // refreshes the enable-time token
    h.sim.addRingcxAuditRecord(SUPPORT, agentUpdate(h.clock.now().getTime() + 1_000));
    advanceTo(w0 + 2 * WINDOW + 5 * MIN);
    const refreshes = calls('/api/auth/token/refresh');
    h.sim.failNext({ method: 'PUT', path: SEARCH }, { kind: 'body', status: 401, body: { errorCode: 'jwt.expired', generalMessage: 'Jwt is expired' } });
    expect(await pollRingcxOnce(h.app.deps)).toMatchObject({ failed: 0, windows: 2, requests: 3, newEvents: 1 });
    // One refresh because the token is 15 minutes old, one more for the 401; never a new exchange.
    expect(calls('/api/auth/token/refresh')).toBe(refreshes + 2);
    expect(calls('/api/auth/login/rc/accesstoken')).toBe(1);
  });

  it('When entity, action and user filters are set, then only matching changes alert, yet every record is archived', async () => {
    await say('ringcx entities Agent Campaign');
    await say('ringcx actions update delete');
    await say('ringcx ignore svc.sync@sunnyvale.example');
    const t = h.clock.now().getTime() + 1_000;
    const sync = { userName: 'svc.sync@sunnyvale.example', firstName: 'Sync', lastName: 'Service', userId: '9', sourceId: 'RC' };
    h.sim.addRingcxAuditRecord(SUPPORT, agentUpdate(t, { auditedEntityDescription: 'alerts: agent update' }));
    h.sim.addRingcxAuditRecord(SUPPORT, agentUpdate(t, { auditedClass: 'com.ringcentral.ringcx.admin.Campaign', actionType: 'DELETE', auditedEntityDescription: 'alerts: campaign delete', auditLogResultList: [] }));
    h.sim.addRingcxAuditRecord(SUPPORT, agentUpdate(t, { auditedClass: 'com.ringcentral.ringcx.admin.Gate', auditedEntityDescription: 'quiet: gate' }));
    h.sim.addRingcxAuditRecord(SUPPORT, agentUpdate(t, { actionType: 'CREATE', auditedEntityDescription: 'quiet: create' }));
    h.sim.addRingcxAuditRecord(SUPPORT, agentUpdate(t, { authUser: sync, auditedEntityDescription: 'quiet: sync user' }));
    advanceTo(w0 + WINDOW + 5 * MIN);
    expect(await pollRingcxOnce(h.app.deps)).toMatchObject({ records: 5, newEvents: 5, deliveries: 6 });
    await deliverDue(h.app.deps);
    await h.settle();
    const cards = alertCards().map((c) => JSON.stringify(c.body));
    expect(cards).toHaveLength(2);
    expect(cards.some((c) => c.includes('alerts: agent update'))).toBe(true);
    const deleted = cards.find((c) => c.includes('alerts: campaign delete'))!;
    expect(deleted).toContain("RingCX Campaign 'alerts: campaign delete' deleted");
    expect(deleted).toContain('"title":"Details","value":"agentId: 4411, firstName: Jane, lastName: Agent, enabled: false, maxQueueTime: 60"');
    expect(await h.app.deps.db.auditEvents.count(world.accountId, 'ringcx')).toBe(5);
  });

  it('When a record is malformed, then it is archived raw, alerted with what is known and logged, and the poll goes on', async () => {
    const t = h.clock.now().getTime() + 1_000;
    const bad = h.sim.addRingcxAuditRecord(SUPPORT, agentUpdate(t, { auditedEntityDescription: 'Broken one' })) as unknown as Record<string, unknown>;
    delete bad['id'];
    bad['authUser'] = 'not a user';
    bad['auditLogResultList'] = 'oops';
    h.sim.addRingcxAuditRecord(SUPPORT, agentUpdate(t, { auditedEntityDescription: 'Good one' }));
    advanceTo(w0 + WINDOW + 5 * MIN);
    const poll = await pollRingcxOnce(h.app.deps);
    expect(poll).toMatchObject({ failed: 0, records: 2, newEvents: 2, malformed: 1, deliveries: 6 });
    expect(h.logs.text()).toContain('malformed RingCX audit record archived and alerted with what is known');
    await deliverDue(h.app.deps);
    await h.settle();
    const broken = alertCards().map((c) => JSON.stringify(c.body)).find((c) => c.includes('Broken one'))!;
    expect(broken).toContain("RingCX Agent 'Broken one' updated");
    // Polled again (as after a crash): the id-less record is recognised by its content, not alerted twice.
    await h.app.deps.db.ringcx.advance(world.accountId, SUPPORT, new Date(w0), h.clock.now());
    expect(await pollRingcxOnce(h.app.deps)).toMatchObject({ records: 2, newEvents: 0, deliveries: 0 });
    // The broken record breaks RingCX's AuditLog schema on purpose; that is the only violation, once per search.
    const violations = h.sim.takeSpecViolations();
    expect(violations).toHaveLength(2);
    for (const v of violations) expect(v).toMatchObject({ path: SEARCH, direction: 'response', errors: ['response/0/auditLogResultList must be array', 'response/0/authUser must be object'] });
  });

  it('When the account is in an offset time zone (+05:45), then the windows are sent with that offset and stay contiguous', async () => {
    await h.app.deps.db.models.AdminAuthorization.update({ timezone: 'Asia/Kathmandu' }, { where: { accountId: world.accountId } });
    h.sim.addRingcxAuditRecord(SALES, agentUpdate(h.clock.now().getTime() + 1_000));
    advanceTo(w0 + 3 * WINDOW + 5 * MIN);
    expect(await pollRingcxOnce(h.app.deps)).toMatchObject({ failed: 0, windows: 6, newEvents: 1 });
    expect(searches().every((r) => r.status === 200)).toBe(true);
    expect(await h.app.deps.db.ringcx.cursor(world.accountId, SALES)).toMatchObject({ windowEnd: new Date(w0 + 3 * WINDOW) });
  });
});

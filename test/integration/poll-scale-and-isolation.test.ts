import { formatPhoneNumber } from '../../src/cards/format-phone-number';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startHarness, type Harness } from '../support/harness';
import { configuredWorld, installedWorld, latestText, loginThroughChat } from '../support/world';
import { pollOnce } from '../../src/jobs/poll-audit-trail';
import { followSms } from '../../src/jobs/follow-sms';
import { FIRST_CHECK_MS } from '../../src/policy/sms-follow-schedule';
import { deliverDue } from '../../src/jobs/deliver-due';
import { sampleAuditRecords } from '../../src/demo/sample-audit-records';
import { handleInboundSms } from '../../src/delivery/handle-inbound-sms';

let h: Harness;
afterEach(async () => {
  expect(h.sim.specViolations).toEqual([]);
  await h.stop();
});

const peopleOf = (accountId: string, adminId: string, targetId: string) => ({
  accountId,
  accountName: 'Sunnyvale Biology Labs',
  actor: { id: adminId, extensionNumber: '101', name: 'Peter Beck MacIntyre' },
  target: { id: targetId, extensionNumber: '12004', name: 'Peter B MacIntyre 44' },
});

async function say(chatId: string, fromId: string, text: string, mentionIds?: string[]) {
  await h.sim.sendChatMessage({ chatId, fromId, text, ...(mentionIds ? { mentionIds } : {}) });
  await h.settle();
}

describe('Scale', () => {
  // Delivering 10,000 alerts through the simulator takes a while: run it once, on SQLite.
  it.skipIf(process.env.TEST_DB === 'postgres')('When 10,000 records fall in one window, then the poll makes 10 requests, stores them page by page, and every alert is delivered', async () => {
    h = await startHarness({ simulator: { rateLimits: false } });
    const world = await installedWorld(h);
    await loginThroughChat(h, world, { extensionId: world.adminId, dmId: world.dmId });
    // burst off: 10,000 changes by one person would otherwise be one summary (issue 10); this test is about each alert.
    for (const text of ['sms from +16505550100', 'sms to +16505550101', 'sms on', 'burst off']) await say(world.dmId, world.adminId, text);
    h.clock.advance(60_000);
    const template = sampleAuditRecords(peopleOf(world.accountId, world.adminId, world.adminId))[0]!;
    const base = h.clock.now().getTime() - 50_000;
    for (let i = 0; i < 10_000; i += 1) {
      h.sim.addAuditRecord(world.accountId, { ...template, id: `rec-${String(i).padStart(5, '0')}`, eventTime: new Date(base + i).toISOString() });
    }
    const insert = vi.spyOn(h.app.deps.db.auditEvents, 'insertNew');
    const mark = h.sim.requests.length;
    const started = Date.now();
    const poll = await pollOnce(h.app.deps);
    const pollMs = Date.now() - started;
    expect(poll).toMatchObject({ requests: 10, records: 10_000, newEvents: 10_000, deliveries: 10_000 });
    expect(h.sim.requests.slice(mark).filter((r) => r.path.endsWith('/audit-trail/search'))).toHaveLength(10);
    // Page by page: ten batches of at most 1,000, never the whole window at once.
    expect(insert.mock.calls.map((c) => c[2].length)).toEqual(Array(10).fill(1000));
    console.log(`10,000 records polled and queued in ${pollMs} ms`);

    const deliveryStarted = Date.now();
    for (let i = 0; i < 40; i += 1) {
      const round = await deliverDue(h.app.deps, { limit: 1000 });
      if (round.attempted === 0) break;
    }
    console.log(`10,000 alert SMS accepted in ${Date.now() - deliveryStarted} ms`);
    expect(await h.app.deps.db.deliveries.countByStatus()).toMatchObject({ accepted: 10_000, pending: 0, dead: 0 });
    // Delivered only once each message record says so.
    h.clock.advance(FIRST_CHECK_MS);
    const followStarted = Date.now();
    for (let i = 0; i < 40; i += 1) {
      const round = await followSms(h.app.deps, { limit: 1000 });
      if (round.checked === 0) break;
    }
    console.log(`10,000 SMS message records read in ${Date.now() - followStarted} ms`);
    expect(await h.app.deps.db.deliveries.countByStatus()).toMatchObject({ delivered: 10_000, accepted: 0, pending: 0, dead: 0 });
    const texts = h.sim.sentSms.filter((s) => s.to[0] === '+16505550101');
    expect(texts).toHaveLength(10_000);
    expect(texts[0]?.text).toMatch(/: MFA turned off for Company by: Peter Beck MacIntyre\. .*To opt out at any time, simply reply with STOP\.$/);
  }, 240_000);

  it('When an eleventh search is due within the same minute, then the poller waits for the Heavy budget instead of getting 429', async () => {
    h = await startHarness({ env: { POLL_OVERLAP_MINUTES: '0' } });
    const world = await configuredWorld(h);
    await say(world.dmId, world.adminId, 'sms off');
    await say(world.dmId, world.adminId, 'events off all');
    await say(world.dmId, world.adminId, 'events on mfa-company-off');
    h.clock.advance(60_000);
    const start = h.clock.now().getTime();
    const template = sampleAuditRecords(peopleOf(world.accountId, world.adminId, world.targetId))[0]!;
    for (let i = 0; i < 9_999; i += 1) h.sim.addAuditRecord(world.accountId, { ...template, id: `r${i}`, eventTime: new Date(start - 30_000 + i).toISOString() });
    expect((await pollOnce(h.app.deps)).requests).toBe(10);
    h.sim.addAuditRecord(world.accountId, { ...template, id: 'r-late' });
    const again = await pollOnce(h.app.deps);
    expect(again.results[0], JSON.stringify(again.results[0])).toMatchObject({ status: 'ok', requests: 1, newEvents: 1 });
    expect(h.sim.requests.filter((r) => r.path.endsWith('/audit-trail/search') && r.status === 429)).toHaveLength(0);
    expect(h.clock.now().getTime() - start).toBeGreaterThanOrEqual(60_000);
  }, 60_000);

  it('When RingCentral answers the audit search with 429 and Retry-After, then the poller waits that long and the poll still succeeds', async () => {
    h = await startHarness();
    const world = await configuredWorld(h);
    h.clock.advance(60_000);
    h.sim.addAuditRecord(world.accountId, sampleAuditRecords(peopleOf(world.accountId, world.adminId, world.targetId))[0]!);
    h.sim.failNext({ path: /\/audit-trail\/search$/ }, { kind: '429', retryAfterSeconds: 45 });
    const before = h.clock.now().getTime();
    const poll = await pollOnce(h.app.deps);
    expect(poll.results[0]).toMatchObject({ status: 'ok', requests: 2, newEvents: 1 });
    expect(h.clock.now().getTime() - before).toBeGreaterThanOrEqual(45_000);
  });
});

describe('Isolation', () => {
  it('When two admins of one account and an admin of another account watch different events, then each gets exactly their own alerts', async () => {
    h = await startHarness();
    const a = await configuredWorld(h);
    // Second admin in account A: chats only, into their own team, and only file-sharing events.
    const second = h.sim.addExtension(a.accountId, { firstName: 'Olga', lastName: 'Nyberg', admin: true });
    const dm2 = h.sim.addChat(a.accountId, { type: 'Direct', memberIds: [second.id, a.botId] });
    const team2 = h.sim.addChat(a.accountId, { type: 'Team', name: 'IT Admins', memberIds: [second.id, a.botId] });
    await h.settle();
    await loginThroughChat(h, a, { extensionId: second.id, dmId: dm2.id });
    await say(team2.id, second.id, `![:Person](${a.botId}) notify here`, [a.botId]);
    await say(dm2.id, second.id, 'events off all');
    await say(dm2.id, second.id, 'events on file-sharing-changed');
    // Admin A1 stops watching file sharing.
    await say(a.dmId, a.adminId, 'events off file-sharing-changed');

    // Account B with its own admin and team.
    const b = h.sim.addAccount({ name: 'Other Corp' });
    const bAdmin = h.sim.addExtension(b.id, { firstName: 'Bob', lastName: 'Stone', admin: true });
    const bInstall = await h.sim.installBotPrivate({ accountId: b.id, installerId: bAdmin.id, clientId: 'atb-bot-client-id', redirectUri: `${h.url}/bot/oauth` });
    await h.settle();
    const bDm = h.sim.cards.find((c) => c.creatorId === bInstall.botId)!.chatId;
    const bTeam = h.sim.addChat(b.id, { type: 'Team', name: 'B Security', memberIds: [bAdmin.id, bInstall.botId] });
    await h.settle();
    await loginThroughChat(h, { botId: bInstall.botId }, { extensionId: bAdmin.id, dmId: bDm });
    await say(bTeam.id, bAdmin.id, `![:Person](${bInstall.botId}) notify here`, [bInstall.botId]);

    h.clock.advance(60_000);
    const recordsA = sampleAuditRecords(peopleOf(a.accountId, a.adminId, a.targetId));
    const fileSharing = recordsA.find((r) => r.actionId === 'CHANGE_GLIP_FILE_SHARING')!;
    const mfaOff = recordsA.find((r) => r.actionId === 'UNFORCE_MFA_ACCOUNT')!;
    h.sim.addAuditRecord(a.accountId, fileSharing);
    h.sim.addAuditRecord(a.accountId, mfaOff);
    h.sim.addAuditRecord(b.id, { ...sampleAuditRecords(peopleOf(b.id, bAdmin.id, bAdmin.id))[2]!, id: 'b-2fa-off' });

    const mark = h.sim.requests.length;
    const poll = await pollOnce(h.app.deps);
    expect(poll).toMatchObject({ accounts: 2, polled: 2 });
    await deliverDue(h.app.deps);
    await h.settle();

    // An alert card's fallback text is its headline.
    const titles = (chatId: string) => h.sim.cards.filter((c) => c.chatId === chatId && JSON.stringify(c.body).includes('"alertRecord"')).map((c) => c.body.fallbackText);
    expect(titles(a.teamId)).toEqual(['MFA turned OFF for the whole company']);
    expect(titles(team2.id)).toEqual(['Team Messaging file sharing turned off for the company: Enabled → Disabled']);
    expect(titles(bTeam.id)).toHaveLength(1);
    expect(titles(bTeam.id)[0]).toMatch(/^2FA turned OFF for /);
    expect(h.sim.sentSms.filter((s) => s.accountId === a.accountId && s.from === a.sender)).toHaveLength(2); // MFA off to 2 recipients
    expect(h.sim.sentSms.filter((s) => s.accountId === b.id)).toHaveLength(0);
    // The other account's records were searched with the other account's admin token.
    const searches = h.sim.requests.slice(mark).filter((r) => r.path.endsWith('/audit-trail/search'));
    expect(searches).toHaveLength(2);
    expect(searches.some((r) => r.userId === bAdmin.id)).toBe(true);
    expect(searches.some((r) => r.userId === a.adminId || r.userId === second.id)).toBe(true);
  });
});

describe('Dead tokens, test alerts, time zones, opt-out', () => {
  it('When every watching admin token is dead, then the account is skipped and reported, the admin asked to log in once, and later runs do not retry it', async () => {
    h = await startHarness();
    const world = await configuredWorld(h);
    h.sim.revokeAllTokensOf(world.adminId);
    h.clock.advance(60 * 60 * 1000);
    const first = await pollOnce(h.app.deps);
    expect(first.results[0]).toMatchObject({ status: 'skipped', reason: 'no usable admin token' });
    await h.settle();
    const cursor = await h.app.deps.db.auditEvents.cursor(world.accountId, 'ringex');
    expect(cursor).toMatchObject({ lastPollStatus: 'no-token' });
    const tokenCalls = () => h.sim.requests.filter((r) => r.path === '/restapi/oauth/token').length;
    const calls = tokenCalls();
    const second = await pollOnce(h.app.deps);
    expect(second.results[0]).toMatchObject({ status: 'skipped', reason: 'no admin is watching' });
    expect(tokenCalls()).toBe(calls);
    expect(h.sim.cards.filter((c) => JSON.stringify(c.body).includes('alerts for you are on hold'))).toHaveLength(1);
  });

  it('When the admin types test, then a marked test alert goes to every destination now and each result is reported', async () => {
    h = await startHarness();
    const world = await configuredWorld(h);
    await say(world.dmId, world.adminId, 'test');
    const text = latestText(h, world.botId, world.dmId);
    expect(text).toBe(['Test alert results:', '✓ Chat Security Operations: card posted', '✓ SMS +16505550101: SMS accepted (Queued)', '✓ SMS +16505550102: SMS accepted (Queued)'].join('\n'));
    expect(h.sim.sentSms.filter((s) => s.text.startsWith('[TEST] '))).toHaveLength(2);
    expect(JSON.stringify(h.sim.cards.filter((c) => c.chatId === world.teamId).at(-1)?.body)).toContain('Test alert');
  });

  it('When the admin sets a time zone, then alert times use it', async () => {
    h = await startHarness();
    const world = await configuredWorld(h);
    await say(world.dmId, world.adminId, 'timezone Europe/London');
    expect(latestText(h, world.botId, world.dmId)).toBe('Saved. Time zone: (none) → Europe/London');
    await say(world.dmId, world.adminId, 'timezone Mars/Olympus');
    expect(latestText(h, world.botId, world.dmId)).toContain('"Mars/Olympus" is not a time zone I know');
    h.clock.advance(60_000);
    // the record's time, taken before polling: the poll and the delivery move the test clock on (pacing
    // waits pass at once), so "now" read afterwards can be in the next minute
    const eventTime = new Date(h.clock.now().getTime() - 1000);
    h.sim.addAuditRecord(world.accountId, { ...sampleAuditRecords(peopleOf(world.accountId, world.adminId, world.targetId))[0]!, eventTime: eventTime.toISOString() });
    await pollOnce(h.app.deps);
    await deliverDue(h.app.deps);
    const sms = h.sim.sentSms.find((s) => s.text.includes('MFA turned off'))!;
    const london = new Intl.DateTimeFormat('en-US', { timeZone: 'Europe/London', hour: 'numeric', minute: '2-digit', hour12: true }).format(eventTime).toLowerCase();
    expect(sms.text).toContain(`=> ${london.replace(/\s/g, ' ')}`);
  });

  it('When a recipient replies STOP (whole word), then they are opted out, status shows it, and START re-enables them', async () => {
    h = await startHarness();
    const world = await configuredWorld(h);
    expect(await handleInboundSms(h.app.deps, world.accountId, { from: world.recipients[0]!, text: 'please stop the texts' })).toBe('ignored');
    expect(await handleInboundSms(h.app.deps, world.accountId, { from: world.recipients[0]!, text: ' Stop. ' })).toBe('opted-out');
    await say(world.dmId, world.adminId, 'status');
    expect(JSON.stringify(h.sim.cards.filter((c) => c.chatId === world.dmId).at(-1)?.body)).toContain(
      `"title":"Opted out (STOP)","value":"${formatPhoneNumber(world.recipients[0]!, 'US')}: replied STOP; gets no texts from any of your numbers until they reply START"`,
    );
    h.clock.advance(60_000);
    h.sim.addAuditRecord(world.accountId, sampleAuditRecords(peopleOf(world.accountId, world.adminId, world.targetId))[0]!);
    await pollOnce(h.app.deps);
    await deliverDue(h.app.deps);
    expect(h.sim.sentSms.filter((s) => !s.text.startsWith('[TEST]')).map((s) => s.to[0])).toEqual([world.recipients[1]]);
    expect(await handleInboundSms(h.app.deps, world.accountId, { from: world.recipients[0]!, text: 'START' })).toBe('opted-in');
    expect(await h.app.deps.db.optOuts.isOptedOut(world.accountId, world.sender, world.recipients[0]!)).toBe(false);
  });
});

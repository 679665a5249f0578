import { formatPhoneNumber } from '../../src/cards/format-phone-number';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startHarness, type Harness } from '../support/harness';
import { configuredWorld, latestText, type ConfiguredWorld } from '../support/world';
import { pollOnce } from '../../src/jobs/poll-audit-trail';
import { deliverDue } from '../../src/jobs/deliver-due';
import { followSms } from '../../src/jobs/follow-sms';
import { FIRST_CHECK_MS } from '../../src/policy/sms-follow-schedule';
import { sampleAuditRecords } from '../../src/demo/sample-audit-records';
import { EVENT_CATALOG } from '../../src/catalog/event-catalog';

let h: Harness;
let world: ConfiguredWorld;
beforeEach(async () => {
  h = await startHarness();
  world = await configuredWorld(h);
  h.clock.advance(60_000);
});
afterEach(async () => {
  expect(h.sim.specViolations).toEqual([]);
  await h.stop();
});

const people = () => ({
  accountId: world.accountId,
  accountName: 'Sunnyvale Biology Labs',
  actor: { id: world.adminId, extensionNumber: '101', name: 'Peter Beck MacIntyre' },
  target: { id: world.targetId, extensionNumber: '12004', name: 'Peter B MacIntyre 44' },
});

const alertCards = () => h.sim.cards.filter((c) => c.chatId === world.teamId && c.creatorId === world.botId);
const alertSms = () => h.sim.sentSms.filter((s) => s.from === world.sender);
/** The headline: the second line of the severity band (the first is the severity word). */
const cardTitle = (card: { body: Record<string, unknown> }) => (card.body.body as { items?: { text?: string }[] }[]).find((b) => Array.isArray(b.items) && b.items.length === 2)?.items?.[1]?.text;
const severityOf = (card: { body: Record<string, unknown> }) => (card.body.body as { items?: { text?: string }[] }[]).find((b) => Array.isArray(b.items) && b.items.length === 2)?.items?.[0]?.text;

/** Poll, deliver and follow SMS records until nothing is due or unsettled (bounded), as the scheduler would over time. */
async function runUntilQuiet(rounds = 30): Promise<void> {
  for (let i = 0; i < rounds; i += 1) {
    await pollOnce(h.app.deps);
    const summary = await deliverDue(h.app.deps);
    await followSms(h.app.deps);
    await h.settle();
    const counts = await h.app.deps.db.deliveries.countByStatus();
    if (summary.attempted === 0 && counts.pending === 0 && counts.sending === 0 && counts.accepted === 0) return;
    h.clock.advance(31 * 60 * 1000);
  }
}

const smsStatuses = async () => (await h.app.deps.db.models.Delivery.findAll({ where: { channel: 'sms' }, order: [['id', 'ASC']] })).map((r) => r.status);

describe('Polling and delivery', () => {
  it('When one realistic record per catalog event appears, then every destination gets each alert once: the exact SMS text and a card with the facts', async () => {
    for (const record of sampleAuditRecords(people())) h.sim.addAuditRecord(world.accountId, record);
    const poll = await pollOnce(h.app.deps);
    expect(poll).toMatchObject({ accounts: 1, polled: 1, requests: 1, records: 17, newEvents: 17, deliveries: 17 * 3 });
    const sent = await deliverDue(h.app.deps);
    expect(sent).toMatchObject({ attempted: 51, sent: 17, accepted: 34, dead: 0 });
    // A 200 only means accepted: the rows wait for their message records.
    expect(await smsStatuses()).toEqual(Array(34).fill('accepted'));
    h.clock.advance(FIRST_CHECK_MS);
    expect(await followSms(h.app.deps)).toMatchObject({ checked: 34, delivered: 34 });
    expect(await h.app.deps.db.deliveries.countByStatus()).toMatchObject({ sent: 17, delivered: 34, accepted: 0, dead: 0 });

    expect(alertSms()).toHaveLength(34);
    for (const to of world.recipients) expect(alertSms().filter((s) => s.to[0] === to)).toHaveLength(17);
    const department = alertSms().find((s) => s.text.includes('[Department]'))!;
    const at = new Intl.DateTimeFormat('en-US', { timeZone: 'America/Los_Angeles', month: 'short', day: 'numeric', year: 'numeric' }).format(new Date(department.at));
    expect(department.text).toMatch(
      new RegExp(
        `^${at.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} => \\d{1,2}:\\d{2} (am|pm): User account information changed by: Peter Beck MacIntyre\\. Affected Element: \\[Department\\] old value / current action: \\[Biology\\] new value: \\[Mathematics\\] The target of the change was: Peter B MacIntyre 44 at: ${world.targetId} \\(ext: 12004\\) To opt out at any time, simply reply with STOP\\.$`,
      ),
    );
    for (const sms of alertSms()) expect(sms.text.endsWith('To opt out at any time, simply reply with STOP.')).toBe(true);

    expect(alertCards()).toHaveLength(17);
    const titles = alertCards().map(cardTitle);
    expect(new Set(titles).size).toBe(EVENT_CATALOG.length);
    expect(titles).toContain('Department changed for Peter B MacIntyre 44: Biology → Mathematics');
    expect(titles).toContain('Mobile phone changed for Peter B MacIntyre 44: +1 650 555 0130 → +1 650 555 0131');
    const mfaOff = alertCards().find((c) => cardTitle(c) === 'MFA turned OFF for the whole company')!;
    expect(severityOf(mfaOff)).toBe('Critical');
    const fileSharing = alertCards().find((c) => cardTitle(c) === 'Team Messaging file sharing turned off for the company: Enabled → Disabled')!;
    expect(severityOf(fileSharing)).toBe('Low');
  });

  it('When polls repeat, then nothing is sent twice; a record that shows up late inside the overlap is still delivered', async () => {
    const [first, second] = sampleAuditRecords(people());
    h.sim.addAuditRecord(world.accountId, first!);
    await runUntilQuiet();
    expect(alertCards()).toHaveLength(1);
    await pollOnce(h.app.deps);
    await deliverDue(h.app.deps);
    expect(alertCards()).toHaveLength(1);

    // A record stamped 5 minutes before the last poll, but only visible now (propagation delay).
    const lastPoll = (await h.app.deps.db.auditEvents.cursor(world.accountId, 'ringex'))!.cursorAt!;
    h.clock.advance(60_000);
    h.sim.addAuditRecord(world.accountId, { ...second!, eventTime: new Date(lastPoll.getTime() - 5 * 60_000).toISOString() });
    await runUntilQuiet();
    expect(alertCards()).toHaveLength(2);
    expect(alertSms()).toHaveLength(4);
  });

  it('When the admin pauses, or does not watch an event, then nothing is sent for it', async () => {
    await h.sim.sendChatMessage({ chatId: world.dmId, fromId: world.adminId, text: 'events off file-sharing-changed' });
    await h.settle();
    h.clock.advance(1000);
    const records = sampleAuditRecords(people());
    h.sim.addAuditRecord(world.accountId, records.find((r) => r.actionId === 'CHANGE_GLIP_FILE_SHARING')!);
    await runUntilQuiet();
    expect(alertCards()).toHaveLength(0);
    expect(h.sim.requests.filter((r) => r.path.endsWith('/audit-trail/search')).length).toBeGreaterThan(0);

    await h.sim.sendChatMessage({ chatId: world.dmId, fromId: world.adminId, text: 'pause' });
    await h.settle();
    h.sim.addAuditRecord(world.accountId, records[0]!);
    const poll = await pollOnce(h.app.deps);
    expect(poll.results[0]).toMatchObject({ status: 'skipped', reason: 'no admin is watching' });
    await deliverDue(h.app.deps);
    expect(alertCards()).toHaveLength(0);
    expect(alertSms()).toHaveLength(0);
  });

  it('When 2,345 records arrive but the admin watches two events, then 3 searches read the whole window, every record is archived, and only the watched ones alert', async () => {
    await h.sim.sendChatMessage({ chatId: world.dmId, fromId: world.adminId, text: 'events off all' });
    await h.settle();
    await h.sim.sendChatMessage({ chatId: world.dmId, fromId: world.adminId, text: 'events on mfa-company-off user-info-email' });
    await h.settle();
    const samples = sampleAuditRecords(people());
    const mfaOff = samples.find((r) => r.actionId === 'UNFORCE_MFA_ACCOUNT')!;
    const mfaOn = samples.find((r) => r.actionId === 'ENFORCE_MFA_ACCOUNT')!;
    // Actions nobody watches (and one no catalog knows): read and archived all the same.
    const noise = ['CHANGE_EXTENSION_INFO', 'CHANGE_CALLER_ID', 'LOGIN_TO_SERVICE_WEB'];
    for (let i = 0; i < 2_340; i += 1) h.sim.addAuditRecord(world.accountId, { ...mfaOn, actionId: noise[i % 3]! });
    h.sim.addAuditRecord(world.accountId, mfaOn);
    for (let i = 0; i < 4; i += 1) h.sim.addAuditRecord(world.accountId, mfaOff);
    const search = vi.spyOn(h.app.deps.api, 'searchAuditTrail');

    const poll = await pollOnce(h.app.deps);

    expect(poll).toMatchObject({ requests: 3, records: 2_345, matched: 4, newEvents: 2_345, deliveries: 12 });
    expect(search).toHaveBeenCalledTimes(3);
    for (const [, query] of search.mock.calls) {
      expect(query).not.toHaveProperty('actionIds');
      expect(query.perPage).toBe(1000);
    }
    expect(await h.app.deps.db.auditEvents.count(world.accountId, 'ringex')).toBe(2_345);
    // The archive keeps each record's actionId in its own column (what `events discover` will read).
    const [byAction] = (await h.app.deps.db.sequelize.query(
      `SELECT action_id AS "actionId", COUNT(*) AS n FROM audit_events WHERE account_id = '${world.accountId}' AND source = 'ringex' GROUP BY action_id ORDER BY action_id`,
    )) as [{ actionId: string; n: number | string }[], unknown];
    expect(byAction.map((r) => [r.actionId, Number(r.n)])).toEqual([
      ['CHANGE_CALLER_ID', 780],
      ['CHANGE_EXTENSION_INFO', 780],
      ['ENFORCE_MFA_ACCOUNT', 1],
      ['LOGIN_TO_SERVICE_WEB', 780],
      ['UNFORCE_MFA_ACCOUNT', 4],
    ]);

    await deliverDue(h.app.deps);
    await h.settle();
    expect(alertCards().map(cardTitle)).toEqual(Array(4).fill('MFA turned OFF for the whole company'));
    expect(alertSms()).toHaveLength(8);
  });
});

describe('Reliability', () => {
  it('When the poller dies after fetching a page but before storing it, then the next run stores and delivers it, once', async () => {
    for (const record of sampleAuditRecords(people()).slice(0, 3)) h.sim.addAuditRecord(world.accountId, record);
    const insert = vi.spyOn(h.app.deps.db.auditEvents, 'insertNew').mockRejectedValueOnce(new Error('process killed'));
    const crashed = await pollOnce(h.app.deps);
    expect(crashed.results[0]?.status).toBe('failed');
    expect(await h.app.deps.db.auditEvents.count(world.accountId, 'ringex')).toBe(0);
    insert.mockRestore();
    await h.restart();
    await runUntilQuiet();
    expect(alertCards()).toHaveLength(3);
    expect(alertSms()).toHaveLength(6);
  });

  it('When the process stops after storing events but before sending, then a restarted worker sends each once', async () => {
    for (const record of sampleAuditRecords(people()).slice(0, 3)) h.sim.addAuditRecord(world.accountId, record);
    await pollOnce(h.app.deps);
    await h.restart();
    await deliverDue(h.app.deps);
    await deliverDue(h.app.deps);
    expect(alertCards()).toHaveLength(3);
    expect(alertSms()).toHaveLength(6);
  });

  it('When the worker dies after RingCentral accepted a send but before marking it sent, then the next instance finds that send and does not repeat it', async () => {
    for (const record of sampleAuditRecords(people()).slice(0, 3)) h.sim.addAuditRecord(world.accountId, record);
    await pollOnce(h.app.deps);
    // The process "dies" right after RingCentral accepted one send: nothing more is recorded, its leases are not renewed.
    const death = new AbortController();
    const mark = vi.spyOn(h.app.deps.db.deliveries, 'markSent').mockImplementationOnce(async () => {
      death.abort();
      throw new Error('process killed');
    });
    await deliverDue(h.app.deps, { owner: 'instance-that-dies', signal: death.signal });
    mark.mockRestore();
    // Its sends in flight at the kill (one lane each) stay claimed; at least the one RingCentral accepted.
    const atDeath = await h.app.deps.db.deliveries.countByStatus();
    expect(atDeath.sending).toBeGreaterThanOrEqual(1);
    expect(atDeath.sending).toBeLessThanOrEqual(4);
    await h.restart();
    // While the dead instance's leases last, nobody takes its rows.
    expect((await deliverDue(h.app.deps, { owner: 'restarted' })).attempted).toBe(9 - atDeath.sent - atDeath.accepted - atDeath.sending);
    const meanwhile = await h.app.deps.db.deliveries.countByStatus();
    expect(meanwhile.sending).toBe(atDeath.sending);
    expect(meanwhile.sent + meanwhile.accepted).toBe(9 - atDeath.sending);
    h.clock.advance(h.config.leaseMs + 1000);
    await deliverDue(h.app.deps, { owner: 'restarted' });
    const counts = await h.app.deps.db.deliveries.countByStatus();
    // Chat cards are sent; SMS accepted (their records are followed afterwards).
    expect(counts).toMatchObject({ pending: 0, sending: 0, sent: 3, accepted: 6, dead: 0 });
    expect(alertCards().length + alertSms().length).toBe(9); // the sends that landed were adopted, not repeated
  });

  it('When 30% of audit, SMS and card calls fail with 5xx or 429, then after the failures stop every event reaches every destination exactly once', async () => {
    let seed = 7;
    const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    for (const record of sampleAuditRecords(people())) h.sim.addAuditRecord(world.accountId, record);
    const failures = [{ kind: 'status' as const, status: 503 as const }, { kind: 'status' as const, status: 500 as const }, { kind: '429' as const, retryAfterSeconds: 2 }];
    h.sim.failRate({ path: /\/audit-trail\/search$/ }, 0.3, failures, random);
    h.sim.failRate({ path: /\/extension\/[^/]+\/sms$/ }, 0.3, failures, random);
    h.sim.failRate({ path: /\/adaptive-cards$/ }, 0.3, failures, random);
    for (let i = 0; i < 8; i += 1) {
      await pollOnce(h.app.deps);
      await deliverDue(h.app.deps);
      h.clock.advance(31 * 60 * 1000);
    }
    h.sim.clearFailures();
    await runUntilQuiet();
    expect(alertCards()).toHaveLength(17);
    expect(alertSms()).toHaveLength(34);
    const keys = alertSms().map((s) => `${s.to[0]}|${s.text}`);
    expect(new Set(keys).size).toBe(34);
    expect(await h.app.deps.db.deliveries.countByStatus()).toMatchObject({ sent: 17, delivered: 34, accepted: 0, dead: 0, pending: 0 });
  });

  it('When an SMS recipient opted out unknown to the bot, then the send fails on its record (SMS-RC-413), the pair is recorded, the admin is told once, and nothing more goes there', async () => {
    await h.sim.receiveSms({ from: world.recipients[0]!, to: world.sender, text: 'STOP' });
    const records = sampleAuditRecords(people());
    h.sim.addAuditRecord(world.accountId, records[0]!);
    await runUntilQuiet();
    const first = await h.app.deps.db.deliveries.listByRecord(world.accountId, 'ringex', (await h.app.deps.db.models.AuditEvent.findOne())!.recordId);
    expect(first.filter((d) => d.channel === 'sms').map((d) => [d.destination, d.status, d.lastError])).toEqual([
      [world.recipients[0], 'dead', `SMS-RC-413: the recipient opted out of SMS from ${world.sender}`],
      [world.recipients[1], 'delivered', null],
    ]);
    h.clock.advance(60_000);
    h.sim.addAuditRecord(world.accountId, records[1]!);
    await runUntilQuiet();
    expect(alertSms().map((s) => s.to[0]).sort()).toEqual([world.recipients[0], world.recipients[1], world.recipients[1]].sort());
    const notices = h.sim.posts.filter((p) => p.creatorId === world.botId && p.text.startsWith('The SMS recipient (650) 555-0101 has opted out'));
    expect(notices.map((p) => p.text)).toEqual([
      'The SMS recipient (650) 555-0101 has opted out of texts from (650) 555-0100 (RingCentral reported SMS-RC-413). I will send no more SMS alerts there; they can reply START to (650) 555-0100 to receive them again. Type status to see every opted-out recipient.',
    ]);
    expect(await h.app.deps.db.optOuts.isOptedOut(world.accountId, world.sender, world.recipients[0]!)).toBe(true);
    expect(await h.app.deps.db.optOuts.isOptedOut(world.accountId, '+16505550199', world.recipients[0]!)).toBe(false);
  });

  it('When the admin asks for status after a poll, then it shows the last audit check and, per formatted destination, delivered / accepted / waiting / failed with the last error', async () => {
    await h.sim.removeChatMembers(world.teamId, [world.botId]);
    await h.settle();
    h.sim.addAuditRecord(world.accountId, sampleAuditRecords(people())[0]!);
    h.sim.failNext({ path: /\/extension\/[^/]+\/sms$/ }, { kind: 'status', status: 503 });
    await pollOnce(h.app.deps);
    await deliverDue(h.app.deps);
    await h.settle();
    await h.sim.sendChatMessage({ chatId: world.dmId, fromId: world.adminId, text: 'status' });
    await h.settle();
    const card = h.sim.cards.filter((c) => c.chatId === world.dmId && c.creatorId === world.botId).at(-1)!;
    const facts = Object.fromEntries(
      (card.body.body as { type: string; facts?: { title: string; value: string }[] }[]).flatMap((b) => (b.type === 'FactSet' ? (b.facts ?? []) : [])).map((f) => [f.title, f.value]),
    );
    expect(facts['Last audit check']).toMatch(/^[A-Z][a-z]{2} \d{1,2}, \d{4} \d{1,2}:\d{2} (am|pm)$/);
    const sms = [facts[`Texts to ${formatPhoneNumber(world.recipients[0]!, 'US')}`], facts[`Texts to ${formatPhoneNumber(world.recipients[1]!, 'US')}`]].sort();
    expect(sms[0]).toBe('0 delivered · 0 accepted, not yet confirmed · 0 sent, unconfirmed · 1 waiting · 0 failed · last error: CMN-211: Service Temporary Unavailable');
    expect(sms[1]).toBe('0 delivered · 1 accepted, not yet confirmed · 0 sent, unconfirmed · 0 waiting · 0 failed');
    expect(JSON.stringify(card.body)).not.toMatch(/\bdead\b|\+1650555/);
    // The bot left the team, so it may no longer know the team's name: the row is titled by name or id.
    const chat = Object.entries(facts).find(([title]) => title === 'Chat Security Operations' || title === `Chat ${world.teamId}`);
    expect(chat?.[1]).toMatch(/^0 delivered · 0 waiting · 1 failed · last error: .*I am no longer in that chat/);
    const health = (card.body.body as { type: string; items?: { text: string }[] }[])[2]!;
    expect(health.items![0]!.text).toBe('Sending to 2 numbers and 1 chat, but 1 alert could not be delivered — see below');
  });

  it('When the bot was removed from the alert chat, then the card delivery is dead at once and the admin is told why', async () => {
    await h.sim.removeChatMembers(world.teamId, [world.botId]);
    await h.settle();
    h.sim.addAuditRecord(world.accountId, sampleAuditRecords(people())[0]!);
    await runUntilQuiet();
    const chatRows = (await h.app.deps.db.models.Delivery.findAll({ where: { channel: 'chat' } })).map((r) => r.status);
    expect(chatRows).toEqual(['dead']);
    expect(latestText(h, world.botId, world.dmId)).toMatch(/^I could not deliver an alert to the chat .*I am no longer in that chat/);
    expect(alertSms()).toHaveLength(2);
  });

  it('When SMS keeps failing with 503 for 24 hours, then the rows are retried with backoff and then dead, and the admin is told once', async () => {
    h.sim.addAuditRecord(world.accountId, sampleAuditRecords(people())[0]!);
    h.sim.failRate({ path: /\/extension\/[^/]+\/sms$/ }, 1, [{ kind: 'status', status: 503 }]);
    await pollOnce(h.app.deps);
    const attempts: number[] = [];
    for (let i = 0; i < 160; i += 1) {
      await deliverDue(h.app.deps);
      const pending = await h.app.deps.db.models.Delivery.findAll({ where: { channel: 'sms', status: 'pending' } });
      attempts.push(Math.max(0, ...pending.map((r) => r.attempts)));
      if (pending.length === 0) break;
      const next = Math.min(...pending.map((r) => r.nextAttemptAt.getTime()));
      h.clock.advance(Math.max(0, next - h.clock.now().getTime()) + 1000);
    }
    attempts.push((await h.app.deps.db.models.Delivery.findOne({ where: { channel: 'sms' } }))!.attempts);
    const rows = await h.app.deps.db.models.Delivery.findAll({ where: { channel: 'sms' } });
    expect(rows.map((r) => r.status)).toEqual(['dead', 'dead']);
    expect(rows[0]!.lastError).toContain('gave up after 24 hours');
    expect(attempts.at(-1)).toBeGreaterThan(5);
    expect(attempts.at(-1)).toBeLessThan(100);
    await h.settle();
    expect(h.sim.posts.filter((p) => p.creatorId === world.botId && p.text.includes('it kept failing for 24 hours'))).toHaveLength(2);
  });
});

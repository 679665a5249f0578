import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/harness';
import { configuredWorld, latestCard, latestText, type ConfiguredWorld } from '../support/world';
import { pollOnce } from '../../src/jobs/poll-audit-trail';
import { deliverDue } from '../../src/jobs/deliver-due';
import { runNoisePolicy } from '../../src/jobs/run-noise-policy';
import { pollRingcxOnce } from '../../src/jobs/poll-ringcx';
import { checkRingcxEntities } from '../../src/jobs/check-ringcx-entities';

let h: Harness;
let world: ConfiguredWorld;
afterEach(async () => {
  expect(h.sim.specViolations).toEqual([]);
  await h.stop();
});

const MINUTE = 60_000;
/** Each test drives a whole conversation and several polls: generous on a loaded machine (no timing is asserted). */
const SLOW = 90_000;

async function start(options: { bursts?: boolean } = {}) {
  h = await startHarness();
  world = await configuredWorld(h, options);
  h.clock.advance(MINUTE);
}

/** The admin types in the DM; returns the bot's text reply. */
async function say(text: string): Promise<string | undefined> {
  await h.sim.sendChatMessage({ chatId: world.dmId, fromId: world.adminId, text });
  await h.settle();
  return latestText(h, world.botId, world.dmId);
}

const statusFacts = async () => {
  await h.sim.sendChatMessage({ chatId: world.dmId, fromId: world.adminId, text: 'status' });
  await h.settle();
  const card = latestCard(h, world.botId, world.dmId)!;
  return JSON.stringify(card.body);
};

const initiator = (name: string, extensionNumber = '12050') => ({ extensionId: '63000001', extensionNumber, name, role: 'Super Admin' });
const target = (i: number) => ({ objectId: String(1983009000 + i), objectType: 'Extension' as const, name: `Peter B MacIntyre ${i}`, extensionNumber: String(12000 + i) });
const departmentChange = (who: ReturnType<typeof initiator>, i: number, at: Date) => ({
  actionId: 'CHANGE_USER_INFO:USER',
  eventTime: at.toISOString(),
  initiator: who,
  target: target(i),
  details: { parameters: [{ key: 'param0', value: 'Department' }, { key: 'param1', value: 'Biology' }, { key: 'param2', value: 'Mathematics' }] },
});
const mfaOff = (who: ReturnType<typeof initiator>, at: Date) => ({
  actionId: 'UNFORCE_MFA_ACCOUNT',
  eventTime: at.toISOString(),
  initiator: who,
  target: { objectId: world.accountId, objectType: 'Account' as const, name: 'Sunnyvale Biology Labs' },
  details: { parameters: [{ key: 'param0', value: 'Multi-factor authentication' }] },
});

const teamCards = () => h.sim.cards.filter((c) => c.chatId === world.teamId && c.creatorId === world.botId);
const alertSms = () => h.sim.sentSms.filter((s) => s.from === world.sender);
const pollAndDeliver = async () => {
  await pollOnce(h.app.deps);
  await deliverDue(h.app.deps);
  await h.settle();
};

describe('Actor exclusions', { timeout: SLOW }, () => {
  it("When an admin excludes an actor for 7d, then the actor's medium change sends nothing, a critical one comes with the note, and status lists the expiry", async () => {
    await start();
    const reply = await say('ignore actor Sync Service for 7d');
    expect(reply).toMatch(/^Saved\. No alerts for changes by Sync Service for 7 days \(until [A-Z][a-z]{2} \d{1,2}, \d{4} \d{1,2}:\d{2} (am|pm)\), or until you type unignore actor Sync Service\. Critical alerts still come/);
    expect(await statusFacts()).toMatch(/"Excluded actors","value":"Sync Service until [A-Z][a-z]{2} \d{1,2}, \d{4} /);
    expect(await statusFacts()).toContain('Actor exclusions: (none) → Sync Service until');

    const sync = initiator('Sync Service');
    h.sim.addAuditRecord(world.accountId, departmentChange(sync, 1, h.clock.now()));
    await pollAndDeliver();
    expect(teamCards()).toHaveLength(0);
    expect(alertSms()).toHaveLength(0);

    h.sim.addAuditRecord(world.accountId, mfaOff(sync, h.clock.now()));
    await pollAndDeliver();
    expect(teamCards()).toHaveLength(1);
    expect(JSON.stringify(teamCards()[0]!.body)).toMatch(/\(actor is excluded until [A-Z][a-z]{2} \d{1,2}, \d{4} \d{1,2}:\d{2} (am|pm)\)/);
    expect(alertSms()).toHaveLength(2);
    for (const sms of alertSms()) {
      expect(sms.text).toMatch(/MFA turned off for Company by: Sync Service\..* \(actor is excluded until [A-Z][a-z]{2} \d{1,2}, \d{4} \d{1,2}:\d{2} (am|pm)\) To opt out at any time, simply reply with STOP\.$/);
    }
    // Another actor is not affected.
    h.sim.addAuditRecord(world.accountId, departmentChange(initiator('Ada Admin', '12060'), 2, h.clock.now()));
    await pollAndDeliver();
    expect(teamCards()).toHaveLength(2);
    expect(JSON.stringify(teamCards()[1]!.body)).not.toContain('excluded');
  });

  it('When the exclusion time is up, then it is removed (change-logged), status no longer lists it, and the next change alerts again', async () => {
    await start();
    await say('ignore actor 12050 for 12h');
    h.clock.advance(12 * 60 * MINUTE + MINUTE);
    expect(await runNoisePolicy(h.app.deps)).toEqual({ exclusionsExpired: 1, weeklySummaries: 0 });
    expect(await runNoisePolicy(h.app.deps)).toEqual({ exclusionsExpired: 0, weeklySummaries: 0 });
    const status = await statusFacts();
    expect(status).toContain('"Excluded actors","value":"(none: type ignore actor <name> [for 7d])"');
    expect(status).toMatch(/Actor exclusions: 12050 until .* UTC → \(expired\)/);

    h.sim.addAuditRecord(world.accountId, departmentChange(initiator('Sync Service', '12050'), 1, h.clock.now()));
    await pollAndDeliver();
    expect(teamCards()).toHaveLength(1);
    expect(alertSms()).toHaveLength(2);
  });

  it('When an exclusion without a duration is removed with unignore actor, then the actor alerts again', async () => {
    await start();
    expect(await say('ignore actor sync@example.com')).toContain('until you type unignore actor sync@example.com');
    h.sim.addAuditRecord(world.accountId, departmentChange(initiator('sync@example.com'), 1, h.clock.now()));
    await pollAndDeliver();
    expect(teamCards()).toHaveLength(0);
    expect(await say('unignore actor SYNC@example.com')).toBe('Saved. Changes by SYNC@example.com send alerts again.');
    expect(await say('unignore actor sync@example.com')).toBe('sync@example.com is not excluded. Excluded: (nobody).');
    h.clock.advance(MINUTE);
    h.sim.addAuditRecord(world.accountId, departmentChange(initiator('sync@example.com'), 2, h.clock.now()));
    await pollAndDeliver();
    expect(teamCards()).toHaveLength(1);
  });

  it('When ringcx ignore is given a duration, then it is an expiring exclusion listed in status, and ringcx unignore removes it', async () => {
    await start();
    expect(await say('ringcx ignore jane.doe@example.com for 2w')).toMatch(/^Saved\. No alerts for RingCX changes by jane\.doe@example\.com for 2 weeks \(until .*\), or until you type ringcx unignore jane\.doe@example\.com\./);
    expect(await statusFacts()).toMatch(/"Excluded actors","value":"RingCX jane\.doe@example\.com until /);
    expect(await say('ringcx unignore jane.doe@example.com')).toBe('Saved. Changes by jane.doe@example.com send alerts again.');
    expect(await statusFacts()).toContain('"Excluded actors","value":"(none');
  });

  it.each([
    ['ignore actor Sync Service for soon', /^"soon" is not a duration I can read\. Give a number and a unit: 30m, 12h, 7d or 2w .* Nothing was saved\.$/],
    ['ignore actor Sync Service for 400d', /^"400d" is not a duration I can read\./],
    ['ignore actor', /^I cannot read "" as a name, an extension number \(up to 8 digits\) or an email\. Type: ignore actor <name \| extension number \| email> \[for <duration>\]/],
    ['ignore actor sync@@example', /^I cannot read "sync@@example" as a name/],
    ['ignore actor 123456789012', /^I cannot read "123456789012" as a name, an extension number \(up to 8 digits\)/],
    ['unignore actor', /^Name the actor: unignore actor <name \| extension number \| email>\. Nothing was changed\.$/],
  ])('When the admin types "%s", then the reply gives the accepted forms and nothing is saved', async (text, expected) => {
    await start();
    expect(await say(text)).toMatch(expected);
    expect(await h.app.deps.db.noise.exclusions(world.accountId, world.adminId)).toEqual([]);
  });
});

describe('Bursts', { timeout: SLOW }, () => {
  it('When one actor changes 40 users in 4 minutes, then each chat gets one summary card (updated as more arrive) and each recipient one SMS, also through a restart', async () => {
    await start({ bursts: true });
    const peter = initiator('Peter Beck MacIntyre', '12001');
    const t0 = h.clock.now().getTime();
    for (let i = 0; i < 30; i += 1) h.sim.addAuditRecord(world.accountId, departmentChange(peter, i, new Date(t0 + Math.floor((i * 3 * MINUTE) / 30))));
    h.clock.advance(3 * MINUTE);
    await pollAndDeliver();

    expect(teamCards()).toHaveLength(1);
    const first = JSON.stringify(teamCards()[0]!.body);
    expect(first).toContain("Peter Beck MacIntyre changed 30 users' Department in 3 minutes");
    expect(first).toContain('and 20 more');
    expect(first).toContain('Severity: Low (the highest of the 30 changes)');
    expect((first.match(/Department: Biology → Mathematics · Peter B MacIntyre \d+/g) ?? []).length).toBe(10);
    expect(alertSms()).toHaveLength(2);
    expect(alertSms().map((s) => s.to[0]).sort()).toEqual([...world.recipients].sort());
    for (const sms of alertSms()) {
      expect(sms.text).toMatch(
        /^[A-Z][a-z]{2} \d{1,2}, \d{4} => \d{1,2}:\d{2} (am|pm): 30 changes by: Peter Beck MacIntyre in 3 minutes\. User account information changed\. Affected Element: \[Department\] The targets of the change were: Peter B MacIntyre 0, Peter B MacIntyre 1, Peter B MacIntyre 2 and 27 more Severity: Low\. To opt out at any time, simply reply with STOP\.$/,
      );
    }

    // A restart, then 10 more changes inside the window and a re-read of the overlap.
    await h.app.deps.tasks.idle();
    await h.restart();
    for (let i = 30; i < 40; i += 1) h.sim.addAuditRecord(world.accountId, departmentChange(peter, i, new Date(t0 + 3 * MINUTE + (i - 30) * 6_000)));
    h.clock.advance(2 * MINUTE);
    await pollAndDeliver();
    await pollAndDeliver();

    expect(teamCards()).toHaveLength(1);
    const card = teamCards()[0]!;
    expect(card.versions).toBe(2);
    const updated = JSON.stringify(card.body);
    expect(updated).toContain("Peter Beck MacIntyre changed 40 users' Department in 4 minutes");
    expect(updated).toContain('and 30 more');
    expect(alertSms()).toHaveLength(2);
    const counts = await h.app.deps.db.deliveries.countByStatus();
    expect(counts).toMatchObject({ pending: 0, sending: 0, dead: 0 });
  });

  it('When 4 changes come within the window, then each is sent on its own; with burst off, 8 come one by one', async () => {
    await start({ bursts: true });
    const peter = initiator('Peter Beck MacIntyre', '12001');
    for (let i = 0; i < 4; i += 1) h.sim.addAuditRecord(world.accountId, departmentChange(peter, i, new Date(h.clock.now().getTime() + i * 1000)));
    h.clock.advance(MINUTE);
    await pollAndDeliver();
    expect(teamCards()).toHaveLength(4);

    expect(await say('burst off')).toBe('Saved. Bursts: Off (type burst 5 to turn on).');
    for (let i = 10; i < 18; i += 1) h.sim.addAuditRecord(world.accountId, departmentChange(peter, i, new Date(h.clock.now().getTime() + i * 1000)));
    h.clock.advance(MINUTE);
    await pollAndDeliver();
    expect(teamCards()).toHaveLength(12);
  });

  it('When the admin sets burst 3 and burst window 2, then 3 changes in 2 minutes are one summary, status says so, and bad values are refused', async () => {
    await start({ bursts: true });
    expect(await say('burst 3')).toBe('Saved. Bursts: 3 or more changes by one person within 10 minutes become one summary.');
    expect(await say('burst window 2')).toBe('Saved. Bursts: 3 or more changes by one person within 2 minutes become one summary.');
    expect(await say('burst 1')).toMatch(/^A burst needs at least 2 changes \(one change is just an alert\)\. Type burst <count> .* Nothing was saved\.$/);
    expect(await say('burst many')).toMatch(/^"many" is not a count\./);
    expect(await say('burst window 0')).toMatch(/^"0" is not a number of minutes from 1 to 1440\./);
    expect(await statusFacts()).toContain('"Bursts","value":"3 or more changes by one person within 2 minutes become one summary"');

    const peter = initiator('Peter Beck MacIntyre', '12001');
    for (let i = 0; i < 3; i += 1) h.sim.addAuditRecord(world.accountId, departmentChange(peter, i, new Date(h.clock.now().getTime() + i * 20_000)));
    h.clock.advance(2 * MINUTE);
    await pollAndDeliver();
    expect(teamCards()).toHaveLength(1);
    expect(JSON.stringify(teamCards()[0]!.body)).toContain("Peter Beck MacIntyre changed 3 users' Department in 1 minute");
  });
});

/** Milliseconds from `now` to the next time the Los Angeles clock shows hh:mm. */
function untilLosAngeles(now: Date, hh: number, mm: number): number {
  for (let t = Math.ceil(now.getTime() / MINUTE) * MINUTE; ; t += MINUTE) {
    const parts = new Intl.DateTimeFormat('en-US', { timeZone: 'America/Los_Angeles', hour: 'numeric', minute: 'numeric', hourCycle: 'h23' }).formatToParts(new Date(t));
    const hour = Number(parts.find((p) => p.type === 'hour')!.value) % 24;
    const minute = Number(parts.find((p) => p.type === 'minute')!.value);
    if (hour === hh && minute === mm) return t - now.getTime();
  }
}

describe('SMS quiet hours', { timeout: SLOW }, () => {
  it('When low alerts come at 23:00 inside quiet hours 22:00-07:00, then no text goes out until 07:00, then one summary per recipient; a critical one is texted at once; cards are not held', async () => {
    await start();
    expect(await say('sms quiet 22:00-07:00')).toBe(
      'Saved. SMS quiet hours: 22:00–07:00 (America/Los_Angeles): texts that are not critical are held and sent as one text when they end. Critical alerts are always sent at once.',
    );
    expect(await statusFacts()).toContain('"SMS quiet hours","value":"22:00–07:00 (America/Los_Angeles): texts that are not critical are held and sent as one text when they end"');
    await say('settings');
    expect(JSON.stringify(latestCard(h, world.botId, world.dmId)!.body)).toContain('Quiet hours: 22:00–07:00 (America/Los_Angeles)');

    h.clock.advance(untilLosAngeles(h.clock.now(), 23, 0));
    const ada = initiator('Ada Admin', '12060');
    h.sim.addAuditRecord(world.accountId, departmentChange(ada, 1, h.clock.now()));
    h.sim.addAuditRecord(world.accountId, departmentChange(ada, 2, new Date(h.clock.now().getTime() + 1000)));
    h.clock.advance(MINUTE);
    await pollAndDeliver();
    expect(teamCards()).toHaveLength(2);
    expect(alertSms()).toHaveLength(0);

    h.sim.addAuditRecord(world.accountId, mfaOff(ada, h.clock.now()));
    h.clock.advance(MINUTE);
    await pollAndDeliver();
    expect(alertSms()).toHaveLength(2);
    for (const sms of alertSms()) expect(sms.text).toContain('MFA turned off for Company by: Ada Admin.');

    // Through the night: polls and deliveries run, nothing more is texted.
    h.clock.advance(untilLosAngeles(h.clock.now(), 6, 59));
    await pollAndDeliver();
    expect(alertSms()).toHaveLength(2);

    h.clock.advance(MINUTE);
    await deliverDue(h.app.deps);
    await h.settle();
    expect(alertSms()).toHaveLength(4);
    const summaries = alertSms().slice(2);
    expect(summaries.map((s) => s.to[0]).sort()).toEqual([...world.recipients].sort());
    for (const sms of summaries) {
      expect(sms.text).toMatch(
        /^Quiet hours ended: 2 alerts held since [A-Z][a-z]{2} \d{1,2}, \d{4} => 11:00 pm\. 1\) [A-Z][a-z]{2} \d{1,2}, \d{4} => 11:00 pm: User account information changed by: Ada Admin\. Affected Element: \[Department\] old value \/ current action: \[Biology\] new value: \[Mathematics\] The target of the change was: Peter B MacIntyre 1 at: 1983009001 \(ext: 12001\) 2\) .*Peter B MacIntyre 2 at: 1983009002 \(ext: 12002\) To opt out at any time, simply reply with STOP\.$/,
      );
    }
    await deliverDue(h.app.deps);
    await h.settle();
    expect(alertSms()).toHaveLength(4);
  });

  it.each([
    ['sms quiet 22:00-22:00', '22:00-22:00 is an empty range (it starts when it ends). Type sms quiet <HH:MM>-<HH:MM> in your time zone (24-hour clock, e.g. sms quiet 22:00-07:00), or sms quiet off. Nothing was saved.'],
    ['sms quiet 10pm-7am', '"10pm-7am" is not a range of two times. Type sms quiet <HH:MM>-<HH:MM> in your time zone (24-hour clock, e.g. sms quiet 22:00-07:00), or sms quiet off. Nothing was saved.'],
    ['sms quiet 22:00-07:00 06:00-08:00', 'Give one range only (one quiet period a day). Type sms quiet <HH:MM>-<HH:MM> in your time zone (24-hour clock, e.g. sms quiet 22:00-07:00), or sms quiet off. Nothing was saved.'],
  ])('When the admin types "%s", then it is refused with the reason and nothing is saved', async (text, expected) => {
    await start();
    expect(await say(text)).toBe(expected);
    expect((await h.app.deps.db.noise.settings(world.accountId, world.adminId)).smsQuiet).toBeNull();
  });

  it('When quiet hours are switched off, then texts go out at once again', async () => {
    await start();
    await say('sms quiet 00:00-23:59');
    expect(await say('sms quiet off')).toBe('Saved. SMS quiet hours are off: every text is sent at once.');
    h.sim.addAuditRecord(world.accountId, departmentChange(initiator('Ada Admin'), 1, h.clock.now()));
    await pollAndDeliver();
    expect(alertSms()).toHaveLength(2);
  });
});

describe('Digests', { timeout: SLOW }, () => {
  const emailChange = (who: ReturnType<typeof initiator>, at: Date) => ({
    actionId: 'CHANGE_USER_INFO:USER',
    eventTime: at.toISOString(),
    initiator: who,
    target: target(7),
    details: { parameters: [{ key: 'param0', value: 'Email' }, { key: 'param1', value: 'Peter B MacIntyre 7' }, { key: 'param2', value: 'peter@old-mail.example.com' }, { key: 'param3', value: 'peter@new-mail.example.com' }] },
  });

  it('When chats digest is hourly and sms digest daily, then a low alert waits for the next hour (card) and 09:00 (text) while a high one comes at once', async () => {
    await start();
    expect(await say('chats digest hourly')).toBe(
      'Saved. Digests: Chats: hourly · SMS: off (alerts below High wait for the digest, daily at 09:00 your time; High and Critical come at once).',
    );
    expect(await say('sms digest daily')).toBe('Saved. Digests: Chats: hourly · SMS: daily (alerts below High wait for the digest, daily at 09:00 your time; High and Critical come at once).');
    expect(await statusFacts()).toContain('"Digests","value":"Chats: hourly · SMS: daily');

    h.clock.advance(untilLosAngeles(h.clock.now(), 10, 20));
    const ada = initiator('Ada Admin', '12060');
    h.sim.addAuditRecord(world.accountId, departmentChange(ada, 1, h.clock.now()));
    h.sim.addAuditRecord(world.accountId, emailChange(ada, h.clock.now()));
    h.clock.advance(MINUTE);
    await pollAndDeliver();
    // The high one (an email change) at once, everywhere; the low one waits.
    expect(teamCards()).toHaveLength(1);
    expect(JSON.stringify(teamCards()[0]!.body)).toContain('peter@new-mail.example.com');
    expect(alertSms()).toHaveLength(2);
    for (const sms of alertSms()) expect(sms.text).toContain('[Email]');

    h.clock.advance(untilLosAngeles(h.clock.now(), 10, 59));
    await pollAndDeliver();
    expect(teamCards()).toHaveLength(1);

    h.clock.advance(MINUTE);
    await deliverDue(h.app.deps);
    await h.settle();
    expect(teamCards()).toHaveLength(2);
    const digest = teamCards()[1]!.body;
    expect(digest.fallbackText).toBe('Hourly digest: 1 alert since 10:20 am');
    expect(JSON.stringify(digest)).toContain('"value":"Low · User account information changed: Department: Biology → Mathematics · Peter B MacIntyre 1"');
    expect(alertSms()).toHaveLength(2);

    h.clock.advance(untilLosAngeles(h.clock.now(), 9, 0));
    await deliverDue(h.app.deps);
    await h.settle();
    expect(alertSms()).toHaveLength(4);
    for (const sms of alertSms().slice(2)) {
      expect(sms.text).toMatch(/^Digest: 1 alert since [A-Z][a-z]{2} \d{1,2}, \d{4} => 10:20 am\. 1\) [A-Z][a-z]{2} \d{1,2}, \d{4} => 10:20 am: User account information changed by: Ada Admin\. Affected Element: \[Department\] .* To opt out at any time, simply reply with STOP\.$/);
    }
    expect(teamCards()).toHaveLength(2);
  });

  it.each([
    ['chats digest weekly', '"weekly" is not a digest interval. Type chats digest off, chats digest hourly or chats digest daily (at 09:00 in your time zone). Nothing was saved.'],
    ['sms digest', '"" is not a digest interval. Type sms digest off, sms digest hourly or sms digest daily (at 09:00 in your time zone). Nothing was saved.'],
  ])('When the admin types "%s", then it is refused with the accepted forms', async (text, expected) => {
    await start();
    expect(await say(text)).toBe(expected);
    expect((await h.app.deps.db.noise.settings(world.accountId, world.adminId)).chatsDigest).toBe('off');
  });

  it('When SMS alerts are off, then an SMS digest is refused with the reason and nothing is saved', async () => {
    await start();
    await say('sms off');
    expect(await say('sms digest hourly')).toBe('SMS alerts are off, so there is nothing to gather into a digest. Type sms on first. Nothing was saved.');
    expect((await h.app.deps.db.noise.settings(world.accountId, world.adminId)).smsDigest).toBe('off');
  });
});

describe('Any audit action', { timeout: SLOW }, () => {
  const callerIdChange = (at: Date) => ({
    actionId: 'CHANGE_CALLER_ID',
    eventTime: at.toISOString(),
    initiator: initiator('Peter Beck MacIntyre', '12001'),
    target: target(44),
    details: { parameters: [{ key: 'callerId', value: '+16505550177' }, { key: 'featureName', value: 'Business Mobile' }] },
  });
  const dmTexts = () => h.sim.posts.filter((p) => p.chatId === world.dmId && p.creatorId === world.botId).map((p) => p.text);

  it('When an unseen action appears, then the admin is told once; events discover lists it; after events watch, its next record alerts with the generic card and text', async () => {
    await start();
    h.sim.addAuditRecord(world.accountId, callerIdChange(h.clock.now()));
    await pollAndDeliver();
    expect(teamCards()).toHaveLength(0);
    const notice =
      'New audit action seen: CHANGE_CALLER_ID (Caller ID changed); type events watch CHANGE_CALLER_ID to be alerted. Type events discover for every action of the last 30 days.';
    expect(dmTexts().filter((t) => t === notice)).toHaveLength(1);

    h.clock.advance(MINUTE);
    h.sim.addAuditRecord(world.accountId, callerIdChange(h.clock.now()));
    h.sim.addAuditRecord(world.accountId, departmentChange(initiator('Ada Admin'), 1, h.clock.now()));
    await pollAndDeliver();
    expect(dmTexts().filter((t) => t.startsWith('New audit action'))).toHaveLength(1);

    await say('events discover');
    const discover = JSON.stringify(latestCard(h, world.botId, world.dmId)!.body);
    expect(discover).toContain('"fallbackText":"2 audit actions in the last 30 days (3 records)"');
    expect(discover).toContain('"text":"**CHANGE_CALLER_ID** · 2 records · Caller ID changed · not watched"');
    expect(discover).toContain('"text":"**CHANGE_USER_INFO:USER** · 1 record · User account information changed · watched (8 of 8 events) · severity by event"');

    expect(await say('events watch CHANGE_CALLER_ID')).toBe(
      'Saved. You are alerted on CHANGE_CALLER_ID (Caller ID changed) at severity Medium, from its next record on. Stop with events unwatch CHANGE_CALLER_ID.',
    );
    await say('events discover');
    expect(JSON.stringify(latestCard(h, world.botId, world.dmId)!.body)).toContain('"text":"**CHANGE_CALLER_ID** · 2 records · Caller ID changed · watched · Medium"');

    const cardsBefore = teamCards().length;
    const smsBefore = alertSms().length;
    h.clock.advance(MINUTE);
    h.sim.addAuditRecord(world.accountId, callerIdChange(h.clock.now()));
    await pollAndDeliver();
    const cards = teamCards().slice(cardsBefore);
    expect(cards).toHaveLength(1);
    const body = JSON.stringify(cards[0]!.body);
    // The alert card's headline (issue 9) reads the actionId in words and names the target.
    expect(cards[0]!.body.fallbackText).toBe('Caller ID changed for Peter B MacIntyre 44');
    expect(body).toContain('{"title":"callerId","value":"+16505550177"}');
    expect(body).toContain('{"title":"featureName","value":"Business Mobile"}');
    const texts = alertSms().slice(smsBefore);
    expect(texts).toHaveLength(2);
    for (const sms of texts) {
      expect(sms.text).toMatch(
        /^[A-Z][a-z]{2} \d{1,2}, \d{4} => \d{1,2}:\d{2} (am|pm): Caller ID changed by: Peter Beck MacIntyre\. The target of the change was: Peter B MacIntyre 44 at: 1983009044 \(ext: 12044\) Details: callerId: \+16505550177; featureName: Business Mobile To opt out at any time, simply reply with STOP\.$/,
      );
    }

    expect(await say('events unwatch change_caller_id')).toBe('Saved. No more alerts for CHANGE_CALLER_ID.');
    h.clock.advance(MINUTE);
    h.sim.addAuditRecord(world.accountId, callerIdChange(h.clock.now()));
    await pollAndDeliver();
    expect(teamCards().slice(cardsBefore)).toHaveLength(1);
  });

  it.each([
    ['events watch caller-id!', 'I cannot read "caller-id!" as an audit action. Give an actionId as the audit trail writes it: capitals, digits and underscores, optionally :Scope (e.g. CHANGE_CALLER_ID or DELETE_EXTENSION:User); events discover lists them. Nothing was saved.'],
    ['events watch CHANGE_CALLER_ID urgent', '"urgent" is not a severity. Use critical, high, medium or low. Nothing was saved.'],
    ['events watch UNFORCE_MFA_ACCOUNT', 'UNFORCE_MFA_ACCOUNT is in the event catalog already: type events on mfa-company-off (or open events). Nothing was saved.'],
    ['events unwatch CHANGE_CALLER_ID', 'You do not watch CHANGE_CALLER_ID. Watched: (none). Nothing was changed.'],
  ])('When the admin types "%s", then it is refused with the reason and nothing is saved', async (text, expected) => {
    await start();
    expect(await say(text)).toBe(expected);
    expect((await h.app.deps.db.noise.watchedActionsByAdmin(world.accountId)).size).toBe(0);
  });
});

describe('Risky forwarding targets', { timeout: SLOW }, () => {
  const forwardAll = (to: string, at: Date) => ({
    actionId: 'ENABLE_FAC_RULE:User',
    eventTime: at.toISOString(),
    initiator: initiator('Ada Admin', '12060'),
    target: target(44),
    details: { parameters: [{ key: 'param0', value: 'Forward All Calls' }, { key: 'param1', value: `Forward all calls to ${to}` }] },
  });
  const companyForward = (to: string, at: Date) => ({
    actionId: 'CHANGE_FAC_MASTER_MENU_ACTION',
    eventTime: at.toISOString(),
    initiator: initiator('Ada Admin', '12060'),
    target: { objectId: world.accountId, objectType: 'Account' as const, name: 'Sunnyvale Biology Labs' },
    details: { parameters: [{ key: 'param0', value: 'Play company greeting' }, { key: 'param1', value: `Forward all calls to ${to}` }] },
  });

  it('When forward-all-calls goes to a UK premium-rate number, then the alert is critical (texted even in quiet hours) and says why; a forward at home waits', async () => {
    await start();
    await say('sms quiet 00:00-23:59');
    h.sim.addAuditRecord(world.accountId, forwardAll('+1 650 555 0142', h.clock.now()));
    await pollAndDeliver();
    expect(teamCards()).toHaveLength(1);
    expect(JSON.stringify(teamCards()[0]!.body)).not.toContain('⚠ Forwards');
    expect(alertSms()).toHaveLength(0);

    h.clock.advance(MINUTE);
    h.sim.addAuditRecord(world.accountId, forwardAll('+44 909 876 0000', h.clock.now()));
    await pollAndDeliver();
    expect(teamCards()).toHaveLength(2);
    const note = '⚠ Forwards all calls to +44 909 876 0000 — outside United States (United Kingdom); premium rate: toll-fraud pattern';
    expect(JSON.stringify(teamCards()[1]!.body)).toContain(`"text":"${note}"`);
    expect(alertSms()).toHaveLength(2);
    for (const sms of alertSms()) expect(sms.text).toMatch(new RegExp(`Enabled Forward All Calls per user rule by: Ada Admin\\..* ${note.replace(/[+()]/g, '\\$&')} To opt out at any time, simply reply with STOP\\.$`));
  });

  it('When company calls are forwarded abroad, then the card and text say the number is outside the country', async () => {
    await start();
    h.sim.addAuditRecord(world.accountId, companyForward('+44 20 7946 0958', h.clock.now()));
    await pollAndDeliver();
    expect(JSON.stringify(teamCards()[0]!.body)).toContain('⚠ Forwards all calls to +44 20 7946 0958 — outside United States (United Kingdom)');
    for (const sms of alertSms()) expect(sms.text).toContain('⚠ Forwards all calls to +44 20 7946 0958 — outside United States (United Kingdom) To opt out');
  });
});

describe('RingCX impersonation', { timeout: SLOW }, () => {
  it('When a RingCX change is made while impersonating another user, then the card and the text say who impersonated whom and from where', async () => {
    await start();
    h.sim.account(world.accountId)!.ringcx = { mainAccountId: '15001', subAccounts: [{ accountId: '15001001', accountName: 'Sunnyvale Support Desk' }] };
    expect(await say('ringcx on')).toMatch(/^RingCX alerts are on/);
    const WINDOW = 15 * MINUTE;
    const recordAt = h.clock.now().getTime() + 30_000;
    h.sim.addRingcxAuditRecord('15001001', {
      authUser: { userName: 'dana.lead@sunnyvale.example', firstName: 'Dana', lastName: 'Lead', userId: '77120', sourceId: 'RC', simulatedByUserId: '77001', simulatedByUserName: 'ada.admin@sunnyvale.example', simulatedFromIP: '203.0.113.7' },
      createTime: recordAt,
      auditedClass: 'com.ringcentral.ringcx.admin.Agent',
      auditedEntityId: '4411',
      auditedEntityDescription: 'Jane Agent',
      actionType: 'UPDATE',
      auditLogResultList: [{ attributeName: 'maxQueueTime', originalValue: '30', newValue: '60', classType: 'java.lang.Integer' }],
    });
    // RingCX windows are read 5 minutes after they close: move past the close of the record's window.
    h.clock.advance(Math.max(0, Math.floor(recordAt / WINDOW) * WINDOW + WINDOW + 5 * MINUTE - h.clock.now().getTime()));
    await pollRingcxOnce(h.app.deps);
    await deliverDue(h.app.deps);
    await h.settle();
    const note = '⚠ Changed by ada.admin@sunnyvale.example while impersonating dana.lead@sunnyvale.example, from 203.0.113.7';
    expect(teamCards()).toHaveLength(1);
    expect(JSON.stringify(teamCards()[0]!.body)).toContain(`"text":"${note}"`);
    expect(alertSms()).toHaveLength(2);
    for (const sms of alertSms()) expect(sms.text).toMatch(/^.*RingCX Agent updated by: Dana Lead \(dana\.lead@sunnyvale\.example\)\..* ⚠ Changed by ada\.admin@sunnyvale\.example while impersonating dana\.lead@sunnyvale\.example, from 203\.0\.113\.7 To opt out at any time, simply reply with STOP\.$/);
  });
});

describe('History in chat', { timeout: SLOW }, () => {
  const cardText = (card: { body: Record<string, unknown> }) => JSON.stringify(card.body);
  const rowsOf = (card: { body: Record<string, unknown> }) =>
    (((card.body.body as { type: string; items?: { text: string }[] }[]).find((b) => b.type === 'Container')?.items ?? []) as { text: string }[]).map((i) => i.text);

  async function threeAlerts() {
    await start();
    const peter = initiator('Peter Beck MacIntyre', '12001');
    const t = h.clock.now().getTime();
    h.sim.addAuditRecord(world.accountId, departmentChange(peter, 1, new Date(t)));
    h.sim.addAuditRecord(world.accountId, mfaOff(peter, new Date(t + MINUTE)));
    h.sim.addAuditRecord(world.accountId, {
      actionId: 'CHANGE_USER_INFO:USER',
      eventTime: new Date(t + 2 * MINUTE).toISOString(),
      initiator: initiator('Ada Admin', '12060'),
      target: target(7),
      details: { parameters: [{ key: 'param0', value: 'Email' }, { key: 'param1', value: 'Peter B MacIntyre 7' }, { key: 'param2', value: 'old@example.com' }, { key: 'param3', value: 'new@example.com' }] },
    });
    h.clock.advance(3 * MINUTE);
    await pollAndDeliver();
    expect(teamCards()).toHaveLength(3);
  }

  it('When the admin types history by Peter, then the card lists his alerts newest first with time, severity, headline and who; history 1 says how many more', async () => {
    await threeAlerts();
    await say('history by Peter');
    const card = latestCard(h, world.botId, world.dmId)!;
    expect(card.body.fallbackText).toBe('2 alerts by Peter, newest first');
    const rows = rowsOf(card);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatch(/^[A-Z][a-z]{2} \d{1,2}, \d{4} \d{1,2}:\d{2} (am|pm) · Critical · MFA turned off for Company: Multi-factor authentication · Sunnyvale Biology Labs · by Peter Beck MacIntyre · open$/);
    expect(rows[1]).toMatch(/ · Low · User account information changed: Department: Biology → Mathematics · Peter B MacIntyre 1 · by Peter Beck MacIntyre · open$/);
    expect(cardText(card)).toContain('npm run -s export -- --since <date>');

    await say('history 1');
    const one = latestCard(h, world.botId, world.dmId)!;
    expect(rowsOf(one)).toHaveLength(1);
    expect(rowsOf(one)[0]).toMatch(/ · High · User account information changed: Email: old@example\.com → new@example\.com · Peter B MacIntyre 7 · by Ada Admin · open$/);
    expect(cardText(one)).toContain('"text":"and 2 more"');

    await say('history event user-info-department');
    expect(rowsOf(latestCard(h, world.botId, world.dmId)!)).toHaveLength(1);
    await say('history since 2099-01-01');
    expect(latestCard(h, world.botId, world.dmId)!.body.fallbackText).toBe('No alerts match');
  });

  it.each([
    ['history 50', 'Give a number from 1 to 20. Type history [<n>] [event <key or actionId>] [by <actor>] [since <YYYY-MM-DD or 7d>], e.g. history 5, history by Peter, history event user-info-department since 2026-11-01.'],
    ['history since yesterday', '"yesterday" is not a date. Type history [<n>]'],
    ['history frobnicate', 'I cannot read "frobnicate". Type history [<n>]'],
    ['history event not-a-key!', '"not-a-key!" is not an event key or an actionId.'],
  ])('When the admin types "%s", then the reply says the accepted forms', async (text, expected) => {
    await start();
    expect(await say(text)).toContain(expected);
  });

  it('When the admin types summary, then the card counts the last 7 days per event and severity, names the top actors and lists the critical alerts', async () => {
    await threeAlerts();
    await say('summary');
    const card = latestCard(h, world.botId, world.dmId)!;
    expect(card.body.fallbackText).toBe('Last 7 days: 3 alerts');
    const text = cardText(card);
    expect(text).toContain('{"title":"User account information changed","value":"2"},{"title":"MFA turned off for Company","value":"1"}');
    expect(text).toContain('{"title":"Critical","value":"1"},{"title":"High","value":"1"},{"title":"Low","value":"1"}');
    expect(text).toContain('{"title":"Peter Beck MacIntyre","value":"2"},{"title":"Ada Admin","value":"1"}');
    expect(text).toContain('"text":"Critical alerts not acknowledged: 1"');
    expect(text).toMatch(/"text":"[A-Z][a-z]{2} \d{1,2}, \d{4} \d{1,2}:\d{2} (am|pm) · MFA turned off for Company: Multi-factor authentication · Sunnyvale Biology Labs · by Peter Beck MacIntyre"/);

    // Once the critical alert is acknowledged on its card, the summary no longer lists it and history says who.
    const stored = await h.app.deps.db.models.AuditEvent.findOne({ where: { accountId: world.accountId, actionId: 'UNFORCE_MFA_ACCOUNT' } });
    const ref = { accountId: world.accountId, source: 'ringex' as const, recordId: stored!.recordId };
    const current = await h.app.deps.db.triage.get(ref);
    expect((await h.app.deps.db.triage.change(ref, current.version, 'acknowledged', { id: world.adminId, name: 'Peter MacIntyre' }, null, h.clock.now())).ok).toBe(true);
    await say('summary');
    expect(cardText(latestCard(h, world.botId, world.dmId)!)).toContain('"text":"No unacknowledged critical alerts"');
    await say('history 2');
    expect(rowsOf(latestCard(h, world.botId, world.dmId)!)[1]).toMatch(/ · Critical · MFA turned off for Company: .* · acknowledged by Peter MacIntyre$/);
  });

  it('When weekly summary is on, then the alert chat gets the summary once on Monday at 09:00 (admin time), and not again that week', async () => {
    await threeAlerts();
    expect(await say('weekly summary on')).toBe('Saved. Every Monday at 09:00 your time I post the summary of the last 7 days in your alert chats.');
    const monday = () => {
      for (let t = h.clock.now().getTime() + MINUTE; ; t += MINUTE) {
        const parts = new Intl.DateTimeFormat('en-US', { timeZone: 'America/Los_Angeles', weekday: 'short', hour: 'numeric', minute: 'numeric', hourCycle: 'h23' }).formatToParts(new Date(t));
        const p = (type: string) => parts.find((x) => x.type === type)!.value;
        if (p('weekday') === 'Mon' && Number(p('hour')) % 24 === 8 && Number(p('minute')) === 59) return t - h.clock.now().getTime();
      }
    };
    h.clock.advance(monday());
    expect(await runNoisePolicy(h.app.deps)).toMatchObject({ weeklySummaries: 0 });
    h.clock.advance(MINUTE);
    expect(await runNoisePolicy(h.app.deps)).toMatchObject({ weeklySummaries: 1 });
    await deliverDue(h.app.deps);
    await h.settle();
    const summaries = teamCards().filter((c) => String(c.body.fallbackText).startsWith('Last 7 days'));
    expect(summaries).toHaveLength(1);
    h.clock.advance(60 * MINUTE);
    expect(await runNoisePolicy(h.app.deps)).toMatchObject({ weeklySummaries: 0 });
    await deliverDue(h.app.deps);
    await h.settle();
    expect(teamCards().filter((c) => String(c.body.fallbackText).startsWith('Last 7 days'))).toHaveLength(1);
    expect(await say('weekly summary off')).toBe('Saved. No more weekly summaries.');
  });
});

describe('New RingCX entity types', { timeout: SLOW }, () => {
  it('When RingCX lists an auditable entity type it did not list when RingCX alerts were turned on, then the admins are told once', async () => {
    await start();
    h.sim.account(world.accountId)!.ringcx = { mainAccountId: '15001', subAccounts: [{ accountId: '15001001', accountName: 'Sunnyvale Support Desk' }] };
    await say('ringcx on');
    const settings = await h.app.deps.db.ringcx.settings(world.accountId, world.adminId);
    const newest = settings.entities.at(-1)!;
    // As if RingCX had listed one type fewer when the admin turned RingCX on.
    await h.app.deps.db.ringcx.update(world.accountId, world.adminId, { entities: settings.entities.slice(0, -1) });

    expect(await checkRingcxEntities(h.app.deps)).toEqual([{ accountId: world.accountId, newEntityTypes: [newest.name] }]);
    await h.settle();
    const notice = `New RingCX entity type seen in the audit log: ${newest.name}; type ringcx entities all (or add it to ringcx entities) to be alerted.`;
    const told = () => h.sim.posts.filter((p) => p.chatId === world.dmId && p.creatorId === world.botId && p.text === notice);
    expect(told()).toHaveLength(1);

    expect(await checkRingcxEntities(h.app.deps)).toEqual([{ accountId: world.accountId, newEntityTypes: [] }]);
    await h.settle();
    expect(told()).toHaveLength(1);
  });
});

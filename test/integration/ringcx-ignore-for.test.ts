import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/harness';
import { configuredWorld, latestCard, latestText, type ConfiguredWorld } from '../support/world';
import { pollRingcxOnce } from '../../src/jobs/poll-ringcx';
import { deliverDue } from '../../src/jobs/deliver-due';
import { runNoisePolicy } from '../../src/jobs/run-noise-policy';
import type { RingcxAuditRecord } from '../../src/simulator';

const MIN = 60_000;
const HOUR = 60 * MIN;
const WINDOW = 15 * MIN;
const SUPPORT = '15001001';
const DANA = 'dana.lead@sunnyvale.example';
/** A whole conversation and several polls: generous on a loaded machine (no timing is asserted). */
const SLOW = 90_000;

let h: Harness;
let world: ConfiguredWorld;

beforeEach(async () => {
  h = await startHarness();
  world = await configuredWorld(h);
  h.sim.account(world.accountId)!.ringcx = { mainAccountId: '15001', subAccounts: [{ accountId: SUPPORT, accountName: 'Sunnyvale Support Desk' }] };
  expect(await say('ringcx on')).toMatch(/^RingCX alerts are on/);
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

async function statusCard(): Promise<string> {
  await h.sim.sendChatMessage({ chatId: world.dmId, fromId: world.adminId, text: 'status' });
  await h.settle();
  return JSON.stringify(latestCard(h, world.botId, world.dmId)!.body);
}

const alertSms = () => h.sim.sentSms.filter((s) => s.from === world.sender);
const alertCards = () => h.sim.cards.filter((c) => c.chatId === world.teamId && c.creatorId === world.botId);

/** An Agent update by Dana (not users/auth/IPs: medium by default), 30 s from now. */
function danaChange(description: string): RingcxAuditRecord {
  return h.sim.addRingcxAuditRecord(SUPPORT, {
    authUser: { userName: DANA, firstName: 'Dana', lastName: 'Lead', userId: '77120', sourceId: 'RC' },
    createTime: h.clock.now().getTime() + 30_000,
    auditedClass: 'com.ringcentral.ringcx.admin.Agent',
    auditedEntityId: '4411',
    auditedEntityDescription: description,
    actionType: 'UPDATE',
    auditLogResultList: [{ attributeName: 'maxQueueTime', originalValue: '30', newValue: '60', classType: 'java.lang.Integer' }],
  });
}

/** RingCX windows are read 5 minutes after they close: move past the close of the latest record's window, poll, deliver. */
async function pollPastRecord(record: RingcxAuditRecord) {
  const due = Math.floor(record.createTime / WINDOW) * WINDOW + WINDOW + 5 * MIN;
  h.clock.advance(Math.max(0, due - h.clock.now().getTime()));
  const poll = await pollRingcxOnce(h.app.deps);
  expect(poll).toMatchObject({ failed: 0 });
  await deliverDue(h.app.deps);
  await h.settle();
  return poll;
}

const EXCLUDED_NOTE = /\(actor is excluded until [A-Z][a-z]{2} \d{1,2}, \d{4} \d{1,2}:\d{2} (am|pm)\)/;

describe('ringcx ignore <user> for <duration>, through RingCX polls', { timeout: SLOW }, () => {
  it('When an admin types ringcx ignore <user> for 2h, then that user\'s medium RingCX change sends nothing, a critical one comes with the "(actor is excluded until …)" note, and after 2 hours the exclusion is gone and the next change alerts', async () => {
    const typedAt = h.clock.now().getTime();
    const reply = await say(`ringcx ignore ${DANA} for 2h`);
    const answeredAt = h.clock.now().getTime();
    expect(reply).toMatch(
      /^Saved\. No alerts for RingCX changes by dana\.lead@sunnyvale\.example for 2 hours \(until [A-Z][a-z]{2} \d{1,2}, \d{4} \d{1,2}:\d{2} (am|pm)\), or until you type ringcx unignore dana\.lead@sunnyvale\.example\./,
    );
    expect(await statusCard()).toMatch(/"Excluded actors","value":"RingCX dana\.lead@sunnyvale\.example until [A-Z][a-z]{2} \d{1,2}, \d{4} /);
    // The expiring exclusion is stored as such, not as the permanent RingCX user filter.
    const [stored] = await h.app.deps.db.noise.exclusions(world.accountId, world.adminId);
    expect(stored).toMatchObject({ source: 'ringcx', actor: DANA });
    const until = stored!.expiresAt!.getTime();
    expect(until).toBeGreaterThanOrEqual(typedAt + 2 * HOUR);
    expect(until).toBeLessThanOrEqual(answeredAt + 2 * HOUR);
    expect((await h.app.deps.db.ringcx.settings(world.accountId, world.adminId)).ignoredUsers ?? []).not.toContain(DANA);

    // 1. A medium change by Dana: archived, but no card and no text.
    const medium = danaChange('Quiet agent');
    expect(await pollPastRecord(medium)).toMatchObject({ newEvents: 1 });
    expect(await h.app.deps.db.auditEvents.find(world.accountId, 'ringcx', String(medium.id))).toMatchObject({ actionId: 'UPDATE:Agent' });
    expect(alertCards()).toHaveLength(0);
    expect(alertSms()).toHaveLength(0);

    // 2. No RingCX change is critical by default: the admin makes every RingCX change critical. Dana's next one is
    //    sent, carrying the note, on the card and in both texts.
    expect(await say('severity ringcx critical')).toMatch(/^Saved\. Severity overrides: .*ringcx.*critical/);
    expect(await say('severity list')).toContain('ringcx: **critical** (your override, every RingCX change;');
    const critical = danaChange('Loud agent');
    await pollPastRecord(critical);
    expect(h.clock.now().getTime()).toBeLessThan(until);
    expect(alertCards()).toHaveLength(1);
    const card = JSON.stringify(alertCards()[0]!.body);
    expect(card).toContain("RingCX Agent 'Loud agent' updated");
    expect(card).toMatch(EXCLUDED_NOTE);
    expect(alertSms()).toHaveLength(2);
    for (const sms of alertSms()) {
      expect(sms.text).toMatch(/RingCX Agent updated by: Dana Lead \(dana\.lead@sunnyvale\.example\)\..* \(actor is excluded until [A-Z][a-z]{2} \d{1,2}, \d{4} \d{1,2}:\d{2} (am|pm)\) To opt out at any time, simply reply with STOP\.$/);
    }
    expect(await say('severity ringcx default')).toMatch(/^Saved\. Severity overrides: /);
    expect(await say('severity list')).toContain('RingCX: high for users, auth configs, blocked IPs, allow-lists and any change made while impersonating; medium otherwise');

    // 3. Two hours after the command the exclusion expires: removed, change-logged, no longer in status.
    h.clock.advance(Math.max(0, until + MIN - h.clock.now().getTime()));
    expect(await runNoisePolicy(h.app.deps)).toMatchObject({ exclusionsExpired: 1 });
    expect(await h.app.deps.db.noise.exclusions(world.accountId, world.adminId)).toEqual([]);
    const status = await statusCard();
    expect(status).toContain('"Excluded actors","value":"(none');
    expect(status).not.toMatch(/"Excluded actors","value":"[^"]*dana\.lead/);
    expect(status).toMatch(/dana\.lead@sunnyvale\.example until [^"]* → \(expired\)/);

    // 4. Dana's next medium change alerts as any other: a card and two texts, without the note.
    const after = danaChange('Agent after expiry');
    await pollPastRecord(after);
    expect(alertCards()).toHaveLength(2);
    const next = JSON.stringify(alertCards()[1]!.body);
    expect(next).toContain("RingCX Agent 'Agent after expiry' updated");
    expect(next).not.toContain('excluded');
    expect(alertSms()).toHaveLength(4);
    for (const sms of alertSms().slice(2)) {
      expect(sms.text).toContain('RingCX Agent updated by: Dana Lead (dana.lead@sunnyvale.example).');
      expect(sms.text).not.toContain('excluded');
    }
  });
});

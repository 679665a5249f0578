import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/harness';
import { configuredWorld, latestText, type ConfiguredWorld } from '../support/world';
import { pollOnce } from '../../src/jobs/poll-audit-trail';
import { deliverDue } from '../../src/jobs/deliver-due';
import { syncAllSmsConsents } from '../../src/delivery/sync-sms-consents';
import { sampleAuditRecords } from '../../src/demo/sample-audit-records';
import { formatPhoneNumber } from '../../src/cards/format-phone-number';

let h: Harness;
let world: ConfiguredWorld;
beforeEach(async () => {
  h = await startHarness();
  world = await configuredWorld(h);
});
afterEach(async () => {
  expect(h.sim.specViolations).toEqual([]);
  await h.stop();
});

const NEW_RECIPIENT = '+16505550103';
/** A number as the cards show it in a US account. */
const us = (e164: string) => formatPhoneNumber(e164, 'US');
const CONSENTS = '/restapi/v2/accounts/~/sms/consents/search';

async function say(text: string) {
  await h.sim.sendChatMessage({ chatId: world.dmId, fromId: world.adminId, text });
  await h.settle();
}

const adminPosts = () => h.sim.posts.filter((p) => p.creatorId === world.botId && p.chatId === world.dmId).map((p) => p.text);
const lastCard = () => h.sim.cards.filter((c) => c.chatId === world.dmId && c.creatorId === world.botId).at(-1)!;

async function statusFacts(): Promise<Record<string, string>> {
  await say('status');
  return Object.fromEntries(
    (lastCard().body.body as { type: string; facts?: { title: string; value: string }[] }[]).flatMap((b) => (b.type === 'FactSet' ? (b.facts ?? []) : [])).map((f) => [f.title, f.value]),
  );
}

async function alertNow() {
  h.clock.advance(60_000);
  const record = sampleAuditRecords({
    accountId: world.accountId,
    accountName: 'Sunnyvale Biology Labs',
    actor: { id: world.adminId, extensionNumber: '101', name: 'Peter Beck MacIntyre' },
    target: { id: world.targetId, extensionNumber: '12004', name: 'Peter B MacIntyre 44' },
  })[0]!;
  h.sim.addAuditRecord(world.accountId, { ...record, eventTime: new Date(h.clock.now().getTime() - 1000).toISOString() });
  await pollOnce(h.app.deps);
  await deliverDue(h.app.deps);
}

describe("RingCentral's consent list", () => {
  it('When the admin adds a recipient who opted out in RingCentral, then the save reads the consent list, the admin is told, status and the settings card show it, and no alert goes there', async () => {
    h.sim.setConsent({ from: world.sender, to: NEW_RECIPIENT, optStatus: 'OptOut', source: 'Recipient' });
    await say(`sms add ${NEW_RECIPIENT}`);
    expect(adminPosts()).toContain(`Saved. SMS recipients: ${world.recipients.map(us).join(', ')} → ${[...world.recipients, NEW_RECIPIENT].map(us).join(', ')}`);
    const searches = h.sim.requests.filter((r) => r.path === CONSENTS);
    expect(searches.at(-1)).toMatchObject({ method: 'POST', status: 200, group: 'Light' });
    expect(adminPosts()).toContain(
      `The SMS recipient ${us(NEW_RECIPIENT)} has opted out of texts from ${us(world.sender)} (listed as opted out in RingCentral's consent list, source: Recipient). I will send no more SMS alerts there; they can reply START to ${us(world.sender)} to receive them again. Type status to see every opted-out recipient.`,
    );
    const facts = await statusFacts();
    expect(facts['Opted out (STOP)']).toBe(`${us(NEW_RECIPIENT)}: listed as opted out in RingCentral's consent list, source: Recipient; gets no texts from ${us(world.sender)} until they reply START`);
    expect(facts['Opt-out list']).toMatch(/^read from RingCentral \w{3} \d{1,2}, \d{4}/);
    await say('settings');
    expect(JSON.stringify(lastCard().body)).toContain(`Opted out: ${us(NEW_RECIPIENT)} (listed as opted out in RingCentral's consent list, source: Recipient) gets no texts from ${us(world.sender)} until they reply START.`);

    await alertNow();
    expect(h.sim.sentSms.map((s) => s.to[0]).sort()).toEqual([...world.recipients].sort());
  });

  it('When the consent search fails, then the save still succeeds, the failure is logged, and status says so', async () => {
    h.sim.failNext({ path: CONSENTS }, { kind: 'status', status: 503 });
    await say(`sms add ${NEW_RECIPIENT}`);
    expect(latestText(h, world.botId, world.dmId)).toBe(`Saved. SMS recipients: ${world.recipients.map(us).join(', ')} → ${[...world.recipients, NEW_RECIPIENT].map(us).join(', ')}`);
    expect(h.logs.lines.some((l) => l.includes('SMS consent list not read; opt-outs known so far still apply'))).toBe(true);
    expect((await statusFacts())['Opt-out list']).toMatch(
      /^could not be read from RingCentral .* \(CMN-211: Service Temporary Unavailable\); the opt-outs I know still apply, and I read it again daily and when you save text settings$/,
    );
    await alertNow();
    expect(h.sim.sentSms.filter((s) => s.to[0] === NEW_RECIPIENT)).toHaveLength(1);
  });

  it('When the daily read finds an opt-out made while the reply listener was down, then the next alert skips that recipient; an OptIn later lifts it', async () => {
    const [r0, r1] = world.recipients as [string, string];
    await h.sim.receiveSms({ from: r0, to: world.sender, text: 'STOP' }); // no listener in this harness: the bot does not hear it
    expect(await syncAllSmsConsents(h.app.deps)).toEqual({ admins: 1, failed: 0 });
    await h.settle();
    expect(await h.app.deps.db.optOuts.isOptedOut(world.accountId, world.sender, r0)).toBe(true);
    await alertNow();
    expect(h.sim.sentSms.map((s) => s.to[0])).toEqual([r1]);

    h.sim.setConsent({ from: world.sender, to: r0, optStatus: 'OptIn', source: 'Api' });
    await syncAllSmsConsents(h.app.deps);
    expect(await h.app.deps.db.optOuts.isOptedOut(world.accountId, world.sender, r0)).toBe(false);
    expect((await statusFacts())['Opted out (STOP)']).toBeUndefined();
  });
});

describe('Sender numbers that can really send (sms-configuration)', () => {
  beforeEach(() => {
    const admin = h.sim.extension(world.adminId)!;
    admin.phoneNumbers.push(
      { id: '88001', phoneNumber: '+16505550120', features: ['SmsSender'], usageType: 'DirectNumber', smsConfiguration: { smsCampaignInfo: { id: 'CX1', status: 'Submitted' } } },
      { id: '88002', phoneNumber: '+18885550100', features: ['SmsSender'], usageType: 'CompanyNumber', smsConfiguration: {} },
      { id: '88003', phoneNumber: '+16505550130', features: ['SmsSender'], usageType: 'DirectNumber', smsConfiguration: null },
    );
  });

  it('When the admin picks a number whose 10DLC campaign is not Confirmed, or a toll-free number without verification, then it is refused saying why and what to do; nothing changes', async () => {
    await say('sms from +16505550120');
    expect(latestText(h, world.botId, world.dmId)).toBe(
      '(650) 555-0120 cannot send SMS alerts yet: its 10DLC campaign is Submitted, not Confirmed. Finish its registration in the RingCentral Admin Portal (SMS registration for business texting) and wait until it is approved, or choose another number with: sms from <number>. Type settings to see the state of each of your numbers.',
    );
    await say('sms from +18885550100');
    expect(latestText(h, world.botId, world.dmId)).toBe(
      '(888) 555-0100 cannot send SMS alerts yet: its toll-free verification is missing. Finish its registration in the RingCentral Admin Portal (SMS registration for business texting) and wait until it is approved, or choose another number with: sms from <number>. Type settings to see the state of each of your numbers.',
    );
    expect((await h.app.deps.db.settings.get(world.accountId, world.adminId)).smsSender).toBe(world.sender);
    const configs = h.sim.requests.filter((r) => r.path.endsWith('/sms-configuration'));
    expect(configs.map((r) => [r.path.split('/').at(-2), r.status, r.group])).toEqual(expect.arrayContaining([['88001', 200, 'Light'], ['88002', 200, 'Light']]));
  });

  it('When the number has no SMS configuration (404), then it is accepted with its state shown as unknown, and the settings card shows every number\'s state', async () => {
    await say('sms from +16505550130');
    expect(latestText(h, world.botId, world.dmId)).toBe(
      `Saved. SMS sender: ${us(world.sender)} → (650) 555-0130\nNote: (650) 555-0130: registration unknown (no SMS configuration). RingCentral has no SMS registration record for this number (404); if it is a US number without an approved 10DLC campaign, every alert SMS will fail and I will tell you.`,
    );
    await say('settings');
    const card = JSON.stringify(lastCard().body);
    expect(card).toContain('"title":"(650) 555-0100 · Direct number · ready"');
    expect(card).toContain('"title":"(650) 555-0120 · Direct number · not ready"');
    expect(card).toContain('"title":"(888) 555-0100 · Company number · not ready"');
    expect(card).toContain('"title":"(650) 555-0130 · Direct number · unchecked"');
    // The picker says it in a word; the card says why in words, for the chosen number and the others.
    expect(card).toContain(
      'Numbers not confirmed to send texts: (650) 555-0120 (its 10DLC campaign is Submitted, not Confirmed); (888) 555-0100 (its toll-free verification is missing).',
    );
    expect(card).toContain('Sender (650) 555-0130: registration unknown (no SMS configuration). RingCentral has no SMS registration record for this number (404); if it is a US number without an approved 10DLC campaign, every alert SMS will fail and I will tell you.');
  });
});

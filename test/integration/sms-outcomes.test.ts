import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startHarness, type Harness } from '../support/harness';
import { configuredWorld, type ConfiguredWorld } from '../support/world';
import { pollOnce } from '../../src/jobs/poll-audit-trail';
import { deliverDue } from '../../src/jobs/deliver-due';
import { followSms } from '../../src/jobs/follow-sms';
import { sampleAuditRecords } from '../../src/demo/sample-audit-records';
import { formatPhoneNumber } from '../../src/cards/format-phone-number';

/** A number as the cards show it in a US account. */
const us = (e164: string) => formatPhoneNumber(e164, 'US');

let h: Harness;
let world: ConfiguredWorld;
let r0: string;
let r1: string;
beforeEach(async () => {
  h = await startHarness();
  world = await configuredWorld(h);
  [r0, r1] = world.recipients as [string, string];
  // Chat alerts off: these tests are about SMS.
  await say('chats off');
  h.clock.advance(60_000);
});
afterEach(async () => {
  expect(h.sim.specViolations).toEqual([]);
  await h.stop();
});

async function say(text: string) {
  await h.sim.sendChatMessage({ chatId: world.dmId, fromId: world.adminId, text });
  await h.settle();
}

const records = () =>
  sampleAuditRecords({
    accountId: world.accountId,
    accountName: 'Sunnyvale Biology Labs',
    actor: { id: world.adminId, extensionNumber: '101', name: 'Peter Beck MacIntyre' },
    target: { id: world.targetId, extensionNumber: '12004', name: 'Peter B MacIntyre 44' },
  });

/** Adds one audit record and polls it, so each recipient has one SMS row. */
async function alert(index = 0) {
  h.sim.addAuditRecord(world.accountId, { ...records()[index]!, eventTime: new Date(h.clock.now().getTime() - 1000).toISOString() });
  await pollOnce(h.app.deps);
}

/** Runs the delivery worker and the follow job as the scheduler would, jumping the clock to whatever is due next. */
async function runSmsUntilSettled(maxRounds = 200) {
  for (let i = 0; i < maxRounds; i += 1) {
    await deliverDue(h.app.deps);
    await followSms(h.app.deps);
    const open = await h.app.deps.db.models.Delivery.findAll({ where: { channel: 'sms', status: ['pending', 'sending', 'accepted'] } });
    if (open.length === 0) break;
    const next = Math.min(...open.map((r) => (r.status === 'accepted' ? r.nextCheckAt!.getTime() : r.nextAttemptAt.getTime())));
    h.clock.advance(Math.max(0, next - h.clock.now().getTime()) + 1);
  }
  await h.settle();
}

const rowOf = async (to: string) => (await h.app.deps.db.models.Delivery.findAll({ where: { channel: 'sms', destination: to }, order: [['id', 'ASC']] })).map((r) => ({ status: r.status, lastError: r.lastError, code: r.deliveryErrorCode }));
const smsTo = (to: string) => h.sim.sentSms.filter((s) => s.to[0] === to && s.from === world.sender);
const adminPosts = () => h.sim.posts.filter((p) => p.creatorId === world.botId && p.chatId === world.dmId).map((p) => p.text);

async function statusFacts(): Promise<Record<string, string>> {
  await say('status');
  const card = h.sim.cards.filter((c) => c.chatId === world.dmId && c.creatorId === world.botId).at(-1)!;
  return Object.fromEntries(
    (card.body.body as { type: string; facts?: { title: string; value: string }[] }[]).flatMap((b) => (b.type === 'FactSet' ? (b.facts ?? []) : [])).map((f) => [f.title, f.value]),
  );
}

describe('SMS outcomes, followed on their message records (RINGCENTRAL.md §9)', () => {
  it('When an SMS is accepted, then status says "accepted, not yet confirmed" until its record reads Delivered, and then "delivered"', async () => {
    await alert();
    expect(await deliverDue(h.app.deps)).toMatchObject({ accepted: 2, sent: 0 });
    expect((await statusFacts())[`Texts to ${us(r0)}`]).toBe('0 delivered · 1 accepted, not yet confirmed · 0 sent, unconfirmed · 0 waiting · 0 failed');
    // The first read finds the record still on its way (the simulator moves it on after 3 s).
    h.clock.advance(1_000);
    expect(await followSms(h.app.deps)).toMatchObject({ checked: 0 });
    await runSmsUntilSettled();
    expect(await rowOf(r0)).toEqual([{ status: 'delivered', lastError: null, code: null }]);
    const facts = await statusFacts();
    expect(facts[`Texts to ${us(r0)}`]).toBe('1 delivered · 0 accepted, not yet confirmed · 0 sent, unconfirmed · 0 waiting · 0 failed');
    expect(h.sim.requests.filter((r) => r.path.includes('/message-store/')).every((r) => r.status === 200)).toBe(true);
  });

  it('When the record says SMS-CAR-413 (opted out), then the pair is recorded, the admin is told once, and no later alert is sent there', async () => {
    h.sim.injectSmsOutcome(r0, { messageStatus: 'DeliveryFailed', deliveryErrorCode: 'SMS-CAR-413' });
    await alert(0);
    await runSmsUntilSettled();
    expect(await rowOf(r0)).toEqual([{ status: 'dead', lastError: `SMS-CAR-413: the recipient opted out of SMS from ${world.sender}`, code: 'SMS-CAR-413' }]);
    await alert(1);
    await runSmsUntilSettled();
    expect(smsTo(r0)).toHaveLength(1);
    expect(smsTo(r1)).toHaveLength(2);
    expect(adminPosts().filter((t) => t.includes('has opted out'))).toEqual([
      `The SMS recipient ${us(r0)} has opted out of texts from ${us(world.sender)} (RingCentral reported SMS-CAR-413). I will send no more SMS alerts there; they can reply START to ${us(world.sender)} to receive them again. Type status to see every opted-out recipient.`,
    ]);
    expect((await statusFacts())['Opted out (STOP)']).toBe(`${us(r0)}: RingCentral reported SMS-CAR-413; gets no texts from ${us(world.sender)} until they reply START`);
  });

  it('When the record says SMS-CAR-411 (invalid destination), then the row fails and the admin is told what to do; the other recipient is unaffected', async () => {
    h.sim.injectSmsOutcome(r0, { messageStatus: 'DeliveryFailed', deliveryErrorCode: 'SMS-CAR-411' });
    await alert();
    await runSmsUntilSettled();
    const reason = `SMS-CAR-411: the number is invalid, a landline or unallocated. Check the number, or remove it with sms remove ${r0}`;
    expect(await rowOf(r0)).toEqual([{ status: 'dead', lastError: reason, code: 'SMS-CAR-411' }]);
    expect(await rowOf(r1)).toEqual([{ status: 'delivered', lastError: null, code: null }]);
    // The admin reads the number as the cards show it, in the notice and in status.
    const shown = `SMS-CAR-411: the number is invalid, a landline or unallocated. Check the number, or remove it with sms remove (650) 555-0101`;
    expect(adminPosts()).toContain(`I could not deliver an alert to the SMS recipient (650) 555-0101: ${shown}. I will not retry that alert. Type status to see every destination, or settings to change them.`);
    expect((await statusFacts())['Texts to (650) 555-0101']).toBe(`0 delivered · 0 accepted, not yet confirmed · 0 sent, unconfirmed · 0 waiting · 1 failed · last error: ${shown}`);
    expect(smsTo(r0)).toHaveLength(1);
  });

  it('When the record says SMS-CAR-451 (10DLC throughput) and then SMS-UP-500, then the SMS is sent again with backoff and ends delivered', async () => {
    h.sim.injectSmsOutcome(r0, { messageStatus: 'DeliveryFailed', deliveryErrorCode: 'SMS-CAR-451' });
    h.sim.injectSmsOutcome(r0, { messageStatus: 'SendingFailed', deliveryErrorCode: 'SMS-UP-500' });
    await alert();
    await deliverDue(h.app.deps);
    h.clock.advance(5_000);
    await followSms(h.app.deps);
    expect(await rowOf(r0)).toEqual([{ status: 'pending', lastError: 'SMS-CAR-451: 10DLC brand or campaign throughput was exceeded', code: 'SMS-CAR-451' }]);
    const row = (await h.app.deps.db.models.Delivery.findOne({ where: { destination: r0 } }))!;
    expect(row.nextAttemptAt.getTime() - h.clock.now().getTime()).toBeGreaterThanOrEqual(20_000); // backoff, not at once
    expect((await statusFacts())[`Texts to ${us(r0)}`]).toBe('0 delivered · 0 accepted, not yet confirmed · 0 sent, unconfirmed · 1 waiting · 0 failed · last error: SMS-CAR-451: 10DLC brand or campaign throughput was exceeded');
    await runSmsUntilSettled();
    expect(smsTo(r0)).toHaveLength(3);
    expect(await rowOf(r0)).toEqual([{ status: 'delivered', lastError: null, code: null }]);
    expect(adminPosts().filter((t) => t.startsWith('I could not deliver'))).toEqual([]);
  });

  it('When a second instance acts on a stale read of a failed record, then nothing is sent a third time', async () => {
    h.sim.injectSmsOutcome(r0, { messageStatus: 'DeliveryFailed', deliveryErrorCode: 'SMS-CAR-451' });
    await alert();
    await deliverDue(h.app.deps);
    h.clock.advance(5_000);
    // Instance B reads the due rows, then stalls; instance A reads the failed record, and the row is sent again.
    const staleRead = await h.app.deps.db.deliveries.followDue(h.clock.now(), 100);
    await followSms(h.app.deps);
    h.clock.advance(10 * 60_000);
    await deliverDue(h.app.deps);
    expect(smsTo(r0)).toHaveLength(2);
    // B goes on with what it read: the first send's record still says SMS-CAR-451.
    vi.spyOn(h.app.deps.db.deliveries, 'followDue').mockResolvedValueOnce(staleRead);
    await followSms(h.app.deps);
    expect((await rowOf(r0))[0]?.status).toBe('accepted');
    await runSmsUntilSettled();
    expect(smsTo(r0)).toHaveLength(2);
    expect(await rowOf(r0)).toEqual([{ status: 'delivered', lastError: null, code: null }]);
  });

  it('When the record says SMS-CAR-461 (toll-free sender not verified), then the row fails and the admin is told what to do', async () => {
    h.sim.injectSmsOutcome(r0, { messageStatus: 'DeliveryFailed', deliveryErrorCode: 'SMS-CAR-461' });
    await alert();
    await runSmsUntilSettled();
    expect((await rowOf(r0))[0]).toMatchObject({ status: 'dead', code: 'SMS-CAR-461' });
    expect(adminPosts()).toContain(
      `I could not deliver an alert to the SMS recipient ${us(r0)}: SMS-CAR-461: the toll-free sender number is not verified for SMS (${us(world.sender)}). Submit the toll-free verification for this number in the RingCentral Admin Portal and wait for approval, or choose a number that can send with: sms from <number> (type settings to see each number's state). I will not retry that alert. Type status to see every destination, or settings to change them.`,
    );
  });

  it('When RingCentral refuses the POST with 403 MSG-242 (sending SMS not available from that number), then the rows fail at once and the admin is told what to do', async () => {
    h.sim.failNext({ path: /\/extension\/[^/]+\/sms$/ }, { kind: 'body', status: 403, body: { errorCode: 'MSG-242', message: 'Sending SMS is not available', errors: [{ errorCode: 'MSG-242', message: 'Sending SMS is not available' }] } }, 2);
    await alert();
    await runSmsUntilSettled();
    expect((await rowOf(r0))[0]).toMatchObject({ status: 'dead' });
    expect(adminPosts().some((t) => t.includes(': MSG-242: sending SMS is not available from the sender number. Ask your RingCentral admin to enable SMS on it, or choose a number that can send with: sms from <number>'))).toBe(true);
    expect(smsTo(r0)).toHaveLength(0);
  });

  it('When the carrier never reports (Sent with SMS-CAR-104), then the row is read with backoff and ends "sent, unconfirmed" after 2 hours', async () => {
    h.sim.injectSmsOutcome(r0, { messageStatus: 'Sent', deliveryErrorCode: 'SMS-CAR-104', afterMs: 1_500 });
    await alert();
    const reads = () => h.sim.requests.filter((r) => r.path.includes('/message-store/')).length;
    await runSmsUntilSettled();
    const row = (await h.app.deps.db.models.Delivery.findOne({ where: { destination: r0 } }))!;
    expect(row.status).toBe('unconfirmed');
    expect(row.lastError).toBe('sent, unconfirmed: no delivery report within 2 hours');
    expect(row.deliveryErrorCode).toBe('SMS-CAR-104');
    // Backing off: far fewer reads than one every 10 seconds for 2 hours (720).
    expect(reads()).toBeLessThan(40);
    expect((await statusFacts())[`Texts to ${us(r0)}`]).toBe('0 delivered · 0 accepted, not yet confirmed · 1 sent, unconfirmed · 0 waiting · 0 failed · last error: sent, unconfirmed: no delivery report within 2 hours');
    expect(smsTo(r0)).toHaveLength(1);
  });

  it('When the record fails with a code nobody documents, then it is logged, sent again twice, then failed with the code shown in status', async () => {
    h.sim.injectSmsOutcome(r0, { messageStatus: 'DeliveryFailed', deliveryErrorCode: 'SMS-CAR-777' }, Infinity);
    await alert();
    await runSmsUntilSettled();
    expect(smsTo(r0)).toHaveLength(3);
    const reason = 'SMS-CAR-777 (status DeliveryFailed, a code I do not know), still failing after 2 more tries';
    expect(await rowOf(r0)).toEqual([{ status: 'dead', lastError: reason, code: 'SMS-CAR-777' }]);
    expect(h.logs.lines.filter((l) => l.includes('SMS failed with an unknown deliveryErrorCode'))).toHaveLength(3);
    expect((await statusFacts())[`Texts to ${us(r0)}`]).toContain(`1 failed · last error: ${reason}`);
    expect(adminPosts()).toContain(`I could not deliver an alert to the SMS recipient ${us(r0)}: ${reason}. I will not retry that alert. Type status to see every destination, or settings to change them.`);
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness, SHARED_SECRET, BOT_CLIENT_ID } from '../support/harness';
import { signGlipBody } from '../../src/http/verify-glip-signature';
import { configuredWorld, latestCard, latestText, type ConfiguredWorld } from '../support/world';
import { pollOnce } from '../../src/jobs/poll-audit-trail';
import { deliverDue } from '../../src/jobs/deliver-due';
import { escalateAlerts } from '../../src/jobs/escalate-alerts';
import { startSchedules, type Scheduler } from '../../src/jobs/schedule';
import { sampleAuditRecords } from '../../src/demo/sample-audit-records';
import { sdkProblems } from '../unit/cards/card-inspect';
import type { AdaptiveCard } from '../../src/cards/render-card';

let h: Harness;
let world: ConfiguredWorld;
/** The second alert chat. */
let itTeamId: string;
beforeEach(async () => {
  h = await startHarness();
  world = await configuredWorld(h);
  itTeamId = h.sim.addChat(world.accountId, { type: 'Team', name: 'IT Admins', memberIds: [world.adminId, world.botId] }).id;
  await h.settle();
  await say(`![:Person](${world.botId}) notify here`, world.adminId, itTeamId);
  h.clock.advance(60_000);
});
afterEach(async () => {
  expect(h.sim.specViolations).toEqual([]);
  await h.stop();
});

async function say(text: string, from = world.adminId, chatId = world.dmId): Promise<string | undefined> {
  await h.sim.sendChatMessage({ chatId, fromId: from, text, ...(text.includes('![:Person]') ? { mentionIds: [world.botId] } : {}) });
  await h.settle();
  return latestText(h, world.botId, chatId);
}

const people = (actor: { id: string; name: string; extensionNumber: string } = { id: world.adminId, extensionNumber: '101', name: 'Peter MacIntyre' }) => ({
  accountId: world.accountId,
  accountName: 'Sunnyvale Biology Labs',
  actor,
  target: { id: world.targetId, extensionNumber: '12004', name: 'Peter B MacIntyre 44' },
});
const sample = (actionId: string, actor?: Parameters<typeof people>[0]) => sampleAuditRecords(people(actor)).find((r) => r.actionId === actionId && (actionId !== 'CHANGE_USER_INFO:USER' || r.details.parameters[0]?.value === 'Department'))!;

const alertCardIn = (chatId: string) => h.sim.cards.find((c) => c.chatId === chatId && c.creatorId === world.botId && JSON.stringify(c.body).includes('"alertRecord"'));
const textsOf = (body: Record<string, unknown>): string[] => {
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (o.type === 'TextBlock' && typeof o.text === 'string') out.push(o.text);
      for (const [k, c] of Object.entries(o)) if (k !== 'data') walk(c);
    }
  };
  walk(body.body);
  return out;
};
const buttonsOf = (body: Record<string, unknown>) => ((body.actions ?? []) as { title: string }[]).map((a) => a.title);
const alertSms = () => h.sim.sentSms.filter((s) => s.from === world.sender);
const click = (cardId: string, userId: string, action: string, inputs?: Record<string, string>) =>
  h.sim.clickCard({ cardId, userId, action, url: `${h.url}/interactive-messages`, ...(inputs ? { inputs } : {}) });

/** One MFA-off record polled and delivered: 2 SMS and a card in each of the two chats. */
async function mfaOffAlert(): Promise<string> {
  const record = h.sim.addAuditRecord(world.accountId, sample('UNFORCE_MFA_ACCOUNT'));
  await pollOnce(h.app.deps);
  expect(await deliverDue(h.app.deps)).toMatchObject({ attempted: 4, sent: 2, accepted: 2, dead: 0 });
  await h.settle();
  return record.id;
}

describe('Alert cards people can act on', () => {
  it('When MFA is turned off for the company, then each alert chat gets a card with the headline, the word Critical in the attention colour, and the triage buttons, valid as Adaptive Card 1.3', async () => {
    await mfaOffAlert();
    for (const chatId of [world.teamId, itTeamId]) {
      const card = alertCardIn(chatId)!;
      expect(card.body.fallbackText).toBe('MFA turned OFF for the whole company');
      expect((card.body.body as Record<string, unknown>[])[0]).toMatchObject({ type: 'Container', style: 'attention', items: [{ text: 'Critical', color: 'Attention' }, { text: 'MFA turned OFF for the whole company' }] });
      expect(textsOf(card.body)[2]).toMatch(/^By Peter MacIntyre \(ext 101, Super Admin\) · \w{3} \d{1,2}, \d{1,2}:\d{2} (am|pm) P[SD]T$/);
      expect(buttonsOf(card.body)).toEqual(['Acknowledge', 'Expected change', 'Open audit trail']);
      expect((card.body.actions as { url?: string }[]).at(-1)?.url).toBe('https://service.ringcentral.com');
      expect(sdkProblems(card.body as AdaptiveCard)).toEqual([]);
    }
    // The SMS keeps the product guide's format.
    expect(alertSms()[0]!.text).toMatch(/^\w{3} \d{1,2}, \d{4} => \d{1,2}:\d{2} (am|pm): MFA turned off for Company by: Peter MacIntyre\. Affected Element: \[Multi-factor authentication\] The target of the change was: Sunnyvale Biology Labs at: \d+ To opt out at any time, simply reply with STOP\.$/);
  });

  it('When the admin clicks Acknowledge in one chat, then the card is updated in place in both chats with the name and time, the state is stored and survives a restart', async () => {
    const recordId = await mfaOffAlert();
    const card = alertCardIn(world.teamId)!;
    expect((await click(card.id, world.adminId, 'Acknowledge')).status).toBe(200);
    await h.settle();
    for (const chatId of [world.teamId, itTeamId]) {
      const updated = alertCardIn(chatId)!;
      expect(updated.versions).toBe(2);
      expect(textsOf(updated.body)).toContainEqual(expect.stringMatching(/^Acknowledged by Peter MacIntyre · \w{3} \d{1,2}, \d{1,2}:\d{2} (am|pm) P[SD]T$/));
      expect(buttonsOf(updated.body)).toEqual(['Expected change', 'Resolve', 'Open audit trail']);
      expect(sdkProblems(updated.body as AdaptiveCard)).toEqual([]);
    }
    const ref = { accountId: world.accountId, source: 'ringex' as const, recordId };
    expect(await h.app.deps.db.triage.get(ref)).toMatchObject({ state: 'acknowledged', version: 1, actorId: world.adminId, actorName: 'Peter MacIntyre' });

    await h.restart();
    expect(await h.app.deps.db.triage.get(ref)).toMatchObject({ state: 'acknowledged', version: 1 });
    // An acknowledged alert can still be marked expected, with a one-line note.
    await click(card.id, world.adminId, 'Expected change', { triageNote: 'Planned SSO migration (OPS-1142)' });
    await h.settle();
    const expected = alertCardIn(itTeamId)!;
    expect(textsOf(expected.body)).toContain('Note: Planned SSO migration (OPS-1142)');
    expect(textsOf(expected.body)).toContainEqual(expect.stringMatching(/^Expected change by Peter MacIntyre · /));
    expect(buttonsOf(expected.body)).toEqual(['Reopen', 'Open audit trail']);
    // And reopened.
    await click(card.id, world.adminId, 'Reopen');
    await h.settle();
    expect(buttonsOf(alertCardIn(world.teamId)!.body)).toEqual(['Acknowledge', 'Expected change', 'Open audit trail']);
    const history = await h.app.deps.db.triage.history(ref);
    expect(history.map((c) => `${c.fromState}→${c.toState}`)).toEqual(['open→acknowledged', 'acknowledged→expected', 'expected→open']);
    expect(history[1]).toMatchObject({ actorId: world.adminId, note: 'Planned SSO migration (OPS-1142)' });
  });

  it('When an external guest from another account clicks Acknowledge, then they are told why in the chat and the card is unchanged', async () => {
    const recordId = await mfaOffAlert();
    const partner = h.sim.addAccount({ name: 'Contoso Partners' });
    const guest = h.sim.addExtension(partner.id, { firstName: 'Gail', lastName: 'Guest' });
    await h.sim.addChatMembers(world.teamId, [guest.id]);
    await h.settle();
    const card = alertCardIn(world.teamId)!;
    const before = JSON.stringify(card.body);
    expect((await click(card.id, guest.id, 'Acknowledge')).status).toBe(200);
    await h.settle();
    expect(latestText(h, world.botId, world.teamId)).toBe('Only users of the account this alert is about can triage it, and you are signed in to another RingCentral account. Nothing changed.');
    expect(alertCardIn(world.teamId)!.versions).toBe(1);
    expect(JSON.stringify(alertCardIn(world.teamId)!.body)).toBe(before);
    expect(await h.app.deps.db.triage.get({ accountId: world.accountId, source: 'ringex', recordId })).toMatchObject({ state: 'open', version: 0 });
  });

  it('When two people click Acknowledge at the same moment, then one change is made and the second is told who was first', async () => {
    const recordId = await mfaOffAlert();
    const ada = h.sim.addExtension(world.accountId, { firstName: 'Ada', lastName: 'Admin' });
    await h.sim.addChatMembers(itTeamId, [ada.id]);
    await h.settle();
    const [a, b] = await Promise.all([click(alertCardIn(world.teamId)!.id, world.adminId, 'Acknowledge'), click(alertCardIn(itTeamId)!.id, ada.id, 'Acknowledge')]);
    expect([a.status, b.status]).toEqual([200, 200]);
    await h.settle();
    const history = await h.app.deps.db.triage.history({ accountId: world.accountId, source: 'ringex', recordId });
    expect(history).toHaveLength(1);
    const winner = history[0]!.actorName!;
    const loserChat = winner === 'Ada Admin' ? world.teamId : itTeamId;
    expect(latestText(h, world.botId, loserChat)).toMatch(new RegExp(`^${winner} already acknowledged this alert \\(\\w{3} \\d{1,2}, \\d{1,2}:\\d{2} (am|pm) P[SD]T\\)\\. Nothing changed; the card shows the current state\\.$`));
    for (const chatId of [world.teamId, itTeamId]) expect(textsOf(alertCardIn(chatId)!.body)).toContainEqual(expect.stringMatching(new RegExp(`^Acknowledged by ${winner} · `)));

    // The store itself: five changes from the same version at once, one wins.
    const ref = { accountId: world.accountId, source: 'ringex' as const, recordId };
    const results = await Promise.all(Array.from({ length: 5 }, (_, i) => h.app.deps.db.triage.change(ref, 1, 'resolved', { id: `90000${i}`, name: `Racer ${i}` }, null, h.clock.now())));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(await h.app.deps.db.triage.history(ref)).toHaveLength(2);
  });

  it('When a stale card or a button the state does not offer is clicked, then the click is refused with a clear reply and nothing changes', async () => {
    const recordId = await mfaOffAlert();
    const card = alertCardIn(world.teamId)!;
    const openBody = structuredClone(card.body);
    await click(card.id, world.adminId, 'Acknowledge');
    await h.settle();
    // The same card as it was before (version 0) clicked again: stale.
    (card as { body: Record<string, unknown> }).body = openBody;
    await click(card.id, world.adminId, 'Acknowledge');
    await h.settle();
    expect(latestText(h, world.botId, world.teamId)).toMatch(/^Peter MacIntyre already acknowledged this alert/);
    expect((await h.app.deps.db.triage.history({ accountId: world.accountId, source: 'ringex', recordId }))).toHaveLength(1);
  });

  it('When an unacknowledged critical alert passes 15 minutes, then each SMS recipient and each chat get exactly one reminder, even after a restart and repeated runs', async () => {
    await mfaOffAlert();
    const original = alertSms()[0]!.text;
    h.clock.advance(14 * 60_000);
    expect(await escalateAlerts(h.app.deps)).toMatchObject({ escalated: 0, rows: 0 });
    h.clock.advance(2 * 60_000);
    expect(await escalateAlerts(h.app.deps)).toMatchObject({ escalated: 1, rows: 4 });
    await h.restart();
    expect(await escalateAlerts(h.app.deps)).toMatchObject({ rows: 0 });
    await deliverDue(h.app.deps);
    await h.settle();
    h.clock.advance(60 * 60_000);
    expect(await escalateAlerts(h.app.deps)).toMatchObject({ rows: 0 });
    await deliverDue(h.app.deps);
    await h.settle();
    const reminders = alertSms().filter((s) => s.text.startsWith('UNACKNOWLEDGED'));
    expect(reminders.map((s) => s.to[0]).sort()).toEqual(world.recipients);
    for (const sms of reminders) {
      expect(sms.text).toBe(`UNACKNOWLEDGED for 15 min: ${original}`);
      expect(sms.text.length).toBeLessThanOrEqual(1000);
    }
    for (const chatId of [world.teamId, itTeamId]) {
      const posts = h.sim.posts.filter((p) => p.chatId === chatId && p.creatorId === world.botId && p.text.includes('UNACKNOWLEDGED'));
      expect(posts).toHaveLength(1);
      expect(posts[0]!.text).toBe(`⚠ **UNACKNOWLEDGED for 15 min** (Critical): MFA turned OFF for the whole company. ![:Person](${world.adminId}) please acknowledge it on the alert card or check the audit trail.`);
    }
  });

  it('When the scheduled escalation job ticks after the delay, then it queues the reminders and has them delivered', async () => {
    await mfaOffAlert();
    const jobs = new Map<string, () => Promise<void>>();
    const scheduler: Scheduler = {
      every(name, _spec, run) {
        jobs.set(name, run);
        return { cancel: () => jobs.delete(name) };
      },
    };
    const stop = startSchedules(h.app.deps, { scheduler, instanceId: 'instance-escalation' });
    try {
      h.clock.advance(16 * 60_000);
      await jobs.get('escalation')!();
      for (let i = 0; i < 50 && alertSms().filter((s) => s.text.startsWith('UNACKNOWLEDGED')).length < 2; i += 1) await h.settle();
      expect(alertSms().filter((s) => s.text.startsWith('UNACKNOWLEDGED')).map((s) => s.to[0]).sort()).toEqual(world.recipients);
    } finally {
      await stop();
    }
  });

  it('When the alert is acknowledged after the reminders were queued but before they went out, then none is sent, the rows read cancelled and status shows no failed delivery', async () => {
    const recordId = await mfaOffAlert();
    h.clock.advance(16 * 60_000);
    expect(await escalateAlerts(h.app.deps)).toMatchObject({ rows: 4 });
    await click(alertCardIn(world.teamId)!.id, world.adminId, 'Acknowledge');
    await h.settle();
    const dmPostsBefore = h.sim.posts.filter((p) => p.chatId === world.dmId).length;
    expect(await deliverDue(h.app.deps)).toMatchObject({ attempted: 4, sent: 0, accepted: 0, dead: 0, cancelled: 4 });
    await h.settle();
    expect(alertSms().filter((s) => s.text.startsWith('UNACKNOWLEDGED'))).toEqual([]);
    expect(h.sim.posts.filter((p) => p.text.includes('UNACKNOWLEDGED'))).toEqual([]);
    expect(h.sim.posts.filter((p) => p.chatId === world.dmId)).toHaveLength(dmPostsBefore);
    const rows = await h.app.deps.db.deliveries.listByRecord(world.accountId, 'ringex', recordId);
    expect(rows.filter((r) => r.kind === 'escalation').map((r) => r.status)).toEqual(['cancelled', 'cancelled', 'cancelled', 'cancelled']);

    await say('status');
    const status = latestCard(h, world.botId, world.dmId)!;
    const statusJson = JSON.stringify(status.body);
    expect(statusJson).not.toContain('could not be delivered');
    const destinationFacts: { title: string; value: string }[] = [];
    const walk = (v: unknown): void => {
      if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === 'object') {
        const o = v as Record<string, unknown>;
        if (typeof o.title === 'string' && typeof o.value === 'string' && /^(Texts to|Chat) /.test(o.title)) destinationFacts.push(o as { title: string; value: string });
        Object.values(o).forEach(walk);
      }
    };
    walk(status.body);
    expect(destinationFacts).toHaveLength(4);
    for (const fact of destinationFacts) expect(fact.value).toMatch(/ · 0 failed$/);
    h.clock.advance(60 * 60_000);
    expect(await escalateAlerts(h.app.deps)).toMatchObject({ rows: 0 });
  });

  it('When the alert is acknowledged before the delay, or is below the escalation level, then no reminder is sent', async () => {
    await mfaOffAlert();
    h.sim.addAuditRecord(world.accountId, sample('CHANGE_USER_INFO:USER')); // Department: low
    await pollOnce(h.app.deps);
    await deliverDue(h.app.deps);
    await h.settle();
    await click(alertCardIn(world.teamId)!.id, world.adminId, 'Acknowledge');
    await h.settle();
    h.clock.advance(20 * 60_000);
    expect(await escalateAlerts(h.app.deps)).toMatchObject({ escalated: 0, rows: 0 });
    await deliverDue(h.app.deps);
    expect(alertSms().filter((s) => s.text.startsWith('UNACKNOWLEDGED'))).toEqual([]);
  });

  it('When confirm actors is on and the person who turned MFA off answers "No, it wasn\'t me", then every destination is alerted at once as a possible compromise and the cards say so', async () => {
    expect(await say('confirm actors on')).toBe('Saved. Confirm actors: off → on');
    const carl = h.sim.addExtension(world.accountId, { firstName: 'Carl', lastName: 'Colleague', extensionNumber: '140' });
    const recordId = h.sim.addAuditRecord(world.accountId, sample('UNFORCE_MFA_ACCOUNT', { id: carl.id, name: 'Carl Colleague', extensionNumber: '140' })).id;
    await pollOnce(h.app.deps);
    expect(await deliverDue(h.app.deps)).toMatchObject({ attempted: 5, sent: 3, accepted: 2, dead: 0 });
    await h.settle();
    const question = h.sim.cards.find((c) => c.creatorId === world.botId && JSON.stringify(c.body).includes('Did you make this change?'))!;
    expect(h.sim.chat(question.chatId)!.memberIds.sort()).toEqual([carl.id, world.botId].sort());
    expect(sdkProblems(question.body as AdaptiveCard)).toEqual([]);
    expect(buttonsOf(question.body)).toEqual(['Yes, it was me', "No, it wasn't me"]);

    await click(question.id, carl.id, "No, it wasn't me");
    await h.settle();
    expect(await h.app.deps.db.triage.get({ accountId: world.accountId, source: 'ringex', recordId })).toMatchObject({ actorAnswer: 'no' });
    const compromise = alertSms().filter((s) => s.text.startsWith('CRITICAL: The actor says they did not make this change: possible account compromise.'));
    expect(compromise.map((s) => s.to[0]).sort()).toEqual(world.recipients);
    for (const chatId of [world.teamId, itTeamId]) {
      expect(h.sim.posts.filter((p) => p.chatId === chatId && p.text.startsWith('🚨 **Critical: The actor says they did not make this change: possible account compromise.**'))).toHaveLength(1);
      expect(textsOf(alertCardIn(chatId)!.body)).toContain('The actor says they did not make this change: possible account compromise.');
    }
    expect(textsOf(h.sim.cards.find((c) => c.id === question.id)!.body)).toContain('You answered: no, it was not you. Your admins were alerted at once as a possible account compromise.');
    // A second answer counts for nothing.
    expect(buttonsOf(h.sim.cards.find((c) => c.id === question.id)!.body)).toEqual([]);
  });

  it('When the actor answers "Yes, it was me", then the alert cards show "Confirmed by the actor" and nothing is escalated', async () => {
    await say('confirm actors on');
    const carl = h.sim.addExtension(world.accountId, { firstName: 'Carl', lastName: 'Colleague', extensionNumber: '140' });
    h.sim.addAuditRecord(world.accountId, sample('UNFORCE_MFA_ACCOUNT', { id: carl.id, name: 'Carl Colleague', extensionNumber: '140' }));
    await pollOnce(h.app.deps);
    await deliverDue(h.app.deps);
    await h.settle();
    const question = h.sim.cards.find((c) => c.creatorId === world.botId && JSON.stringify(c.body).includes('Did you make this change?'))!;
    await click(question.id, carl.id, 'Yes, it was me');
    await h.settle();
    for (const chatId of [world.teamId, itTeamId]) expect(textsOf(alertCardIn(chatId)!.body)).toContain('Confirmed by the actor');
    expect(alertSms().filter((s) => s.text.startsWith('CRITICAL'))).toEqual([]);
  });
});

/** A signed button_submit as RingCentral would post it, with the data given (for buttons no card offers). */
async function crafted(data: Record<string, unknown>, user: { id: string; accountId: string; firstName?: string; lastName?: string } = { id: world.adminId, accountId: world.accountId, firstName: 'Peter', lastName: 'MacIntyre' }, cardId?: string) {
  const card = cardId ? h.sim.cards.find((c) => c.id === cardId)! : alertCardIn(world.teamId)!;
  const body = JSON.stringify({
    uuid: '5d1f8a0e-2b7c-4f3e-9a61-0c4b7e2d9f10',
    timestamp: new Date().toISOString(),
    type: 'button_submit',
    appId: BOT_CLIENT_ID,
    user: { ...user, extId: user.id },
    conversation: { id: card.chatId, type: 'Team' },
    post: { id: card.postId },
    card: { id: card.id },
    bot: { id: world.botId },
    data,
  });
  const response = await fetch(`${h.url}/interactive-messages`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Glip-Signature': signGlipBody(body, SHARED_SECRET) }, body });
  await h.settle();
  return { status: response.status, reply: latestText(h, world.botId, card.chatId) };
}

describe('Bad triage input', () => {
  it('When a submit names an alert that is not stored, another account, or a verb the card did not offer, then it gets 200, a clear reply, and nothing changes', async () => {
    const recordId = await mfaOffAlert();
    const base = { adminId: world.adminId, alertAccount: world.accountId, alertSource: 'ringex', alertRecord: recordId, triageVersion: 0 };
    expect(await crafted({ ...base, action: 'alertAcknowledge', alertRecord: 'f3a9c1d2-0000-4000-8000-000000000000' })).toEqual({
      status: 200,
      reply: 'That alert is no longer stored (its audit record was purged), so there is nothing to change.',
    });
    expect(await crafted({ ...base, action: 'alertAcknowledge', alertAccount: '99887766' })).toEqual({ status: 200, reply: 'That alert belongs to another account, so I cannot change it here. Nothing changed.' });
    expect(await crafted({ ...base, action: 'alertReopen' })).toEqual({ status: 200, reply: 'That button is not offered for an alert that is open. Nothing changed.' });
    expect(await crafted({ ...base, action: 'alertResolve', triageVersion: 'x' })).toEqual({ status: 200, reply: 'This card is out of date. Nothing changed.' });
    expect(await h.app.deps.db.triage.history({ accountId: world.accountId, source: 'ringex', recordId })).toEqual([]);
    expect(alertCardIn(world.teamId)!.versions).toBe(1);
  });

  it('When someone other than the actor answers the "was this you?" card, then it does not count', async () => {
    await say('confirm actors on');
    const carl = h.sim.addExtension(world.accountId, { firstName: 'Carl', lastName: 'Colleague', extensionNumber: '140' });
    const recordId = h.sim.addAuditRecord(world.accountId, sample('UNFORCE_MFA_ACCOUNT', { id: carl.id, name: 'Carl Colleague', extensionNumber: '140' })).id;
    await pollOnce(h.app.deps);
    await deliverDue(h.app.deps);
    await h.settle();
    const question = h.sim.cards.find((c) => c.creatorId === world.botId && JSON.stringify(c.body).includes('Did you make this change?'))!;
    const result = await crafted({ action: 'actorDenied', adminId: world.adminId, alertAccount: world.accountId, alertSource: 'ringex', alertRecord: recordId, actorId: carl.id }, { id: world.adminId, accountId: world.accountId, firstName: 'Peter', lastName: 'MacIntyre' }, question.id);
    expect(result).toEqual({ status: 200, reply: 'Only the person who made this change can answer this question. Nothing changed.' });
    expect(await h.app.deps.db.triage.get({ accountId: world.accountId, source: 'ringex', recordId })).toMatchObject({ actorAnswer: null });
    expect(alertSms().filter((s) => s.text.startsWith('CRITICAL'))).toEqual([]);
  });

  it('When the alert reached one chat inside a daily-cap digest card, then triage updates the other chat and leaves the digest alone', async () => {
    await mfaOffAlert();
    // As sendDigest leaves it: the row was held (held_until set) and sent as part of a digest card.
    await h.app.deps.db.models.Delivery.update({ heldUntil: h.clock.now() }, { where: { channel: 'chat', destination: itTeamId } });
    await click(alertCardIn(world.teamId)!.id, world.adminId, 'Acknowledge');
    await h.settle();
    expect(alertCardIn(world.teamId)!.versions).toBe(2);
    expect(alertCardIn(itTeamId)!.versions).toBe(1);
  });

  it('When updating one chat\'s card fails (card deleted), then it is logged and the other chat\'s card and the stored state still change', async () => {
    const recordId = await mfaOffAlert();
    const gone = alertCardIn(itTeamId)!;
    h.sim.failNext({ method: 'PUT', path: `/team-messaging/v1/adaptive-cards/${gone.id}` }, { kind: 'body', status: 404, body: { errorCode: 'CMN-102', message: 'Resource for parameter [cardId] is not found' } });
    await click(alertCardIn(world.teamId)!.id, world.adminId, 'Acknowledge');
    await h.settle();
    expect(alertCardIn(world.teamId)!.versions).toBe(2);
    expect(alertCardIn(itTeamId)!.versions).toBe(1);
    expect(await h.app.deps.db.triage.get({ accountId: world.accountId, source: 'ringex', recordId })).toMatchObject({ state: 'acknowledged' });
    expect(h.logs.text()).toContain('alert card could not be updated; the triage change stands');
  });
});

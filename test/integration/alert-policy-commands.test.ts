import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/harness';
import { configuredWorld, latestCard, latestText, type ConfiguredWorld } from '../support/world';
import { pollOnce } from '../../src/jobs/poll-audit-trail';
import { deliverDue } from '../../src/jobs/deliver-due';
import { sampleAuditRecords } from '../../src/demo/sample-audit-records';

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

async function say(text: string, from = world.adminId, chatId = world.dmId): Promise<string | undefined> {
  await h.sim.sendChatMessage({ chatId, fromId: from, text });
  await h.settle();
  return latestText(h, world.botId, chatId);
}

const samples = () =>
  sampleAuditRecords({
    accountId: world.accountId,
    accountName: 'Sunnyvale Biology Labs',
    actor: { id: world.adminId, extensionNumber: '101', name: 'Peter MacIntyre' },
    target: { id: world.targetId, extensionNumber: '12004', name: 'Peter B MacIntyre 44' },
  });
const department = () => samples().find((r) => r.details.parameters[0]?.value === 'Department')!;
const mfaOff = () => samples().find((r) => r.actionId === 'UNFORCE_MFA_ACCOUNT')!;
const cardJson = () => JSON.stringify(latestCard(h, world.botId, world.dmId)?.body);
type Json = { type?: string; columns?: { items?: { title?: string; text?: string }[] }[] } & Record<string, unknown>;
/** The severity word the latest events card shows beside the toggle of that event. */
const severityBeside = (toggleTitle: string): string | undefined => {
  const sets: Json[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      if ((node as Json).type === 'ColumnSet') sets.push(node as Json);
      Object.values(node).forEach(walk);
    }
  };
  walk(latestCard(h, world.botId, world.dmId)?.body);
  const row = sets.find((set) => set.columns?.[0]?.items?.[0]?.title === toggleTitle);
  return row?.columns?.[1]?.items?.[0]?.text;
};
const alertCards = () => h.sim.cards.filter((c) => c.chatId === world.teamId && c.creatorId === world.botId && JSON.stringify(c.body).includes('"alertRecord"'));
const alertSms = () => h.sim.sentSms.filter((s) => s.from === world.sender);

describe('Severity, routing, triage, escalation and confirmation commands', () => {
  it('When the admin lists and overrides severities, then each answer says what changed, bad input changes nothing, and the events card shows the severity', async () => {
    const list = await say('severity list');
    expect(list).toContain('mfa-company-off: critical');
    expect(list).toContain('user-info-department: low');
    expect(list).toContain('guest-communications-changed: critical when turned on, else low');
    expect(await say('severity user-info-department high')).toBe('Saved. Severity overrides: (none) → user-info-department=high');
    expect(await say('severity user-info-department high')).toBe('That is already the severity of this event.');
    expect(await say('severity list')).toContain('user-info-department: **high** (your override; default low)');
    expect(await say('severity user-info-nope high')).toBe('"user-info-nope" is not an event key. Type severity list to see them all.');
    expect(await say('severity mfa-company-off urgent')).toBe('"urgent" is not a severity: use one of critical, high, medium, low. For example: severity mfa-company-off critical (or severity list)');
    expect(await say('severity mfa-company-off')).toMatch(/^Give an event key and a severity/);
    await say('events');
    // The events card: each toggle with its severity in a plain word beside it.
    expect(severityBeside('Department')).toBe('High');
    expect(severityBeside('MFA turned off for Company')).toBe('Critical');
    expect(severityBeside('External guest communications toggle changed')).toBe('Critical or Low');
    expect(await say('severity user-info-department default')).toBe('Saved. Severity overrides: user-info-department=high → (none)');
    expect((await h.app.deps.db.alertPolicies.get(world.accountId, world.adminId)).severityOverrides).toEqual({});
  });

  it('When SMS needs high severity, then a low Department change goes to the chat only and MFA off goes everywhere; status and the directives card show the minimums', async () => {
    expect(await say('sms min high')).toBe('Saved. SMS minimum severity: low → high');
    expect(await say('chats min low')).toBe('That is already the chats minimum severity.');
    expect(await say('sms min urgent')).toBe('"urgent" is not a severity: use one of critical, high, medium, low. For example: sms min high');
    h.sim.addAuditRecord(world.accountId, department());
    h.sim.addAuditRecord(world.accountId, mfaOff());
    await pollOnce(h.app.deps);
    await deliverDue(h.app.deps);
    await h.settle();
    expect(alertCards()).toHaveLength(2);
    expect(alertSms()).toHaveLength(2);
    for (const sms of alertSms()) expect(sms.text).toContain('MFA turned off for Company');

    expect(await say('chats min critical')).toBe('Saved. Chats minimum severity: low → critical');
    await say('status');
    expect(cardJson()).toContain('"title":"Minimum severity","value":"SMS: high and above · Chats: critical and above"');
    expect(cardJson()).toContain('"title":"Triage","value":"Escalate critical and above after 15 min unacknowledged · Triage: any user of the account in the chat · Confirm actors: off"');
    await say('settings');
    expect(cardJson()).toContain('Minimum severity: SMS: high and above · Chats: critical and above.');
  });

  it('When the admin sets triage admins, then a user who is not an authorized admin is refused; triage members lets them acknowledge', async () => {
    expect(await say('triage admins')).toBe('Saved. Who may triage: members → admins');
    const ada = h.sim.addExtension(world.accountId, { firstName: 'Ada', lastName: 'Analyst' });
    await h.sim.addChatMembers(world.teamId, [ada.id]);
    h.sim.addAuditRecord(world.accountId, mfaOff());
    await pollOnce(h.app.deps);
    await deliverDue(h.app.deps);
    await h.settle();
    const card = alertCards()[0]!;
    await h.sim.clickCard({ cardId: card.id, userId: ada.id, action: 'Acknowledge', url: `${h.url}/interactive-messages` });
    await h.settle();
    expect(latestText(h, world.botId, world.teamId)).toBe('Only admins who authorized Audit Trail Bot can triage these alerts. Nothing changed. (Its admin chose: triage admins.)');
    expect(h.sim.cards.find((c) => c.id === card.id)!.versions).toBe(1);
    expect(await say('triage members')).toBe('Saved. Who may triage: admins → members');
    await h.sim.clickCard({ cardId: card.id, userId: ada.id, action: 'Acknowledge', url: `${h.url}/interactive-messages` });
    await h.settle();
    expect(JSON.stringify(h.sim.cards.find((c) => c.id === card.id)!.body)).toContain('Acknowledged by Ada Analyst');
  });

  it('When the admin changes escalation and confirmation, then each answer says what changed and bad input is refused', async () => {
    expect(await say('escalate after 30')).toBe('Saved. Escalate after: 15 min → 30 min');
    expect(await say('escalate after 0')).toBe('Give the minutes as a whole number from 1 to 1440: escalate after 15 (or escalate off).');
    expect(await say('escalate after soon')).toBe('Give the minutes as a whole number from 1 to 1440: escalate after 15 (or escalate off).');
    expect(await say('escalate level high')).toBe('Saved. Escalation level: critical → high');
    expect(await say('escalate level whenever')).toMatch(/^"whenever" is not a severity/);
    expect(await say('escalate off')).toBe('Saved. Escalate after: 30 min → off');
    expect(await say('escalate off')).toBe('Escalation is already off.');
    expect(await say('confirm actors on')).toBe('Saved. Confirm actors: off → on');
    expect(await say('confirm actors off')).toBe('Saved. Confirm actors: on → off');
    expect(await h.app.deps.db.alertPolicies.get(world.accountId, world.adminId)).toMatchObject({ escalateAfterMinutes: null, escalateLevel: 'high', confirmActors: false });
    // In the change log with the admin's other settings.
    const log = await h.app.deps.db.settings.recentChanges(world.accountId, world.adminId, 5);
    expect(log[0]).toMatchObject({ field: 'Confirm actors', oldValue: 'on', newValue: 'off', actorId: world.adminId });
  });

  it('When someone who is not an authorized admin types a policy command, then they are refused and nothing changes', async () => {
    const other = h.sim.addExtension(world.accountId, { firstName: 'Nora', lastName: 'User' });
    const dm = h.sim.addChat(world.accountId, { type: 'Direct', memberIds: [other.id, world.botId] });
    await h.settle();
    expect(await say('sms min critical', other.id, dm.id)).toMatch(/^Only an authorized admin can configure Audit Trail Bot/);
    expect((await h.app.deps.db.alertPolicies.get(world.accountId, world.adminId)).smsMin).toBe('low');
  });

  it('When the admin asks for help, then every new command is listed', async () => {
    await say('help');
    const help = cardJson();
    for (const usage of ['severity list', 'severity <event key> <critical|high|medium|low|default>', 'sms min <critical|high|medium|low>', 'chats min <critical|high|medium|low>', 'triage admins', 'triage members', 'escalate after <minutes>', 'escalate level <critical|high|medium|low>', 'escalate off', 'confirm actors on', 'confirm actors off']) {
      expect(help).toContain(usage);
    }
  });
});

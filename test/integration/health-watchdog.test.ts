import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/harness';
import { configuredWorld, latestCard, type ConfiguredWorld } from '../support/world';
import { pollOnce } from '../../src/jobs/poll-audit-trail';
import { watchHealth } from '../../src/jobs/watch-health';
import { deliverDue } from '../../src/jobs/deliver-due';
import { escalateAlerts } from '../../src/jobs/escalate-alerts';
import { startSchedules } from '../../src/jobs/schedule';

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

const MINUTE = 60_000;
const texts = (card: { body: unknown }) => JSON.stringify(card.body);
/** The incident cards in the admin's DM, as "Problem: …" / "Resolved: …" headings, oldest first. */
const incidentCards = () =>
  h.sim.cards
    .filter((c) => c.creatorId === world.botId && c.chatId === world.dmId)
    .map((c) => ((c.body.body as { text?: string }[])[0]?.text ?? ''))
    .filter((t) => /^(Problem|Resolved): /.test(t));

/** The health line at the top of the status card (the box under the title). */
async function healthFact(): Promise<string | undefined> {
  await h.sim.sendChatMessage({ chatId: world.dmId, fromId: world.adminId, text: 'status' });
  await h.settle();
  const card = latestCard(h, world.botId, world.dmId)!;
  const box = (card.body.body as { type: string; items?: { text: string }[] }[]).find((b) => b.type === 'Container');
  return box?.items?.[0]?.text;
}

describe('Health watchdog', () => {
  it('When the audit trail cannot be read for 3 poll intervals, then the admin gets one incident card, none while it lasts, one when polls work again, and the status health line names the problem while it is open, then says Working again', async () => {
    expect(await pollOnce(h.app.deps)).toMatchObject({ polled: 1 });
    expect(await watchHealth(h.app.deps)).toMatchObject({ accounts: 1, opened: 0, open: 0 });
    expect(await healthFact()).toMatch(/^Working: sending to /);

    h.sim.failRate({ path: /\/audit-trail\/search$/ }, 1, [{ kind: 'status', status: 503 }]);
    for (let tick = 1; tick <= 2; tick += 1) {
      h.clock.advance(10 * MINUTE);
      expect(await pollOnce(h.app.deps)).toMatchObject({ failed: 1 });
      expect(await watchHealth(h.app.deps)).toMatchObject({ opened: 0, open: 0 });
    }
    expect(incidentCards()).toEqual([]);

    h.clock.advance(10 * MINUTE + 1000); // the third missed interval
    await pollOnce(h.app.deps);
    expect(await watchHealth(h.app.deps)).toMatchObject({ opened: 1, open: 1 });
    await h.settle();
    expect(incidentCards()).toEqual(['Problem: Audit trail not read']);
    const problem = h.sim.cards.filter((c) => c.chatId === world.dmId && texts(c).includes('Problem: Audit trail not read'))[0]!;
    expect(texts(problem)).toContain('has not been read successfully for 30 minutes (3 polls missed)');
    expect(texts(problem)).toMatch(/"title":"Started","value":"[A-Z][a-z]{2} \d{1,2}, \d{4} \d{1,2}:\d{2} (am|pm) UTC"/);
    expect(await healthFact()).toMatch(/^Problem: Audit trail not read \(since [A-Z][a-z]{2} \d{1,2}, \d{4} \d{1,2}:\d{2} (am|pm)\)$/);

    for (let tick = 0; tick < 3; tick += 1) {
      h.clock.advance(5 * MINUTE);
      await pollOnce(h.app.deps);
      expect(await watchHealth(h.app.deps)).toMatchObject({ opened: 0, cleared: 0, open: 1 });
    }
    expect(incidentCards()).toEqual(['Problem: Audit trail not read']);

    h.sim.clearFailures();
    h.clock.advance(5 * MINUTE);
    expect(await pollOnce(h.app.deps)).toMatchObject({ polled: 1 });
    expect(await watchHealth(h.app.deps)).toMatchObject({ opened: 0, cleared: 1, open: 0 });
    await h.settle();
    expect(incidentCards()).toEqual(['Problem: Audit trail not read', 'Resolved: Audit trail not read']);
    expect(await watchHealth(h.app.deps)).toMatchObject({ opened: 0, cleared: 0, open: 0 });
    expect(incidentCards()).toHaveLength(2);
    expect(await healthFact()).toMatch(/^Working: sending to /);
    const rows = await h.app.deps.db.models.HealthIncident.findAll({ raw: true });
    expect(rows).toMatchObject([{ accountId: world.accountId, kind: 'audit-poll-stalled', openKind: null }]);
    expect(rows[0]!.clearedAt).not.toBeNull();
  });

  it('When two watchdogs run at once, then the incident is opened and told once', async () => {
    await pollOnce(h.app.deps);
    h.sim.failRate({ path: /\/audit-trail\/search$/ }, 1, [{ kind: 'status', status: 503 }]);
    h.clock.advance(31 * MINUTE);
    const [a, b] = await Promise.all([watchHealth(h.app.deps), watchHealth(h.app.deps)]);
    expect(a.opened + b.opened).toBe(1);
    await h.settle();
    expect(incidentCards()).toEqual(['Problem: Audit trail not read']);
  });

  it('When the admin must log in again, then one incident says so, naming them; it clears after they log in', async () => {
    await h.app.deps.db.models.AdminAuthorization.update({ status: 'needs_reauth' }, { where: { accountId: world.accountId, extensionId: world.adminId } });
    expect(await watchHealth(h.app.deps)).toMatchObject({ opened: 1 });
    await h.settle();
    expect(incidentCards()).toEqual(['Problem: Admin login needed']);
    const card = h.sim.cards.filter((c) => c.chatId === world.dmId && texts(c).includes('Problem: Admin login needed'))[0]!;
    expect(texts(card)).toContain('Peter MacIntyre must log in again (type login)');
    await h.app.deps.db.models.AdminAuthorization.update({ status: 'active' }, { where: { accountId: world.accountId, extensionId: world.adminId } });
    expect(await watchHealth(h.app.deps)).toMatchObject({ cleared: 1 });
    await h.settle();
    expect(incidentCards()).toEqual(['Problem: Admin login needed', 'Resolved: Admin login needed']);
  });
});

describe('Health watchdog on deliveries and SMS senders', () => {
  it('When the bot is removed from the alert chat and the sender number loses SmsSender, then one incident card each names them; once both are fixed and an alert goes out, both clear with one card each', async () => {
    await h.sim.removeChatMembers(world.teamId, [world.botId]);
    await h.settle();
    h.sim.addAuditRecord(world.accountId, { actionId: 'UNFORCE_MFA_ACCOUNT', eventType: 'UPDATE' });
    await pollOnce(h.app.deps);
    await deliverDue(h.app.deps);
    h.sim.extension(world.adminId)!.phoneNumbers.find((n) => n.phoneNumber === world.sender)!.features = ['CallerId'];

    expect(await watchHealth(h.app.deps)).toMatchObject({ opened: 2, open: 2 });
    await h.settle();
    expect(incidentCards()).toEqual(['Problem: Alerts failing for good', 'Problem: SMS sender cannot send']);
    const all = h.sim.cards.filter((c) => c.chatId === world.dmId).map(texts).join('\n');
    expect(all).toContain(`Alerts to chat ${world.teamId} failed and will not be retried.`);
    expect(all).toContain('The SMS sender +16505550100 can no longer send SMS. Type settings and choose another sender.');
    expect(await watchHealth(h.app.deps)).toMatchObject({ opened: 0, open: 2 });

    // The bot is back in the chat and the number can send again: the next alert goes out, both clear.
    await h.sim.addChatMembers(world.teamId, [world.botId]);
    h.sim.extension(world.adminId)!.phoneNumbers.find((n) => n.phoneNumber === world.sender)!.features = ['SmsSender', 'CallerId'];
    h.clock.advance(MINUTE);
    h.sim.addAuditRecord(world.accountId, { actionId: 'ENFORCE_MFA_ACCOUNT', eventType: 'UPDATE' });
    await pollOnce(h.app.deps);
    expect(await deliverDue(h.app.deps)).toMatchObject({ dead: 0 });
    expect(await watchHealth(h.app.deps)).toMatchObject({ cleared: 2, open: 0 });
    await h.settle();
    expect(incidentCards().slice(2).sort()).toEqual(['Resolved: Alerts failing for good', 'Resolved: SMS sender cannot send']);
  });

  it('When an alert is acknowledged before its escalation reminders go out, then the cancelled reminders do not count as alerts failing for good', async () => {
    h.sim.addAuditRecord(world.accountId, { actionId: 'UNFORCE_MFA_ACCOUNT', eventType: 'UPDATE' });
    await pollOnce(h.app.deps);
    expect(await deliverDue(h.app.deps)).toMatchObject({ dead: 0 });
    h.clock.advance(16 * MINUTE);
    expect((await escalateAlerts(h.app.deps)).rows).toBeGreaterThan(0);
    const [reminder] = await h.app.deps.db.models.Delivery.findAll({ where: { kind: 'escalation' } });
    const ref = { accountId: world.accountId, source: 'ringex' as const, recordId: reminder!.recordId };
    await h.app.deps.db.triage.change(ref, (await h.app.deps.db.triage.get(ref)).version, 'acknowledged', { id: world.adminId, name: null }, null, h.clock.now());
    h.clock.advance(MINUTE);
    expect(await deliverDue(h.app.deps)).toMatchObject({ dead: 0, cancelled: 3 });

    expect(await watchHealth(h.app.deps)).toMatchObject({ opened: 0, open: 0 });
    await h.settle();
    expect(incidentCards()).toEqual([]);
    expect(await healthFact()).toMatch(/^Working: /);
  });
});

describe('GET /readyz', () => {
  it('When the schedules are not running, then 503 says so; while they run, 200 with migrations applied; /healthz answers 200 throughout', async () => {
    const before = await fetch(`${h.url}/readyz`);
    expect(before.status).toBe(503);
    expect(await before.json()).toEqual({ status: 'not ready', checks: { database: 'ok', migrations: 'applied', schedules: 'stopped' } });
    expect((await fetch(`${h.url}/healthz`)).status).toBe(200);

    const stop = startSchedules(h.app.deps);
    try {
      const ready = await fetch(`${h.url}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({ status: 'ready', checks: { database: 'ok', migrations: 'applied', schedules: 'running' } });
    } finally {
      await stop();
    }
    expect((await fetch(`${h.url}/readyz`)).status).toBe(503);
  });
});

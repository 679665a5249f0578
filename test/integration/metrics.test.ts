import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/harness';
import { configuredWorld, latestCard, type ConfiguredWorld } from '../support/world';
import { pollOnce } from '../../src/jobs/poll-audit-trail';
import { deliverDue } from '../../src/jobs/deliver-due';
import { escalateAlerts } from '../../src/jobs/escalate-alerts';
import { sampleAuditRecords } from '../../src/demo/sample-audit-records';

let h: Harness;
afterEach(async () => {
  expect(h.sim.specViolations).toEqual([]);
  await h.stop();
});

/** One series' value from the exposition text (first sample whose labels include every given pair). */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][\w:]*)(\{([^}]*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = Object.fromEntries([...(m[3] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((p) => [p[1], p[2]]));
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) return Number(m[4]);
  }
  return undefined;
}

async function scrape(headers: Record<string, string> = {}) {
  const response = await fetch(`${h.url}/metrics`, { headers });
  return { status: response.status, type: response.headers.get('content-type') ?? '', text: await response.text() };
}

async function pipelineWorld(): Promise<ConfiguredWorld> {
  const world = await configuredWorld(h);
  h.clock.advance(60_000);
  const records = sampleAuditRecords({
    accountId: world.accountId,
    accountName: 'Sunnyvale Biology Labs',
    actor: { id: world.adminId, extensionNumber: '101', name: 'Peter Beck MacIntyre' },
    target: { id: world.targetId, extensionNumber: '12004', name: 'Peter B MacIntyre 44' },
  });
  for (const record of records.slice(0, 3)) h.sim.addAuditRecord(world.accountId, record);
  return world;
}

describe('GET /metrics', () => {
  it('When the pipeline has polled, queued, delivered, met a 429 and answered chat events and card clicks, then a scrape shows every named series with those figures', async () => {
    h = await startHarness();
    const world = await pipelineWorld();
    const poll = await pollOnce(h.app.deps);
    expect(poll).toMatchObject({ polled: 1, records: 3, matched: 3, newEvents: 3, deliveries: 9 });
    h.clock.advance(10 * 60_000);

    // Queued, not sent yet: 3 events × (2 SMS + 1 chat) wait, the oldest for 10 minutes; the cursor is 10 minutes behind.
    const queued = (await scrape()).text;
    expect(sample(queued, 'atb_polls_total', { source: 'ringex', outcome: 'ok' })).toBe(1);
    expect(sample(queued, 'atb_audit_records_read_total', { source: 'ringex' })).toBe(3);
    expect(sample(queued, 'atb_audit_records_matched_total', { source: 'ringex' })).toBe(3);
    expect(sample(queued, 'atb_deliveries', { channel: 'sms', state: 'pending' })).toBe(6);
    expect(sample(queued, 'atb_deliveries', { channel: 'chat', state: 'pending' })).toBe(3);
    expect(sample(queued, 'atb_outbox_depth')).toBe(9);
    expect(sample(queued, 'atb_outbox_oldest_pending_age_seconds')).toBeGreaterThanOrEqual(600);
    expect(sample(queued, 'atb_cursor_lag_seconds', { source: 'ringex' })).toBeGreaterThanOrEqual(600);
    expect(sample(queued, 'atb_ringcentral_calls_total', { group: 'Heavy', status: '200' })).toBeGreaterThanOrEqual(1);
    // MFA off for the company, MFA on for it, 2FA off for a user: critical, medium, high by the default table.
    expect(sample(queued, 'atb_alerts_total', { source: 'ringex', severity: 'critical' })).toBe(1);
    expect(sample(queued, 'atb_alerts_total', { source: 'ringex', severity: 'high' })).toBe(1);
    expect(sample(queued, 'atb_alerts_total', { source: 'ringex', severity: 'medium' })).toBe(1);
    expect(sample(queued, 'atb_alerts_total', { source: 'ringex', severity: 'low' })).toBeUndefined();

    // A card post meets a 429 (Retry-After 7 s); the bot's next Medium call waits out the hold.
    h.sim.failNext({ path: /\/adaptive-cards$/, method: 'POST' }, { kind: '429', retryAfterSeconds: 7 });
    await h.sim.sendChatMessage({ chatId: world.dmId, fromId: world.adminId, text: 'settings' });
    await h.settle();
    await h.sim.sendChatMessage({ chatId: world.dmId, fromId: world.adminId, text: 'settings' });
    await h.settle();
    const card = latestCard(h, world.botId, world.dmId)!;
    const click = await h.sim.clickCard({ cardId: card.id, userId: world.adminId, action: 'Save', inputs: { smsEnabled: 'true', smsSender: '+16505550100', recipient1: '+16505550101', recipient2: '+16505550102', chatsEnabled: 'true', chatIds: world.teamId }, url: `${h.url}/interactive-messages` });
    expect(click.status).toBe(200);
    await h.settle();

    // Everything goes out.
    for (let i = 0; i < 10 && (await h.app.deps.db.deliveries.countByStatus()).pending > 0; i += 1) {
      await deliverDue(h.app.deps);
      h.clock.advance(5 * 60_000);
    }
    const { status, type, text } = await scrape();
    expect(status).toBe(200);
    expect(type).toContain('text/plain');
    // SMS rows RingCentral took are `accepted` until their message records say `delivered`.
    expect((sample(text, 'atb_deliveries', { channel: 'sms', state: 'accepted' }) ?? 0) + (sample(text, 'atb_deliveries', { channel: 'sms', state: 'delivered' }) ?? 0)).toBe(6);
    expect(sample(text, 'atb_deliveries', { channel: 'chat', state: 'sent' })).toBe(3);
    expect(sample(text, 'atb_deliveries', { channel: 'chat', state: 'pending' })).toBeUndefined();
    expect(sample(text, 'atb_outbox_depth')).toBe(0);
    expect(sample(text, 'atb_outbox_oldest_pending_age_seconds')).toBe(0);
    expect(sample(text, 'atb_ringcentral_calls_total', { group: 'Medium', status: '429' })).toBe(1);
    expect(sample(text, 'atb_ringcentral_rate_limited_total', { group: 'Medium' })).toBe(1);
    expect(sample(text, 'atb_ringcentral_penalty_waits_total', { group: 'Medium' })).toBe(1);
    expect(sample(text, 'atb_ringcentral_wait_seconds_total', { group: 'Medium' })).toBeGreaterThanOrEqual(7);
    expect(sample(text, 'atb_webhook_handling_seconds_count', { status: '200' })).toBeGreaterThanOrEqual(2);
    expect(sample(text, 'atb_card_submit_handling_seconds_count', { status: '200' })).toBe(1);

  });

  it('When escalation reminders are cancelled because the alert was acknowledged first, then the outbox series counts them as cancelled, not dead', async () => {
    h = await startHarness();
    const world = await pipelineWorld();
    await pollOnce(h.app.deps);
    await deliverDue(h.app.deps);
    h.clock.advance(16 * 60_000);
    // Only the critical alert (MFA off for the company) escalates by default: one reminder per destination.
    const escalation = await escalateAlerts(h.app.deps);
    expect(escalation).toMatchObject({ escalated: 1, rows: 3 });
    const recordIds = [...new Set((await h.app.deps.db.models.Delivery.findAll({ where: { kind: 'escalation' } })).map((d) => d.recordId))];
    for (const recordId of recordIds) {
      const ref = { accountId: world.accountId, source: 'ringex' as const, recordId };
      await h.app.deps.db.triage.change(ref, (await h.app.deps.db.triage.get(ref)).version, 'acknowledged', { id: world.adminId, name: 'Peter Beck MacIntyre' }, null, h.clock.now());
    }
    expect(await deliverDue(h.app.deps)).toMatchObject({ cancelled: 3, dead: 0 });
    const { text } = await scrape();
    expect(sample(text, 'atb_deliveries', { channel: 'sms', state: 'cancelled' })).toBe(2);
    expect(sample(text, 'atb_deliveries', { channel: 'chat', state: 'cancelled' })).toBe(1);
    expect(sample(text, 'atb_deliveries', { state: 'dead' })).toBeUndefined();
  });

  it('When METRICS_TOKEN is set, then a scrape without it or with another gets a bare 401 and one with it gets the metrics', async () => {
    h = await startHarness({ env: { METRICS_TOKEN: 'scrape-token-0123456789abcdef' } });
    for (const headers of [{} as Record<string, string>, { Authorization: 'Bearer wrong-token-0123456789abcdef' }, { Authorization: 'Basic c2NyYXBlLXRva2Vu' }]) {
      const refused = await scrape(headers);
      expect(refused.status).toBe(401);
      expect(refused.text).toBe('');
    }
    const allowed = await scrape({ Authorization: 'Bearer scrape-token-0123456789abcdef' });
    expect(allowed.status).toBe(200);
    expect(allowed.text).toContain('# TYPE atb_polls_total counter');
  });
});

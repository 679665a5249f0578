import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, ADMIN_CLIENT_ID, ADMIN_CLIENT_SECRET, BOT_CLIENT_ID, BOT_CLIENT_SECRET, type Harness } from '../support/harness';
import { configuredWorld, type ConfiguredWorld } from '../support/world';
import { pollOnce } from '../../src/jobs/poll-audit-trail';
import { deliverDue } from '../../src/jobs/deliver-due';
import { startSchedules, type Scheduler } from '../../src/jobs/schedule';
import { sampleAuditRecords } from '../../src/demo/sample-audit-records';
import { RestClient } from '../../src/ringcentral/rest-client';
import { RingCentralApi } from '../../src/ringcentral/ringcentral-api';
import type { SimPost } from '../../src/simulator/sim-types';

let h: Harness;
let world: ConfiguredWorld;
afterEach(async () => {
  h.sim.clearFailures();
  expect(h.sim.specViolations).toEqual([]);
  await h.stop();
});

/** A harness whose leases are short (3 s), so a heartbeat beats every second of real time. */
async function start(env: Record<string, string> = {}): Promise<void> {
  h = await startHarness({ env: { LEASE_SECONDS: '3', ...env } });
  world = await configuredWorld(h);
  h.clock.advance(60_000);
}

const people = () => ({
  accountId: world.accountId,
  accountName: 'Sunnyvale Biology Labs',
  actor: { id: world.adminId, extensionNumber: '101', name: 'Peter Beck MacIntyre' },
  target: { id: world.targetId, extensionNumber: '12004', name: 'Peter B MacIntyre 44' },
});
const SENDS = /\/(sms|adaptive-cards)$/;
const alertCards = () => h.sim.cards.filter((c) => c.chatId === world.teamId && c.creatorId === world.botId);
const alertSms = () => h.sim.sentSms.filter((s) => s.from === world.sender && world.recipients.includes(s.to[0]!));
const rows = () => h.app.deps.db.models.Delivery.findAll({ order: [['id', 'ASC']] });
const cardTitle = (card: { body: Record<string, unknown> }) => (card.body.body as { text?: string }[]).find((b) => typeof b.text === 'string')?.text;

/** Waits (real time, bounded) until `check` holds. */
async function until(check: () => Promise<boolean>, what: string, ms = 5_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** A second instance's RingCentral client that waits (almost) forever for an answer, like a worker stuck on a hung RingCentral. */
function patientApi(): RingCentralApi {
  const client = (clientId: string, clientSecret: string) => new RestClient({ server: h.sim.url, clientId, clientSecret, timeoutMs: 600_000 });
  return new RingCentralApi(client(BOT_CLIENT_ID, BOT_CLIENT_SECRET), client(ADMIN_CLIENT_ID, ADMIN_CLIENT_SECRET));
}

describe('Polling never waits for delivery', () => {
  it('When every send hangs, then each scheduled poll still runs at its time and stores its records while the sends are stuck', async () => {
    await start();
    const jobs = new Map<string, () => Promise<void>>();
    const scheduler: Scheduler = {
      every(name, _spec, run) {
        jobs.set(name, run);
        return { cancel: () => jobs.delete(name) };
      },
    };
    const stop = startSchedules(h.app.deps, { scheduler, instanceId: 'instance-a' });
    h.sim.failRate({ path: SENDS }, 1, [{ kind: 'timeout', ms: 60_000 }]);
    const records = sampleAuditRecords(people());
    try {
      for (let tick = 0; tick < 3; tick += 1) {
        h.sim.addAuditRecord(world.accountId, records[tick]!);
        await jobs.get('audit poll')!();
        // the poll's records are stored and the cursor moved, while the sends it started are still hanging
        expect(await h.app.deps.db.auditEvents.count(world.accountId, 'ringex')).toBe(tick + 1);
        expect((await h.app.deps.db.auditEvents.cursor(world.accountId, 'ringex'))?.lastPollStatus).toBe('ok');
        await until(async () => (await rows()).some((r) => r.status === 'sending'), 'a send is in flight');
        h.clock.advance(10 * 60 * 1000);
      }
      expect((await rows()).filter((r) => r.status === 'sending').length).toBeGreaterThan(0);
      expect(alertCards()).toHaveLength(0);
    } finally {
      h.sim.clearFailures();
      await stop();
    }
    // the stuck sends timed out and wait for their retry; nothing was lost (SMS that got through are accepted)
    expect((await rows()).map((r) => r.status).filter((s) => s !== 'pending' && s !== 'sent' && s !== 'accepted')).toEqual([]);
  });
});

describe('Crash recovery', () => {
  it('When a worker dies mid-batch, then it held only the rows it was sending, nobody took them while it lived, and another instance sent them within 60 s', async () => {
    await start();
    for (const record of sampleAuditRecords(people()).slice(0, 3)) h.sim.addAuditRecord(world.accountId, record);
    await pollOnce(h.app.deps);
    expect(await rows()).toHaveLength(9);

    // Instance A starts sending; RingCentral hangs on every send.
    h.sim.failRate({ path: SENDS }, 1, [{ kind: 'timeout', ms: 600_000 }]);
    const sendsBefore = h.sim.requests.filter((r) => SENDS.test(r.path)).length;
    const death = new AbortController();
    const a = deliverDue({ ...h.app.deps, api: patientApi() }, { owner: 'instance-a', signal: death.signal, heartbeatMs: 50 }).catch(() => undefined);
    await until(async () => h.sim.requests.filter((r) => SENDS.test(r.path)).length - sendsBefore === 4, 'A has 4 sends hanging at RingCentral');
    const held = (await rows()).filter((r) => r.status === 'sending');
    expect(held.map((r) => r.claimOwner)).toEqual(['instance-a', 'instance-a', 'instance-a', 'instance-a']);
    expect((await rows()).filter((r) => r.status === 'pending')).toHaveLength(5); // claimed one at a time, not the whole batch
    h.sim.clearFailures();

    // Instance B sends the rest; for 60 s (fake clock) of A being alive it never takes A's rows.
    const b = await deliverDue(h.app.deps, { owner: 'instance-b' });
    expect(b.sent + b.accepted).toBe(5);
    for (let second = 0; second < 60; second += 2) {
      h.clock.advance(2_000);
      const now = h.clock.now().getTime();
      await until(async () => (await rows()).filter((r) => r.status === 'sending').every((r) => r.leaseUntil!.getTime() > now + 2_000), "A's heartbeat renewed its leases");
      expect((await deliverDue(h.app.deps, { owner: 'instance-b' })).attempted).toBe(0);
    }
    expect(alertCards().length + alertSms().length).toBe(5);

    // A is killed (kill -9: no more heartbeats, nothing more recorded). B takes its rows once their leases run out.
    death.abort();
    const killedAt = h.clock.now().getTime();
    const done = async () => {
      const c = await h.app.deps.db.deliveries.countByStatus();
      return c.sent + c.accepted;
    };
    for (let second = 0; second < 60 && (await done()) < 9; second += 1) {
      h.clock.advance(1_000);
      await deliverDue(h.app.deps, { owner: 'instance-b' });
    }
    // chat cards sent; SMS accepted (followed on their message records afterwards)
    expect(await h.app.deps.db.deliveries.countByStatus()).toMatchObject({ pending: 0, sending: 0, sent: 3, accepted: 6, dead: 0 });
    expect(h.clock.now().getTime() - killedAt).toBeLessThanOrEqual(60_000);
    // A's attempts never reached RingCentral: B looked for them, found none, and sent each once.
    expect(alertCards()).toHaveLength(3);
    expect(alertSms()).toHaveLength(6);
    const lookedUp = {
      sms: h.sim.requests.some((r) => r.method === 'GET' && r.path.endsWith('/message-store')),
      chat: h.sim.requests.some((r) => r.method === 'GET' && r.path === `/team-messaging/v1/chats/${world.teamId}/posts`),
    };
    for (const row of held) expect(lookedUp[row.channel]).toBe(true);
    void a; // its sends stay hung until the simulator stops; being dead, it records nothing
  }, 60_000);

  it('When RingCentral posts a card and sends an SMS but the answers are lost, then the retries find them and send nothing twice', async () => {
    await start();
    h.sim.addAuditRecord(world.accountId, sampleAuditRecords(people())[0]!);
    await pollOnce(h.app.deps);
    h.sim.failNext({ path: /\/adaptive-cards$/ }, { kind: 'lost-answer' });
    h.sim.failNext({ path: /\/sms$/ }, { kind: 'lost-answer' });
    const first = await deliverDue(h.app.deps);
    expect(first).toMatchObject({ attempted: 3, sent: 0, accepted: 1, retrying: 2 });
    expect(alertCards()).toHaveLength(1);
    expect(alertSms()).toHaveLength(2);
    const retrying = (await rows()).filter((r) => r.status === 'pending');
    expect(retrying.every((r) => r.unknownSince !== null)).toBe(true);

    h.clock.advance(10 * 60 * 1000);
    expect(await deliverDue(h.app.deps)).toMatchObject({ attempted: 2, sent: 1, accepted: 1 });
    expect(alertCards()).toHaveLength(1);
    expect(alertSms()).toHaveLength(2);
    const sentRows = await rows();
    // the card is sent; both SMS (one adopted) are accepted, to be followed on their message records
    expect(sentRows.map((r) => `${r.channel}:${r.status}`).sort()).toEqual(['chat:sent', 'sms:accepted', 'sms:accepted']);
    const adoptedSms = sentRows.filter((r) => r.channel === 'sms').map((r) => r.providerId).sort();
    expect(adoptedSms).toEqual(alertSms().map((m) => m.id).sort());
    const chatRow = sentRows.find((r) => r.channel === 'chat')!;
    expect(chatRow.providerId).toBe(alertCards()[0]!.id);
    expect(h.logs.text()).toContain('an earlier attempt had landed: adopted, not sent again');
  });

  it('When a send times out without reaching RingCentral, then the retry looks for it, finds nothing, and sends it once', async () => {
    await start();
    h.sim.addAuditRecord(world.accountId, sampleAuditRecords(people())[0]!);
    await pollOnce(h.app.deps);
    h.sim.failNext({ path: /\/adaptive-cards$/ }, { kind: 'timeout', ms: 20_000 });
    expect(await deliverDue(h.app.deps)).toMatchObject({ attempted: 3, sent: 0, accepted: 2, retrying: 1 });
    expect(alertCards()).toHaveLength(0);
    h.clock.advance(10 * 60 * 1000);
    expect(await deliverDue(h.app.deps)).toMatchObject({ attempted: 1, sent: 1 });
    expect(alertCards()).toHaveLength(1);
    expect(alertCards()[0]!.body.fallbackText).toBe('MFA turned OFF for the whole company');
  });
});

describe("RingCentral's daily post cap", () => {
  it('When the bot has made 2,500 posts today, then the chat waits for the next day, SMS keeps going, the admin is told once, and one digest card brings the held alerts', async () => {
    await start();
    // The bot already made RingCentral's 2,500 posts of the day (RINGCENTRAL.md §5).
    const posts = h.sim.posts as SimPost[];
    for (let i = 0; i < 2500; i += 1) {
      posts.push({ id: `cap-${i}`, chatId: world.dmId, creatorId: world.botId, text: 'earlier post', type: 'TextMessage', mentions: [], createdAt: h.clock.now().getTime() - 1000 });
    }
    const records = sampleAuditRecords(people());
    h.sim.addAuditRecord(world.accountId, records[0]!);
    h.sim.addAuditRecord(world.accountId, records[1]!);
    await pollOnce(h.app.deps);
    await deliverDue(h.app.deps);
    await h.settle();

    // SMS went out; the chat is capped until midnight UTC; no card was posted.
    expect(alertSms().filter((s) => !s.text.startsWith('Audit Trail Bot:'))).toHaveLength(4);
    expect(alertCards()).toHaveLength(0);
    const now = h.clock.now();
    const midnight = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1));
    const cap = await h.app.deps.db.models.ChatPostCap.findOne({ where: { accountId: world.accountId, chatId: world.teamId } });
    expect(cap?.reopensAt.toISOString()).toBe(midnight.toISOString());
    const chatRows = (await rows()).filter((r) => r.channel === 'chat');
    expect(chatRows.map((r) => [r.status, r.heldUntil?.toISOString()])).toEqual([
      ['pending', midnight.toISOString()],
      ['pending', midnight.toISOString()],
    ]);
    // The admin is told once: the bot's DM is capped too, so by SMS to the alert recipients.
    const notices = () => h.sim.sentSms.filter((s) => s.text.startsWith('Audit Trail Bot:'));
    expect(notices().map((s) => s.to[0]).sort()).toEqual([...world.recipients].sort());
    expect(notices()[0]!.text).toBe(
      `Audit Trail Bot: RingCentral's limit of 2,500 posts a day for this bot was reached, so I cannot post alert cards to the chat Security Operations until ${midnight.toISOString().slice(0, 16).replace('T', ' ')} UTC. SMS alerts keep going. The alerts held meanwhile will come as one digest card in that chat when it reopens.`,
    );

    // A third alert during the cap: SMS at once, its card held without asking RingCentral; no second notice.
    const cardCalls = () => h.sim.requests.filter((r) => r.method === 'POST' && r.path === `/team-messaging/v1/chats/${world.teamId}/adaptive-cards`).length;
    const callsBefore = cardCalls();
    h.sim.addAuditRecord(world.accountId, records[2]!);
    h.clock.advance(60_000);
    await pollOnce(h.app.deps);
    await deliverDue(h.app.deps);
    expect(cardCalls()).toBe(callsBefore);
    expect(alertSms().filter((s) => !s.text.startsWith('Audit Trail Bot:'))).toHaveLength(6);
    expect(notices()).toHaveLength(2);

    // Next day: one digest card with the three held alerts; every row is sent.
    h.clock.advance(midnight.getTime() - h.clock.now().getTime() + 24 * 3600 * 1000);
    await deliverDue(h.app.deps);
    expect(alertCards()).toHaveLength(1);
    const digest = alertCards()[0]!;
    expect(cardTitle(digest)).toBe("3 alerts held back by RingCentral's daily post limit");
    const facts = (digest.body.body as { type: string; facts?: { title: string; value: string }[] }[]).find((b) => b.type === 'FactSet')!.facts!;
    // Each held alert by the headline its own card would have had, not the catalog's event name.
    expect(facts.map((f) => f.value)).toEqual(['MFA turned OFF for the whole company', 'MFA turned on for the whole company', '2FA turned OFF for Peter B MacIntyre 44']);
    // The one card time format: in the chat's zone, no zone name.
    expect(facts[0]!.title).toMatch(/^[A-Z][a-z]{2} \d{1,2}, \d{4} \d{1,2}:\d{2} (am|pm)$/);
    expect(facts).toHaveLength(3);
    expect(JSON.stringify(digest.body)).toContain('SMS alerts went out as usual.');
    expect((await rows()).map((r) => `${r.channel}:${r.status}`).sort()).toEqual([...Array(3).fill('chat:sent'), ...Array(6).fill('sms:accepted')]);
    expect(await h.app.deps.db.models.ChatPostCap.count()).toBe(0);
  });
});

import fs from 'node:fs';
import os from 'node:os';
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import express from 'express';
import { Transaction } from 'sequelize';
import { startHarness, ADMIN_CLIENT_ID, BOT_CLIENT_ID, ENCRYPTION_KEY, type Harness } from '../test/support/harness';
import { configuredWorld, installedWorld, type ConfiguredWorld } from '../test/support/world';
import { BotFleet } from '../test/support/bot-fleet';
import { createTestDatabase } from '../test/support/test-database';
import { openDatabase, type Database } from '../src/db/database';
import { TokenCipher, parseEncryptionKey } from '../src/crypto/token-cipher';
import { parseAuditRecord } from '../src/catalog/audit-record';
import { catalogKeyFor } from '../src/catalog/describe-audit-record';
import { planDeliveries, type Watcher } from '../src/delivery/plan-deliveries';
import { EVENT_KEYS } from '../src/catalog/event-catalog';
import type { NewAuditEvent } from '../src/db/audit-events-repository';
import type { DeliveryStatus } from '../src/db/deliveries-repository';
import { pollOnce } from '../src/jobs/poll-audit-trail';
import { deliverDue } from '../src/jobs/deliver-due';
import { sampleAuditRecords } from '../src/demo/sample-audit-records';
import { loadHttp } from './load-http';

/**
 * `npm run bench [-- --quick]`: every figure of issue 12 item 3, each measured next to what it is
 * compared with in the same run, printed as one table. PostgreSQL figures need TEST_DATABASE_URL (or
 * BENCH_DATABASE_URL), e.g. postgres://postgres@127.0.0.1:5432/test; without it those rows say so.
 */
const QUICK = process.argv.includes('--quick');
/** `--only a,b`: run just those parts (letters of the README's list), e.g. while profiling one figure. */
const onlyIndex = process.argv.indexOf('--only');
const ONLY = onlyIndex >= 0 ? new Set((process.argv[onlyIndex + 1] ?? '').split(',').map((p) => p.trim().toLowerCase())) : undefined;
const PG_URL = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;

interface Row {
  figure: string;
  measured: string;
  target: string;
  ok: boolean | undefined;
}
const rows: Row[] = [];
const record = (figure: string, measured: string, target: string, ok: boolean | undefined) => {
  rows.push({ figure, measured, target, ok });
  process.stderr.write(`  ${figure}: ${measured} (target ${target})\n`);
};
const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `work` against a fresh harness (simulator + app + database) and always stops it. */
async function withHarness<T>(options: Parameters<typeof startHarness>[0], work: (h: Harness) => Promise<T>): Promise<T> {
  const h = await startHarness({ logLevel: 'warn', ...options });
  try {
    return await work(h);
  } finally {
    await h.stop();
  }
}

/** (a) Webhook acknowledgement at 50 connections, next to a bare express app answering 200 on the same box. */
async function webhookAck(): Promise<void> {
  await withHarness({}, async (h) => {
    const world = await installedWorld(h);
    const sub = h.sim.subscriptions.find((s) => s.ownerId === world.botId && s.status === 'Active');
    if (!sub?.deliveryMode.verificationToken) throw new Error('no active subscription with a verification token');
    // Three members: a team of just the bot and one person counts as a one-to-one chat, where every
    // message gets a reply (and, with the compressed clock, the replies would flood back as notifications).
    const colleague = h.sim.addExtension(world.accountId, { firstName: 'Casey', lastName: 'Colleague', extensionNumber: '102' });
    const team = h.sim.addChat(world.accountId, { type: 'Team', name: 'Bench', memberIds: [world.adminId, colleague.id, world.botId] });
    await h.settle();
    const now = new Date().toISOString();
    // A realistic notification: a person's message in a team chat that does not mention the bot (acknowledged, then ignored).
    const body = JSON.stringify({
      uuid: '7a0d4f5e-43d4-4a5e-9b42-6f1c2d3e4f50',
      event: '/team-messaging/v1/posts',
      timestamp: now,
      subscriptionId: sub.id,
      ownerId: world.botId,
      body: { id: '9151953001', groupId: team.id, type: 'TextMessage', text: 'Is the audit report ready?', creatorId: world.adminId, addedPersonIds: null, mentions: [], attachments: null, activity: null, title: null, iconUri: null, iconEmoji: null, creationTime: now, lastModifiedTime: now, eventType: 'PostAdded' },
    });
    const bare = express();
    bare.use(express.json());
    bare.post('/bot/webhook', (_req, res) => void res.sendStatus(200));
    const bareServer = http.createServer(bare);
    await new Promise<void>((resolve) => bareServer.listen(0, '127.0.0.1', resolve));
    const bareUrl = `http://127.0.0.1:${(bareServer.address() as AddressInfo).port}/bot/webhook`;
    const rounds = QUICK ? 2 : 3;
    const durationMs = QUICK ? 1_500 : 4_000;
    const totals = { bare: { requests: 0, seconds: 0, p50: [] as number[], p99: [] as number[] }, bot: { requests: 0, seconds: 0, p50: [] as number[], p99: [] as number[], unexpected: 0 } };
    try {
      for (let round = 0; round < rounds; round += 1) {
        const b = await loadHttp({ url: bareUrl, body, headers: {}, connections: 50, durationMs, expectStatus: 200 });
        totals.bare.requests += b.requests;
        totals.bare.seconds += b.requests / b.perSecond;
        totals.bare.p50.push(b.p50Ms);
        totals.bare.p99.push(b.p99Ms);
        const w = await loadHttp({ url: `${h.url}/bot/webhook`, body, headers: { 'Verification-Token': sub.deliveryMode.verificationToken }, connections: 50, durationMs, expectStatus: 200 });
        totals.bot.requests += w.requests;
        totals.bot.seconds += w.requests / w.perSecond;
        totals.bot.p50.push(w.p50Ms);
        totals.bot.p99.push(w.p99Ms);
        totals.bot.unexpected += w.unexpected;
        await h.app.deps.tasks.idle();
      }
    } finally {
      await new Promise<void>((resolve) => bareServer.close(() => resolve()));
    }
    const bareRate = totals.bare.requests / totals.bare.seconds;
    const botRate = totals.bot.requests / totals.bot.seconds;
    const median = (values: number[]) => [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)]!;
    const p99 = median(totals.bot.p99);
    const replies = h.sim.posts.filter((p) => p.creatorId === world.botId && p.chatId === team.id).length;
    if (replies > 0) throw new Error(`the bot answered ${replies} of the bench's team messages: they should be acknowledged and ignored`);
    record('(a) webhook ack throughput / bare express, 50 connections', `${fmt(botRate)}/s vs ${fmt(bareRate)}/s = ${fmt(botRate / bareRate, 2)}${totals.bot.unexpected ? ` (${totals.bot.unexpected} not 200)` : ''}`, '≥ 0.50', botRate / bareRate >= 0.5 && totals.bot.unexpected === 0);
    record('(a) webhook ack latency p50 / p99', `${fmt(median(totals.bot.p50), 1)} ms / ${fmt(p99, 1)} ms (bare: ${fmt(median(totals.bare.p50), 1)} / ${fmt(median(totals.bare.p99), 1)} ms)`, 'p99 < 50 ms', p99 < 50);
  });
}

/** The watcher of (b): an admin with two SMS recipients and one chat, every event on. */
function benchWatcher(accountId: string): Watcher {
  return {
    settings: {
      accountId,
      extensionId: '62001',
      version: 3,
      smsEnabled: true,
      smsSender: '+16505550100',
      smsRecipients: ['+16505550101', '+16505550102'],
      chatsEnabled: true,
      chatIds: ['147988481'],
      eventKeys: [...EVENT_KEYS],
      paused: false,
      timezone: 'America/Los_Angeles',
      notificationsSince: new Date('2026-01-01T00:00:00Z'),
    },
  };
}

/** (b) One fetched page of 1,000 records → parsed, stored, outbox rows planned and stored (as the poller does, one transaction a page). */
async function pageToOutbox(label: string, db: Database, events: number): Promise<{ eventsPerSecond: number; rowsPerSecond: number }> {
  const template = sampleAuditRecords({
    accountId: '37439510',
    accountName: 'Sunnyvale Biology Labs',
    actor: { id: '62001', extensionNumber: '101', name: 'Peter Beck MacIntyre' },
    target: { id: '62044', extensionNumber: '12004', name: 'Peter B MacIntyre 44' },
  });
  const watchers = [benchWatcher('37439510')];
  const base = Date.parse('2026-11-30T00:00:00Z');
  let rowsStored = 0;
  const started = process.hrtime.bigint();
  for (let page = 0; page * 1000 < events; page += 1) {
    const records = Array.from({ length: 1000 }, (_, i) => {
      const n = page * 1000 + i;
      return { ...template[n % template.length]!, id: `${label}-${n}`, eventTime: new Date(base + n).toISOString(), accountId: '37439510' };
    });
    const parsed: NewAuditEvent[] = [];
    for (const raw of records) {
      const result = parseAuditRecord(raw);
      if (!result.ok) continue;
      parsed.push({ recordId: result.record.id, actionId: result.record.actionId, eventKey: catalogKeyFor(result.record) ?? null, eventTime: new Date(result.record.eventTime ?? base), raw: JSON.stringify(raw) });
    }
    rowsStored += await db.sequelize.transaction({ type: Transaction.TYPES.IMMEDIATE }, async (transaction) => {
      const fresh = await db.auditEvents.insertNew('37439510', 'ringex', parsed, new Date(), transaction);
      const planned = planDeliveries('37439510', 'ringex', fresh, watchers, new Set());
      await db.deliveries.insertMany(planned, new Date(), transaction, { newEventIds: new Set(fresh.map((e) => e.recordId)) });
      return planned.length;
    });
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { eventsPerSecond: events / seconds, rowsPerSecond: rowsStored / seconds };
}

async function storageThroughput(): Promise<void> {
  const events = QUICK ? 5_000 : 30_000;
  const cipher = new TokenCipher(parseEncryptionKey(ENCRYPTION_KEY));
  const sqliteDir = fs.mkdtempSync(`${os.tmpdir()}/atb-bench-`);
  const sqlite = await openDatabase(`sqlite:${sqliteDir}/bench.sqlite`, cipher);
  try {
    const r = await pageToOutbox('sqlite', sqlite, events);
    record('(b) page → stored events + outbox rows, SQLite', `${fmt(r.eventsPerSecond)} events/s (${fmt(r.rowsPerSecond)} outbox rows/s)`, '≥ 20,000 events/s', r.eventsPerSecond >= 20_000);
  } finally {
    await sqlite.close();
    fs.rmSync(sqliteDir, { recursive: true, force: true });
  }
  if (!PG_URL) {
    record('(b) page → stored events + outbox rows, PostgreSQL', 'not measured: set TEST_DATABASE_URL or BENCH_DATABASE_URL', '≥ 15,000 events/s', undefined);
    return;
  }
  process.env.TEST_DB = 'postgres';
  process.env.TEST_DATABASE_URL = PG_URL;
  const fresh = await createTestDatabase();
  const pg = await openDatabase(fresh.url, cipher);
  try {
    const r = await pageToOutbox('pg', pg, events);
    record('(b) page → stored events + outbox rows, PostgreSQL', `${fmt(r.eventsPerSecond)} events/s (${fmt(r.rowsPerSecond)} outbox rows/s)`, '≥ 15,000 events/s', r.eventsPerSecond >= 15_000);
  } finally {
    await pg.close();
    await fresh.drop();
    delete process.env.TEST_DB;
  }
}

/** Installs `count` accounts straight into the database (as if each admin had installed and logged in), each with a logged-in admin watching by SMS. */
async function seedAccounts(h: Harness, count: number): Promise<{ accountId: string; adminId: string }[]> {
  const seeded: { accountId: string; adminId: string }[] = [];
  const now = h.clock.now();
  for (let i = 0; i < count; i += 1) {
    const account = h.sim.addAccount({ name: `Bench Company ${i}`, timezone: 'America/New_York' });
    const admin = h.sim.addExtension(account.id, { firstName: 'Ada', lastName: `Admin ${i}`, extensionNumber: '101', admin: true, phoneNumbers: [{ phoneNumber: '+16505550100', features: ['SmsSender'], usageType: 'DirectNumber' }] });
    const bot = h.sim.addExtension(account.id, { firstName: 'Audit', lastName: 'Bot', extensionNumber: '900' });
    const adminTokens = h.sim.issueTokens({ extensionId: admin.id, clientId: ADMIN_CLIENT_ID, accessTtl: 86_400, refreshTtl: 604_800 });
    const botTokens = h.sim.issueTokens({ extensionId: bot.id, clientId: BOT_CLIENT_ID, accessTtl: 315_360_000 });
    await h.app.deps.db.installations.claimInstall({ accountId: account.id, botId: bot.id, installerId: admin.id, token: botTokens.accessToken, verificationToken: `bench-verification-${account.id}`, now });
    await h.app.deps.db.admins.saveTokens({ accountId: account.id, extensionId: admin.id, name: `Ada Admin ${i}`, accessToken: adminTokens.accessToken, refreshToken: adminTokens.refreshToken, accessExpiresAt: new Date(now.getTime() + 86_400_000), refreshExpiresAt: new Date(now.getTime() + 604_800_000) });
    await h.app.deps.db.settings.update(account.id, admin.id, admin.id, { smsEnabled: true, smsSender: '+16505550100', smsRecipients: ['+16505550101'] }, { now });
    seeded.push({ accountId: account.id, adminId: admin.id });
  }
  return seeded;
}

/** (c) One poll of 1,000 installed accounts against the simulator (with RingCentral's rate limits). */
async function pollScale(): Promise<void> {
  await withHarness({ env: { POLL_OVERLAP_MINUTES: '0' } }, async (h) => {
    const accounts = await seedAccounts(h, 1000);
    h.clock.advance(60_000);
    const template = sampleAuditRecords({ accountId: 'x', accountName: 'x', actor: { id: '1', extensionNumber: '101', name: 'Ada Admin' }, target: { id: '2', extensionNumber: '102', name: 'Grace Hopper' } });
    let records = 0;
    accounts.forEach(({ accountId }, i) => {
      const n = 1 + (i % 3); // 1 to 3 records per account: one page each
      for (let k = 0; k < n; k += 1) h.sim.addAuditRecord(accountId, { ...template[k]!, id: `bench-${accountId}-${k}`, eventTime: new Date(h.clock.now().getTime() - 30_000 + k).toISOString() });
      records += n;
    });
    const mark = h.sim.requests.length;
    const poll = await pollOnce(h.app.deps);
    const searches = h.sim.requests.slice(mark).filter((r) => r.path.endsWith('/audit-trail/search'));
    const violations = searches.filter((r) => r.status === 429).length;
    const perAccount = searches.length / accounts.length;
    const expected = Math.ceil(Math.max(...accounts.map((_, i) => 1 + (i % 3))) / 1000);
    record('(c) audit-trail calls per account per poll, 1,000 accounts', `${fmt(perAccount, 2)} (${searches.length} searches, ${poll.polled} polled, ${records} records)`, `⌈records/1000⌉ = ${expected}`, perAccount <= expected && poll.polled === 1000);
    record('(c) rate-limit violations (429) in that poll', String(violations), '0', violations === 0);
  });
}

/**
 * (d) 500 alert SMS from one admin token. Compressed clock: the bot's waits (pacing, Retry-After, backoff)
 * pass at once by moving the bot's and the simulator's clocks forward together (the harness's sleep), so
 * minutes of RingCentral time take seconds; the rate is SMS per minute of that clock.
 */
async function deliveryRate(): Promise<void> {
  const alerts = QUICK ? 100 : 500;
  await withHarness({ env: { POLL_OVERLAP_MINUTES: '0' } }, async (h) => {
    const [account] = await seedAccounts(h, 1);
    // Every alert is by one actor: with bursts on (the default) they would become one summary SMS, not `alerts` of them.
    await h.app.deps.db.noise.update(account!.accountId, account!.adminId, { burstCount: null }, [{ field: 'burst', oldValue: 'default', newValue: 'off (bench)' }], h.clock.now());
    h.clock.advance(60_000);
    const template = sampleAuditRecords({ accountId: 'x', accountName: 'x', actor: { id: '1', extensionNumber: '101', name: 'Ada Admin' }, target: { id: '2', extensionNumber: '102', name: 'Grace Hopper' } })[0]!;
    for (let i = 0; i < alerts; i += 1) h.sim.addAuditRecord(account!.accountId, { ...template, id: `rate-${i}`, eventTime: new Date(h.clock.now().getTime() - 30_000 + i).toISOString() });
    await pollOnce(h.app.deps);
    const mark = h.sim.requests.length;
    const started = h.clock.now().getTime();
    for (let round = 0; round < 2000; round += 1) {
      await deliverDue(h.app.deps, { limit: alerts });
      const counts = await h.app.deps.db.deliveries.countByStatus();
      if (counts.pending + counts.sending === 0) break;
      const next = await h.app.deps.db.models.Delivery.min('nextAttemptAt', { where: { status: 'pending' } });
      const wait = next ? new Date(next as Date).getTime() - h.clock.now().getTime() : 1000;
      h.clock.advance(Math.max(1000, wait));
    }
    const sms = h.sim.sentSms.filter((s) => s.to[0] === '+16505550101');
    const minutes = Math.max(1 / 60, (Math.max(...sms.map((s) => s.at)) - started) / 60_000);
    const perMinute = sms.length / minutes;
    const penalties = h.sim.requests.slice(mark).filter((r) => r.status === 429).length;
    const counts = await h.app.deps.db.deliveries.countByStatus();
    const accepted = ACCEPTED_STATUSES.reduce((n, status) => n + counts[status], 0);
    record(`(d) delivery rate, ${alerts} alert SMS on one token / Medium limit 40 per min`, `${fmt(perMinute, 1)}/min = ${fmt(perMinute / 40, 2)} of the limit (${accepted} accepted by RingCentral, ${counts.dead} dead)`, '≥ 0.90', perMinute / 40 >= 0.9 && accepted === alerts);
    record('(d) 429 penalties while delivering them', String(penalties), '0', penalties === 0);
  });
}

/** Peak resident memory of a process (VmHWM), in MB. */
function peakRssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? Number.NaN);
  return kb / 1024;
}

/** Resident memory of a process now (VmRSS), in MB. */
function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? Number.NaN);
  return kb / 1024;
}

/** (e) Peak RSS of a bot process (node dist/src/main.js) while 10,000 events are polled, stored and start being delivered. */
async function peakMemory(): Promise<void> {
  await withHarness({ simulator: { rateLimits: false } }, async (h) => {
    const world = await configuredWorld(h);
    const template = sampleAuditRecords({ accountId: world.accountId, accountName: 'x', actor: { id: world.adminId, extensionNumber: '101', name: 'Peter Beck MacIntyre' }, target: { id: world.targetId, extensionNumber: '12004', name: 'Peter B MacIntyre 44' } });
    // event times default to now: after the admins turned alerts on, so every record alerts
    for (let i = 0; i < 10_000; i += 1) h.sim.addAuditRecord(world.accountId, { ...template[i % template.length]!, id: `rss-${i}` });
    const fleet = new BotFleet(h, { POLL_CRON: '*/2 * * * * *', LOG_LEVEL: 'info' });
    try {
      const bot = fleet.start('rss');
      await fleet.waitForLine(bot, (l) => l.msg === 'account polled' && Number(l.newEvents) === 10_000, 90_000);
      await sleep(QUICK ? 3_000 : 8_000); // deliveries flowing
      const sent = Number((await countSent(h)) ?? 0);
      const mb = peakRssMb(bot.child.pid!);
      const outbox = await h.app.deps.db.models.Delivery.count();
      record('(e) peak RSS of a bot process, 10,000 events polled and delivering', `${fmt(mb)} MB (${fmt(sent)} of ${fmt(outbox)} outbox rows sent or accepted by then)`, '< 200 MB', mb < 200);
    } finally {
      await fleet.stopAll();
    }
  });
}

/**
 * Rows RingCentral took: a chat post ends `sent`; an SMS goes `accepted` on the 200 and later `delivered` or
 * `unconfirmed` (jobs/follow-sms.ts), never `sent`.
 */
const ACCEPTED_STATUSES = ['sent', 'accepted', 'delivered', 'unconfirmed'] as const satisfies readonly DeliveryStatus[];

async function countSent(h: Harness): Promise<number> {
  return h.app.deps.db.models.Delivery.count({ where: { status: [...ACCEPTED_STATUSES] } });
}

/**
 * (f) kill -9 of a worker with sends in flight, then a restarted instance: the time until every row the
 * killed one had claimed is sent (chat) or accepted (SMS) (default LEASE_SECONDS and time limits). PostgreSQL when configured, else SQLite.
 */
async function killRecovery(): Promise<void> {
  if (PG_URL) {
    process.env.TEST_DB = 'postgres';
    process.env.TEST_DATABASE_URL = PG_URL;
  }
  try {
    await withHarness({ simulator: { rateLimits: false } }, async (h) => {
      const world: ConfiguredWorld = await configuredWorld(h);
      const template = sampleAuditRecords({ accountId: world.accountId, accountName: 'x', actor: { id: world.adminId, extensionNumber: '101', name: 'Peter Beck MacIntyre' }, target: { id: world.targetId, extensionNumber: '12004', name: 'Peter B MacIntyre 44' } });
      for (let i = 0; i < 12; i += 1) h.sim.addAuditRecord(world.accountId, { ...template[i % template.length]!, id: `kill-${i}` });
      h.sim.failRate({ path: /\/(sms|adaptive-cards)$/ }, 1, [{ kind: 'timeout', ms: 120_000 }]);
      const fleet = new BotFleet(h, { POLL_CRON: '*/2 * * * * *', LOG_LEVEL: 'info' });
      try {
        const worker = fleet.start('worker');
        const claimed = async () => (await h.app.deps.db.models.Delivery.findAll({ where: { status: 'sending' } })).map((r) => r.id);
        let ids: number[] = [];
        for (let i = 0; i < 300 && ids.length < 4; i += 1) {
          await sleep(100);
          ids = await claimed();
        }
        await sleep(500); // the sends are on the wire, hanging
        ids = await claimed();
        await fleet.kill(worker);
        const killedAt = Date.now();
        h.sim.clearFailures();
        fleet.start('restarted');
        let sentAt: number | undefined;
        for (let i = 0; i < 1800; i += 1) {
          const rowsNow = await h.app.deps.db.models.Delivery.findAll({ where: { id: ids } });
          if (rowsNow.length === ids.length && rowsNow.every((r) => (ACCEPTED_STATUSES as readonly string[]).includes(r.status))) {
            sentAt = Date.now();
            break;
          }
          await sleep(100);
        }
        const seconds = sentAt === undefined ? Number.NaN : (sentAt - killedAt) / 1000;
        record(`(f) kill -9 mid-batch → its ${ids.length} claimed rows sent (chat) or accepted (SMS) by a restarted instance (${PG_URL ? 'PostgreSQL' : 'SQLite'})`, sentAt === undefined ? 'not all sent or accepted within 180 s' : `${fmt(seconds, 1)} s`, '< 60 s', sentAt !== undefined && seconds < 60);
      } finally {
        h.sim.clearFailures();
        await fleet.stopAll();
      }
    });
  } finally {
    delete process.env.TEST_DB;
  }
}

/** A port free a moment ago: a bot process started with PORT=0 logs 0, not the port it got, so (g) picks one. */
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * GETs `url` every `everyMs` until stopped, each time on a new connection (as a liveness probe does, so
 * the time to be accepted under load counts), and keeps each latency and any answer other than 200.
 */
function probeHealth(url: string, everyMs: number) {
  const latencies: number[] = [];
  let failures = 0;
  let probing = true;
  const loop = (async () => {
    while (probing) {
      const t0 = process.hrtime.bigint();
      const status = await new Promise<number>((resolve) => {
        const req = http.get(url, { agent: false }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        });
        req.on('error', () => resolve(0));
      });
      latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
      if (status !== 200) failures += 1;
      await sleep(everyMs);
    }
  })();
  return {
    latencies,
    failures: () => failures,
    async stop() {
      probing = false;
      await loop;
    },
  };
}

/**
 * (g) Issue 12 item 8, bounded under floods: RSS of a bot process (node dist/src/main.js) before and after
 * two floods of `help` messages over 64 connections, and /healthz latency meanwhile. (A bot idling at
 * about 130 MB once reached 436 MB after two 20 s floods at ~450/s.)
 */
async function floodMemory(): Promise<void> {
  const floodMs = QUICK ? 5_000 : 20_000;
  const connections = 64;
  // The flood issue 12 describes: two 20 s floods of help messages at about 450 a second over 64 connections
  // (the bot then went from 130 to 436 MB). Paced evenly: an unpaced client here sends 5,000 a second, a
  // different test (of how fast the bot acknowledges, part (a)).
  const rate = 450;
  // Under RingCentral's Medium budget (40 posts a minute) with the install's own posts, so every
  // warm-up help gets its card at once and the process is idle before the first reading.
  const warmUp = 30;
  await withHarness({}, async (h) => {
    const world = await installedWorld(h);
    const sub = h.sim.subscriptions.find((s) => s.ownerId === world.botId && s.status === 'Active');
    if (!sub?.deliveryMode.verificationToken) throw new Error('no active subscription with a verification token');
    const headers = { 'Verification-Token': sub.deliveryMode.verificationToken };
    // A person typing `help` in their DM with the bot: each one a distinct notification and post (`id` numbers both).
    const helpPost = (id: number) =>
      JSON.stringify({
        uuid: `flood-${id}`,
        event: '/team-messaging/v1/posts',
        timestamp: new Date().toISOString(),
        subscriptionId: sub.id,
        ownerId: world.botId,
        body: { id: String(id), groupId: world.dmId, type: 'TextMessage', text: 'help', creatorId: world.adminId, mentions: null, eventType: 'PostAdded' },
      });
    const port = await freePort();
    const fleet = new BotFleet(h, { PORT: String(port), LOG_LEVEL: 'info' });
    try {
      const bot = fleet.start('flood');
      await fleet.waitForLine(bot, (l) => l.msg === 'Audit Trail Bot listening', 30_000);
      const botUrl = `http://127.0.0.1:${port}`;
      const cards = () => h.sim.cards.filter((c) => c.creatorId === world.botId && c.chatId === world.dmId).length;
      const before = cards();
      // warm up (JIT, database connections) so the first reading is of a bot that has answered commands
      for (let i = 0; i < warmUp; i += 1) {
        const response = await fetch(`${botUrl}/bot/webhook`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: helpPost(1_000_000 + i) });
        await response.arrayBuffer();
        if (response.status !== 200) throw new Error(`a warm-up help was answered ${response.status}`);
      }
      for (let i = 0; i < 600 && cards() < before + warmUp; i += 1) await sleep(50);
      if (cards() < before + warmUp) throw new Error(`only ${cards() - before} of ${warmUp} warm-up helps were answered within 30 s`);
      await sleep(2_000); // every reply posted; nothing running
      const rssBefore = rssMb(bot.child.pid!);

      let requests = 0;
      let seconds = 0;
      let unexpected = 0;
      const healthz: number[] = [];
      let healthzFailures = 0;
      for (const round of [1, 2]) {
        // probed during each flood only, not in the pause between them
        const probe = probeHealth(`${botUrl}/healthz`, 20);
        try {
          const r = await loadHttp({ url: `${botUrl}/bot/webhook`, body: (n) => helpPost(round * 10_000_000 + n), headers, connections, durationMs: floodMs, expectStatus: 200, ratePerSecond: rate });
          requests += r.requests;
          seconds += r.requests / r.perSecond;
          unexpected += r.unexpected;
        } finally {
          await probe.stop();
        }
        healthz.push(...probe.latencies);
        healthzFailures += probe.failures();
        if (round === 1) await sleep(2_000); // two floods, not one long one
      }
      // The queue does not drain in seconds: its replies are paced at RingCentral's 40 posts a minute, so it
      // stays full (its bound) and the rest were dropped. The readings are of a bot holding that full queue.
      await sleep(5_000);
      const rssAfter = rssMb(bot.child.pid!);
      const peak = peakRssMb(bot.child.pid!);
      // V8 may hold the flood's garbage for tens of seconds before a full collection, so memory the process
      // keeps is the lowest reading of the next minute, next to the one before the flood.
      const watchS = QUICK ? 30 : 60;
      let settled = rssAfter;
      for (let i = 0; i < watchS; i += 1) {
        await sleep(1_000);
        settled = Math.min(settled, rssMb(bot.child.pid!));
      }
      const dropLines = bot.lines.filter((l) => l.msg === 'background work dropped: the task queue is full');
      const dropped = Number(dropLines.at(-1)?.droppedTotal ?? 0);
      const kept = settled - rssBefore;
      const statuses = unexpected === 0 ? 'all 200' : `${fmt(unexpected)} not 200`;
      const signed = (mb: number) => `${mb < 0 ? '-' : '+'}${fmt(Math.abs(mb))} MB`;
      record(
        `(g) bot process RSS kept after two ${floodMs / 1000} s floods of help messages at ${rate}/s, ${connections} connections`,
        `${fmt(settled)} MB settled (lowest of the ${watchS} s after) vs ${fmt(rssBefore)} MB before (${signed(kept)}; ${fmt(rssAfter)} MB 5 s after); ${fmt(requests)} notifications at ${fmt(requests / seconds)}/s, ${statuses}, queue dropped ≥ ${fmt(dropped)}`,
        '≤ +50 MB',
        kept <= 50 && unexpected === 0,
      );
      // Shown, not judged: the issue asks that memory stay flat (the row above). The peak is mostly garbage
      // V8 has not yet collected (244, 252 and 285 MB in three runs of the same code, while the
      // settled reading stayed below the one before the flood); a limit on it would judge the collector.
      record('(g) peak RSS during those floods', `${fmt(peak)} MB`, 'shown, not judged', undefined);
      const sorted = [...healthz].sort((a, b) => a - b);
      const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN;
      const p99 = at(0.99);
      record(
        '(g) /healthz during the flood, p99',
        `${fmt(p99, 1)} ms (p50 ${fmt(at(0.5), 1)} ms, max ${fmt(sorted.at(-1) ?? Number.NaN, 1)} ms; ${fmt(sorted.length)} probes, ${healthzFailures === 0 ? 'all 200' : `${healthzFailures} not 200`})`,
        '< 50 ms',
        p99 < 50 && healthzFailures === 0,
      );
    } finally {
      await fleet.stopAll();
    }
  });
}

function machine(): string {
  const cpus = os.cpus();
  return `${cpus.length} × ${cpus[0]?.model ?? 'CPU'}, ${fmt(os.totalmem() / 1024 ** 3, 1)} GB RAM, ${os.type()} ${os.release()}, Node ${process.version}, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`;
}

async function main(): Promise<void> {
  const started = Date.now();
  process.stderr.write(`Audit Trail Bot benchmark${QUICK ? ' (--quick)' : ''}\n`);
  const parts: [string, () => Promise<void>][] = [
    ['webhook acknowledgement', webhookAck],
    ['page → outbox storage', storageThroughput],
    ['1,000 accounts, one poll', pollScale],
    ['delivery rate', deliveryRate],
    ['peak RSS', peakMemory],
    ['kill -9 recovery', killRecovery],
    ['bounded under floods', floodMemory],
  ];
  for (const [index, [name, part]] of parts.entries()) {
    if (ONLY && !ONLY.has(String.fromCharCode(97 + index))) continue;
    process.stderr.write(`${name}…\n`);
    const partStarted = Date.now();
    try {
      await part();
    } catch (error) {
      record(name, `failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`, '—', false);
    }
    process.stderr.write(`  (${fmt((Date.now() - partStarted) / 1000, 1)} s)\n`);
  }
  const width = (key: keyof Row) => Math.max(...rows.map((r) => String(r[key]).length), key.length);
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  const w = [width('figure'), width('measured'), width('target'), 4];
  const out = [
    `Machine: ${machine()}`,
    `Command: npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}; ${fmt((Date.now() - started) / 1000)} s`,
    '',
    line(['Figure'.padEnd(w[0]!), 'Measured'.padEnd(w[1]!), 'Target'.padEnd(w[2]!), 'Met']),
    line(w.map((n) => '-'.repeat(n))),
    ...rows.map((r) => line([r.figure.padEnd(w[0]!), r.measured.padEnd(w[1]!), r.target.padEnd(w[2]!), (r.ok === undefined ? '—' : r.ok ? 'yes' : 'no').padEnd(4)])),
  ];
  process.stdout.write(`${out.join('\n')}\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`benchmark failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);

import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { createApp, type App } from '../app';
import { loadConfig } from '../config/load-config';
import { createLogger } from '../logging/create-logger';
import { pollOnce } from '../jobs/poll-audit-trail';
import { deliverDue } from '../jobs/deliver-due';
import { followSms } from '../jobs/follow-sms';
import { FIRST_CHECK_MS } from '../policy/sms-follow-schedule';
import { RingCentralSimulator, type SimCard } from '../simulator';
import { cardToText } from './card-to-text';
import { sampleAuditRecords } from './sample-audit-records';
import { formatPhoneNumber } from '../cards/format-phone-number';

/** One alert as the demo shows it: its card as text, and its text message with every recipient it went to. */
export interface DemoAlert {
  card: string;
  sms: { text: string; to: string[] } | undefined;
}

/**
 * Pairs each alert card with the text message of the same alert, through the stored delivery rows
 * (a card's row holds the card id, an SMS row the message id, both the audit record's id), listing
 * the message once with all its recipients, in the order they were configured (texts go out
 * concurrently, so arrival order says nothing).
 */
export function alertsOf(
  cards: { id: string; text: string }[],
  sms: { id: string; to: string; text: string }[],
  rows: { source: string; recordId: string; channel: string; providerId: string | null }[],
  recipients: readonly string[],
): DemoAlert[] {
  const order = (n: string) => (recipients.includes(n) ? recipients.indexOf(n) : recipients.length);
  return cards.map((card) => {
    const record = rows.find((r) => r.channel === 'chat' && r.providerId === card.id);
    const ids = new Set(rows.filter((r) => record && r.channel === 'sms' && r.source === record.source && r.recordId === record.recordId).map((r) => r.providerId));
    const texts = sms.filter((m) => ids.has(m.id));
    return { card: card.text, sms: texts.length ? { text: texts[0]!.text, to: texts.map((m) => m.to).sort((a, b) => order(a) - order(b)) } : undefined };
  });
}

const BOT_APP = { clientId: 'demo-bot-client-id', clientSecret: 'demo-bot-client-secret-0123456789', kind: 'bot' as const };
const ADMIN_APP = { clientId: 'demo-admin-client-id', clientSecret: 'demo-admin-client-secret-9876543210', kind: 'admin' as const };
const SHARED_SECRET = 'demo-interactive-messages-shared-secret';

const ACCOUNT = { name: 'Sunnyvale Biology Labs', timezone: 'America/Los_Angeles' };
const ADMIN = { firstName: 'Peter', lastName: 'MacIntyre', fullName: 'Peter MacIntyre', extensionNumber: '101' };
const TARGET = { firstName: 'Peter B', lastName: 'MacIntyre 44', fullName: 'Peter B MacIntyre 44', extensionNumber: '12004' };
const TEAM_NAME = 'Security Operations';
const SMS_SENDER = '+16505550100';
const SMS_RECIPIENTS = ['+16505550101', '+16505550102'];
/** A recipient who replied STOP to the sender before the demo: RingCentral's consent list knows it. */
const OPTED_OUT_RECIPIENT = '+16505550103';

/** What the demo delivered, for a test (and a caller) to check. */
export interface DemoResult {
  /** Audit records injected (one per catalog event). */
  events: number;
  sms: { from: string; to: string; text: string }[];
  /** SMS rows by status after following their message records (delivered only when the record says so). */
  smsStatuses: Record<string, number>;
  /** Recipients the bot reported as opted out (and sent nothing to). */
  optedOut: string[];
  cards: { chatName: string; text: string; body: Record<string, unknown> }[];
  elapsedMs: number;
  /** Requests or responses of the bot that broke RingCentral's OpenAPI spec (0 expected). */
  specViolations: number;
  /** The SQLite file, when kept. */
  databaseFile: string | undefined;
}

/** Warnings and errors the bot logged, kept for the failure message. */
class LogLines extends Writable {
  readonly lines: string[] = [];
  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    this.lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    done();
  }
}

/** The first Action.OpenUrl anywhere in a card. */
function openUrlOf(card: unknown): string | undefined {
  if (Array.isArray(card)) {
    for (const item of card) {
      const url = openUrlOf(item);
      if (url !== undefined) return url;
    }
    return undefined;
  }
  if (typeof card !== 'object' || card === null) return undefined;
  const element = card as Record<string, unknown>;
  if (element.type === 'Action.OpenUrl' && typeof element.url === 'string') return element.url;
  return openUrlOf(Object.values(element));
}

const firstLine = (text: string) => text.split('\n')[0] ?? '';

/**
 * `npm run demo`: a RingCentral simulator and the real bot wired to it. Installs the bot, logs an admin
 * in through chat, configures SMS and a team chat by chat commands, injects one realistic audit record
 * per catalog event, runs one poll and one delivery, follows each SMS on its message record, and prints
 * what every destination received (one recipient opted out beforehand and gets nothing).
 */
export async function runDemo(options: { out: (line: string) => void; keepDatabase?: boolean }): Promise<DemoResult> {
  const started = Date.now();
  const { out } = options;
  // One clock for both sides, so the demo can let "a minute pass" before the poll without waiting for it.
  let offsetMs = 0;
  const now = () => Date.now() + offsetMs;
  const logs = new LogLines();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atb-demo-'));
  const databaseFile = path.join(dir, 'audit-trail-bot.sqlite');
  let sim: RingCentralSimulator | undefined;
  let app: App | undefined;
  const server = http.createServer();

  try {
    sim = await RingCentralSimulator.start({ now, apps: [BOT_APP, ADMIN_APP], sharedSecret: SHARED_SECRET });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', resolve);
    });
    const botUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const config = loadConfig({
      RINGCENTRAL_SERVER: sim.url,
      RINGCX_SERVER: sim.ringcxUrl,
      RINGCENTRAL_BOT_CLIENT_ID: BOT_APP.clientId,
      RINGCENTRAL_BOT_CLIENT_SECRET: BOT_APP.clientSecret,
      RINGCENTRAL_CLIENT_ID: ADMIN_APP.clientId,
      RINGCENTRAL_CLIENT_SECRET: ADMIN_APP.clientSecret,
      RINGCENTRAL_SHARED_SECRET: SHARED_SECRET,
      APP_SERVER: botUrl,
      DATABASE_URL: `sqlite:${databaseFile}`,
      ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      LOG_LEVEL: 'warn',
    });
    const bot = await createApp(config, {
      logger: createLogger('warn', logs),
      now: () => new Date(now()),
      // A Retry-After or backoff passes at once: the shared clock moves instead.
      sleep: async (ms) => void (offsetMs += ms),
      requestTimeoutMs: 5_000,
    });
    app = bot;
    server.on('request', bot.http);
    const rc = sim;
    out(`Audit Trail Bot demo: a simulated RingCentral at ${rc.url}, the bot at ${botUrl}.`);
    out('');

    /** Waits until webhooks are answered and the bot's background work (which may cause more webhooks) is done. */
    const settle = async () => {
      for (let round = 0; round < 20; round += 1) {
        await rc.settle();
        await bot.deps.tasks.idle();
        await new Promise((resolve) => setTimeout(resolve, 5));
        if (bot.deps.tasks.size === 0) {
          await rc.settle();
          if (bot.deps.tasks.size === 0) return;
        }
      }
    };

    out(`1. Installing the bot in "${ACCOUNT.name}" …`);
    const account = rc.addAccount(ACCOUNT);
    const admin = rc.addExtension(account.id, {
      firstName: ADMIN.firstName,
      lastName: ADMIN.lastName,
      email: 'peter.macintyre@example.com',
      extensionNumber: ADMIN.extensionNumber,
      admin: true,
      phoneNumbers: [{ phoneNumber: SMS_SENDER, features: ['SmsSender', 'CallerId'], usageType: 'DirectNumber' }],
    });
    const target = rc.addExtension(account.id, { firstName: TARGET.firstName, lastName: TARGET.lastName, extensionNumber: TARGET.extensionNumber });
    // Before the bot existed, this recipient replied STOP to the sender number; RingCentral keeps that opt-out.
    await rc.receiveSms({ from: OPTED_OUT_RECIPIENT, to: SMS_SENDER, text: 'STOP' });
    const install = await rc.installBotPrivate({ accountId: account.id, installerId: admin.id, clientId: BOT_APP.clientId, redirectUri: config.urls.botOAuth });
    if (install.status !== 200) throw new Error(`installing the bot failed: the bot's OAuth redirect answered ${install.status}`);
    await settle();
    const botId = install.botId;
    const welcome = rc.cards.find((c) => c.creatorId === botId);
    if (!welcome) throw new Error('the bot was installed but posted no welcome card');
    const dmId = welcome.chatId;
    out(`   Installed. The bot welcomed ${ADMIN.fullName} in a direct chat: "${firstLine(cardToText(welcome.body))}"`);

    out(`2. Logging ${ADMIN.fullName} in through chat …`);
    const botSays = (chatId: string, since: number) => rc.posts.filter((p) => p.creatorId === botId && p.chatId === chatId).slice(since);
    const postsIn = (chatId: string) => rc.posts.filter((p) => p.creatorId === botId && p.chatId === chatId).length;
    await rc.sendChatMessage({ chatId: dmId, fromId: admin.id, text: 'login' });
    await settle();
    const loginCard = rc.cards.filter((c) => c.creatorId === botId && c.chatId === dmId).at(-1);
    const authorizeLink = openUrlOf(loginCard?.body);
    if (authorizeLink === undefined) throw new Error('the bot did not answer "login" with an Authorize link');
    const redirect = await fetch(authorizeLink, { redirect: 'manual' });
    const location = redirect.headers.get('location');
    if (redirect.status !== 302 || location === null) throw new Error(`the bot's Authorize link answered ${redirect.status} instead of a redirect to RingCentral`);
    const callback = await rc.authorize(location, admin.id);
    const landing = await fetch(callback);
    await landing.text();
    await settle();
    if (landing.status !== 200) throw new Error(`the OAuth callback answered ${landing.status}`);
    out(`   > login`);
    out(`   Opened the Authorize link, consented as ${ADMIN.fullName}, and came back to the bot (HTTP ${landing.status}).`);

    out('3. Configuring SMS, a team chat and all events by chat commands …');
    const team = rc.addChat(account.id, { type: 'Team', name: TEAM_NAME, memberIds: [admin.id, botId] });
    await settle();
    const say = async (chatId: string, text: string, mentionIds?: string[]) => {
      const before = postsIn(chatId);
      await rc.sendChatMessage({ chatId, fromId: admin.id, text, ...(mentionIds ? { mentionIds } : {}) });
      await settle();
      out(`   > ${text.replace(`![:Person](${botId})`, '@Audit Trail Bot')}`);
      for (const reply of botSays(chatId, before)) out(`     ${reply.text.split('\n').join('\n     ')}`);
    };
    await say(dmId, `sms from ${SMS_SENDER}`);
    await say(dmId, `sms to ${[...SMS_RECIPIENTS, OPTED_OUT_RECIPIENT].join(' ')}`);
    await say(dmId, 'sms on');
    await say(dmId, 'events on all');
    // One record per event by one person would be one burst summary: the demo shows each event's own alert.
    await say(dmId, 'burst off');
    await say(team.id, `![:Person](${botId}) notify here`, [botId]);
    const settings = await bot.deps.db.settings.find(account.id, admin.id);
    if (!settings?.smsEnabled || !settings.chatsEnabled || !settings.notificationsSince) {
      throw new Error('the configuration commands did not switch SMS and team chat alerts on');
    }

    const people = {
      accountId: account.id,
      accountName: ACCOUNT.name,
      actor: { id: admin.id, extensionNumber: ADMIN.extensionNumber, name: ADMIN.fullName },
      target: { id: target.id, extensionNumber: TARGET.extensionNumber, name: TARGET.fullName },
    };
    const records = sampleAuditRecords(people);
    out(`4. Adding ${records.length} audit-trail records to the account (one per catalog event) …`);
    // Stamped just after alerts were switched on (older changes are not alerted), one second apart.
    const since = settings.notificationsSince.getTime();
    records.forEach((record, i) => rc.addAuditRecord(account.id, { ...record, eventTime: new Date(since + (i + 1) * 1000).toISOString() }));

    out('5. A minute later: one poll of the audit trail, then one delivery run …');
    offsetMs += 60_000;
    const poll = await pollOnce(bot.deps);
    const failed = poll.results.find((r) => r.status !== 'ok');
    if (failed) throw new Error(`the poll of ${failed.accountId} ended ${failed.status}: ${failed.reason ?? 'no reason given'}`);
    const delivery = await deliverDue(bot.deps);
    await settle();
    out(`   Poll: ${poll.requests} audit-trail request${poll.requests === 1 ? '' : 's'}, ${poll.records} records, ${poll.newEvents} new events, ${poll.deliveries} deliveries queued.`);
    out(`   Delivery: ${delivery.sent} cards posted; ${delivery.accepted} SMS accepted by RingCentral, not yet confirmed; ${delivery.retrying} to retry, ${delivery.dead} failed.`);
    const smsStatuses = async () => {
      const counts: Record<string, number> = {};
      for (const row of await bot.deps.db.models.Delivery.findAll({ where: { accountId: account.id, channel: 'sms' } })) counts[row.status] = (counts[row.status] ?? 0) + 1;
      return counts;
    };
    out(`   SMS rows now: ${JSON.stringify(await smsStatuses()).replace(/[{}"]/g, '').replace(/,/g, ', ').replace(/:/g, ' ')}.`);

    out('6. A few seconds later: each SMS is followed on its message record …');
    offsetMs += FIRST_CHECK_MS;
    const followed = await followSms(bot.deps);
    await settle();
    out(`   Message records read: ${followed.checked}; delivered ${followed.delivered}, failed ${followed.failed}, not settled yet ${followed.waiting}, unconfirmed ${followed.unconfirmed}.`);
    const statuses = await smsStatuses();
    out('');

    const sms = rc.sentSms.filter((s) => s.from === SMS_SENDER).map((s) => ({ id: s.id, from: s.from, to: s.to[0] ?? '', text: s.text }));
    const optOuts = (await bot.deps.db.optOuts.list(account.id)).filter((o) => o.sender === SMS_SENDER || o.sender === '');
    out(`Text messages from ${formatPhoneNumber(SMS_SENDER, 'US')}, as their message records say:`);
    for (const to of [...SMS_RECIPIENTS, OPTED_OUT_RECIPIENT]) {
      const optOut = optOuts.find((o) => o.phoneNumber === to);
      const rows = await bot.deps.db.models.Delivery.findAll({ where: { accountId: account.id, channel: 'sms', destination: to } });
      const delivered = rows.filter((r) => r.status === 'delivered').length;
      out(`  to ${formatPhoneNumber(to, 'US')}: ${optOut ? `opted out (${optOut.reason}), nothing sent` : `${delivered} of ${rows.length} delivered`}`);
    }
    out('');

    const alertCards: SimCard[] = rc.cards.filter((c) => c.creatorId === botId && c.chatId === team.id);
    const cards = alertCards.map((c) => ({ id: c.id, chatName: TEAM_NAME, text: cardToText(c.body), body: c.body }));
    const deliveryRows = await bot.deps.db.models.Delivery.findAll({ where: { accountId: account.id } });
    const alerts = alertsOf(cards, sms, deliveryRows, SMS_RECIPIENTS);
    out(`${alerts.length} alerts, each once: the card posted in ${TEAM_NAME}, then the text message and who got it.`);
    alerts.forEach((alert, i) => {
      out('');
      out(`── Alert ${i + 1} of ${alerts.length} ──`);
      out(`Card in ${TEAM_NAME}:`);
      for (const line of alert.card.split('\n')) out(`  ${line}`);
      if (alert.sms) {
        out(`Text message from ${formatPhoneNumber(SMS_SENDER, 'US')} to ${alert.sms.to.map((n) => formatPhoneNumber(n, 'US')).join(', ')}:`);
        out(`  ${alert.sms.text}`);
      } else {
        out('Text message: none was sent for this alert.');
      }
    });
    out('');

    const elapsedMs = Date.now() - started;
    const specViolations = rc.specViolations.length;
    if (specViolations > 0) out(`Warning: ${specViolations} request(s) did not match RingCentral's OpenAPI spec.`);
    if (options.keepDatabase === true) {
      out(`The bot's database is kept at ${databaseFile}. Its audit records, for auditors:`);
      const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
      out(`  DATABASE_URL=sqlite:${databaseFile} npm run -s export -- --since ${day(since)} --until ${day(since + 86_400_000)}`);
    }
    out(`Delivered ${statuses.delivered ?? 0} SMS and ${cards.length} cards for ${records.length} audit events in ${elapsedMs} ms.`);
    return {
      events: records.length,
      sms,
      smsStatuses: statuses,
      optedOut: optOuts.map((o) => o.phoneNumber).filter((n) => n === OPTED_OUT_RECIPIENT),
      cards,
      elapsedMs,
      specViolations,
      databaseFile: options.keepDatabase === true ? databaseFile : undefined,
    };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const logged = logs.lines.slice(-10);
    throw new Error(logged.length === 0 ? message : `${message}\nThe bot logged:\n${logged.join('\n')}`, { cause: error });
  } finally {
    await app?.close().catch(() => undefined);
    server.closeAllConnections();
    if (server.listening) await new Promise<void>((resolve) => server.close(() => resolve()));
    await sim?.stop().catch(() => undefined);
    if (options.keepDatabase !== true) fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (typeof require !== 'undefined' && typeof module !== 'undefined' && require.main === module) {
  runDemo({ out: (line) => process.stdout.write(`${line}\n`), keepDatabase: process.argv.includes('--keep-database') })
    .then(() => {
      process.exitCode = 0;
    })
    .catch((error: unknown) => {
      process.stderr.write(`Demo failed: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    });
}

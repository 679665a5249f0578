import type { BotDeps } from '../bot/bot-deps';
import { adminAccessToken, NeedsReauthorization } from '../admin/admin-tokens';
import { parseAuditRecord } from '../catalog/audit-record';
import { describeAuditRecord, type AuditFacts } from '../catalog/describe-audit-record';
import { parseRingcxRecord } from '../catalog/ringcx-record';
import { describeRingcxRecord } from '../catalog/describe-ringcx-record';
import type { Delivery } from '../db/deliveries-repository';
import type { NewAuditEvent } from '../db/audit-events-repository';
import type { AdminSettings } from '../db/admin-settings-repository';
import type { AdminAuthorization } from '../db/admin-authorizations-repository';
import { notifyAdminOnce } from '../delivery/notify-admin';
import { maskPhone } from '../logging/create-logger';
import { RingCentralError } from '../ringcentral/rest-client';
import { isPolicyRow, policyText, sendPolicyCard } from '../delivery/policy-rows';
import { alertNotes, withCardNotes, withSmsNotes } from '../delivery/alert-notes';
import { alertCardOf, alertSmsOf } from '../delivery/alert-content';

/** A retryable failure is retried for this long after the row was created, then the row is dead. */
export const GIVE_UP_AFTER_MS = 24 * 60 * 60 * 1000;
/** A row left `sending` this long by a worker that died is sent again. */
export const STALE_CLAIM_MS = 5 * 60 * 1000;
const BASE_BACKOFF_MS = 30_000;
const MAX_BACKOFF_MS = 30 * 60 * 1000;
const BATCH = 500;
const CONCURRENCY = 4;

export interface DeliverySummary {
  attempted: number;
  sent: number;
  retrying: number;
  dead: number;
}

/** Error codes that mean the recipient opted out of SMS from this sender (RINGCENTRAL.md §9; the exact code is UNCONFIRMED). */
const OPT_OUT_CODES = new Set(['SMS-RC-410', 'MSG-333', 'CMN-410']);

/** A failure that will not get better by retrying the same send. */
class PermanentFailure extends Error {}

/** Exponential backoff with ±20 % jitter, at least RingCentral's Retry-After. */
export function nextAttemptDelay(attempts: number, retryAfterSeconds: number | undefined, random: () => number = Math.random): number {
  const exponential = Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** Math.max(0, attempts - 1));
  const jittered = exponential * (0.8 + 0.4 * random());
  return Math.max(jittered, (retryAfterSeconds ?? 0) * 1000);
}

/**
 * Sends every due outbox row: chat rows as alert cards with the bot token, SMS rows as texts with
 * the asking admin's token and sender number. Each row is claimed first, so two workers never send
 * one row; a row is marked sent only after RingCentral accepted it.
 */
export async function deliverDue(deps: BotDeps, options: { limit?: number } = {}): Promise<DeliverySummary> {
  const summary: DeliverySummary = { attempted: 0, sent: 0, retrying: 0, dead: 0 };
  const now = deps.now();
  await deps.db.deliveries.reclaimStale(now, STALE_CLAIM_MS);
  const claimed = await deps.db.deliveries.claimDue(now, options.limit ?? BATCH);
  if (claimed.length === 0) return summary;
  const batch = await BatchContext.load(deps, claimed);
  let next = 0;
  const lanes = Array.from({ length: Math.min(CONCURRENCY, claimed.length) }, async () => {
    while (next < claimed.length) {
      const delivery = claimed[next++]!;
      summary.attempted += 1;
      summary[await deliverOne(deps, batch, delivery)] += 1;
    }
  });
  await Promise.all(lanes);
  deps.logger.info(summary, 'deliveries processed');
  return summary;
}

/** What a batch of deliveries needs from the database, read once per batch rather than once per row. */
class BatchContext {
  private readonly settings = new Map<string, Promise<AdminSettings | undefined>>();
  private readonly admins = new Map<string, Promise<AdminAuthorization | undefined>>();
  private readonly botTokens = new Map<string, Promise<string | undefined>>();

  private constructor(
    private readonly deps: BotDeps,
    private readonly events: Map<string, NewAuditEvent>,
  ) {}

  static async load(deps: BotDeps, deliveries: Delivery[]): Promise<BatchContext> {
    const events = new Map<string, NewAuditEvent>();
    const byAccount = new Map<string, Delivery[]>();
    for (const d of deliveries) byAccount.set(`${d.accountId}|${d.source}`, [...(byAccount.get(`${d.accountId}|${d.source}`) ?? []), d]);
    for (const group of byAccount.values()) {
      const first = group[0]!;
      const ids = [...new Set(group.map((d) => d.recordId))];
      for (const event of await deps.db.auditEvents.findMany(first.accountId, first.source, ids)) {
        events.set(`${first.accountId}|${first.source}|${event.recordId}`, event);
      }
    }
    return new BatchContext(deps, events);
  }

  event(d: Delivery): NewAuditEvent | undefined {
    return this.events.get(`${d.accountId}|${d.source}|${d.recordId}`);
  }

  settingsOf(d: Delivery): Promise<AdminSettings | undefined> {
    const key = `${d.accountId}|${d.adminExtensionId}`;
    if (!this.settings.has(key)) this.settings.set(key, this.deps.db.settings.find(d.accountId, d.adminExtensionId));
    return this.settings.get(key)!;
  }

  adminOf(d: Delivery): Promise<AdminAuthorization | undefined> {
    const key = `${d.accountId}|${d.adminExtensionId}`;
    if (!this.admins.has(key)) this.admins.set(key, this.deps.db.admins.find(d.accountId, d.adminExtensionId));
    return this.admins.get(key)!;
  }

  botToken(accountId: string): Promise<string | undefined> {
    if (!this.botTokens.has(accountId)) this.botTokens.set(accountId, this.deps.db.installations.botToken(accountId));
    return this.botTokens.get(accountId)!;
  }
}

function factsFor(batch: BatchContext, delivery: Delivery): AuditFacts {
  const event = batch.event(delivery);
  if (!event) throw new PermanentFailure('the audit record is no longer stored');
  let raw: unknown;
  try {
    raw = JSON.parse(event.raw);
  } catch {
    raw = {};
  }
  // The describer follows the record's source: RingEX audit trail or RingCX audit log.
  if (delivery.source === 'ringcx') return describeRingcxRecord(parseRingcxRecord(raw).record, event.eventTime);
  const parsed = parseAuditRecord(raw);
  const record = parsed.ok ? parsed.record : { id: event.recordId, actionId: event.actionId, eventTime: event.eventTime.toISOString() };
  return describeAuditRecord(record, event.eventTime);
}

async function timeZoneOf(batch: BatchContext, delivery: Delivery): Promise<string> {
  return (await batch.settingsOf(delivery))?.timezone ?? (await batch.adminOf(delivery))?.timezone ?? 'UTC';
}

/** Sends one row and records the outcome; never throws. */
async function deliverOne(deps: BotDeps, batch: BatchContext, delivery: Delivery): Promise<'sent' | 'retrying' | 'dead'> {
  const log = deps.logger.child({
    deliveryId: delivery.id,
    accountId: delivery.accountId,
    channel: delivery.channel,
    destination: delivery.channel === 'sms' ? maskPhone(delivery.destination) : delivery.destination,
  });
  try {
    // A noise-policy row (burst summary, end of quiet hours) stands for many records, not one.
    const facts = isPolicyRow(delivery) ? undefined : factsFor(batch, delivery);
    const permanent = (message: string) => new PermanentFailure(message);
    const timeZone = await timeZoneOf(batch, delivery);
    const notes = facts ? await alertNotes(deps, delivery, facts, { event: batch.event(delivery), accountCountry: (await batch.adminOf(delivery))?.country ?? null, timeZone }) : [];
    let providerId: string;
    if (delivery.channel === 'chat') {
      const botToken = await batch.botToken(delivery.accountId);
      if (!botToken) throw new PermanentFailure('the bot is no longer installed in this account');
      providerId = facts
        ? (await deps.api.postCard(botToken, delivery.destination, withCardNotes(alertCardOf(facts, delivery.source, batch.event(delivery), timeZone), notes))).id
        : await sendPolicyCard(deps, delivery, botToken, timeZone, permanent);
    } else {
      if (await deps.db.optOuts.isOptedOut(delivery.accountId, delivery.destination)) {
        throw new PermanentFailure('the recipient opted out (replied STOP)');
      }
      const settings = await batch.settingsOf(delivery);
      if (!settings?.smsSender) throw new PermanentFailure('the admin no longer has an SMS sender number');
      const token = await adminAccessToken(deps, delivery.accountId, delivery.adminExtensionId);
      const text = facts ? withSmsNotes(alertSmsOf(facts, delivery.source, batch.event(delivery), timeZone), notes) : await policyText(deps, delivery, timeZone, permanent);
      providerId = (await deps.api.sendSms(token, { from: settings.smsSender, to: delivery.destination, text })).id;
    }
    await deps.db.deliveries.markSent(delivery.id, providerId, deps.now());
    log.info('delivered');
    return 'sent';
  } catch (error) {
    return recordFailure(deps, delivery, error, log);
  }
}

async function recordFailure(deps: BotDeps, delivery: Delivery, error: unknown, log: BotDeps['logger']): Promise<'retrying' | 'dead'> {
  const now = deps.now();
  const permanent =
    error instanceof PermanentFailure || (error instanceof RingCentralError && !error.retryable && error.status !== 401);
  const reason = describeFailure(delivery, error);
  if (!permanent) {
    if (now.getTime() - delivery.createdAt.getTime() >= GIVE_UP_AFTER_MS) {
      await deps.db.deliveries.markDead(delivery.id, `gave up after 24 hours: ${reason}`);
      log.warn({ reason }, 'delivery dead after 24 h of retries');
      await tellAdmin(deps, delivery, `it kept failing for 24 hours (${reason})`);
      return 'dead';
    }
    const retryAfter = error instanceof RingCentralError ? error.retryAfterSeconds : undefined;
    await deps.db.deliveries.markRetry(delivery.id, reason, new Date(now.getTime() + nextAttemptDelay(delivery.attempts, retryAfter)));
    log.warn({ reason, attempts: delivery.attempts }, 'delivery will be retried');
    return 'retrying';
  }
  await deps.db.deliveries.markDead(delivery.id, reason);
  log.warn({ reason }, 'delivery failed for good');
  if (delivery.channel === 'sms' && error instanceof RingCentralError && error.errorCode && OPT_OUT_CODES.has(error.errorCode)) {
    await deps.db.optOuts.optOut(delivery.accountId, delivery.destination, 'reported by RingCentral', now);
  }
  if (!(error instanceof PermanentFailure && reason.includes('opted out'))) await tellAdmin(deps, delivery, reason);
  return 'dead';
}

function describeFailure(delivery: Delivery, error: unknown): string {
  if (error instanceof PermanentFailure) return error.message;
  if (error instanceof NeedsReauthorization) return 'your authorization expired; type login to renew it';
  if (error instanceof RingCentralError) {
    const code = error.errorCode ? `${error.errorCode}: ` : '';
    if (delivery.channel === 'chat' && (error.status === 403 || error.status === 404)) return `${code}I am no longer in that chat, or it is gone (${error.message})`;
    return `${code}${error.message}`;
  }
  return error instanceof Error ? error.message : String(error);
}

async function tellAdmin(deps: BotDeps, delivery: Delivery, reason: string): Promise<void> {
  const where = delivery.channel === 'sms' ? `the SMS recipient ${delivery.destination}` : `the chat ${delivery.destination}`;
  await notifyAdminOnce(
    deps,
    delivery.accountId,
    delivery.adminExtensionId,
    `dead:${delivery.channel}:${delivery.destination}:${reason.slice(0, 40)}`,
    `I could not deliver an alert to ${where}: ${reason}. I will not retry that alert. Type status to see every destination, or settings to change them.`,
  );
}

import { alertHeadline } from '../alerts/alert-headline';
import type { BotDeps } from '../bot/bot-deps';
import { adminAccessToken, NeedsReauthorization } from '../admin/admin-tokens';
import type { AuditFacts } from '../catalog/describe-audit-record';
import { alertCard } from '../alerts/alert-card';
import { storedEventFacts } from '../alerts/stored-event-facts';
import { sendFollowUp, FollowUpCancelled, FollowUpRefused } from '../alerts/send-follow-up';
import { gradeAlert } from '../policy/grade-alert';
import type { AlertPolicy } from '../db/alert-policies-repository';
import { formatAlertSms } from '../alerts/format-alert-sms';
import type { Delivery } from '../db/deliveries-repository';
import type { NewAuditEvent } from '../db/audit-events-repository';
import type { AdminSettings } from '../db/admin-settings-repository';
import type { AdminAuthorization } from '../db/admin-authorizations-repository';
import { notifyAdminOnce } from '../delivery/notify-admin';
import { maskPhone } from '../logging/create-logger';
import { RingCentralError } from '../ringcentral/rest-client';
import { FIRST_CHECK_MS } from '../policy/sms-follow-schedule';
import { senderProblem } from '../policy/sms-outcome';
import { tellOptedOut } from '../delivery/tell-opted-out';
import { capReopensAt, DAILY_POST_CAP, isDailyPostCap } from '../policy/daily-post-cap';
import { alertDigestCard } from '../alerts/alert-digest-card';
import { findPostedCard } from '../delivery/find-posted-card';
import { findSentSms } from '../delivery/find-sent-sms';
import { startHeartbeat } from './heartbeat';
import { processInstanceId } from './instance-id';
import { isPolicyRow, policyText, sendPolicyCard } from '../delivery/policy-rows';
import { alertNotes, withCardNotes, withSmsNotes } from '../delivery/alert-notes';
import { alertCardOf, alertSmsOf } from '../delivery/alert-content';

/** A retryable failure is retried for this long after the row was created, then the row is dead. */
export const GIVE_UP_AFTER_MS = 24 * 60 * 60 * 1000;
const BASE_BACKOFF_MS = 30_000;
const MAX_BACKOFF_MS = 30 * 60 * 1000;
/** Rows attempted by one run at most (the next run goes on). */
const RUN_LIMIT = 500;
/** Sends in flight at once; each lane claims one row when it is about to send it. */
export const DELIVERY_LANES = 4;

export interface DeliverySummary {
  attempted: number;
  /** Chat cards posted. */
  sent: number;
  /** SMS accepted by RingCentral: delivered only once its message record says so (jobs/follow-sms.ts). */
  accepted: number;
  retrying: number;
  dead: number;
  /** Escalation reminders not sent because the alert was triaged first. */
  cancelled: number;
}

export interface DeliverOptions {
  /** Rows attempted by this run at most. */
  limit?: number;
  /** The instance id the claims carry (default: this process's). */
  owner?: string;
  /** Sends in flight at once (default 4). */
  lanes?: number;
  /** How often the run renews the leases of its sends in flight (default: a third of LEASE_SECONDS). */
  heartbeatMs?: number;
  /** Once aborted, the run claims nothing more, stops renewing its leases and records nothing more (as if the process died). */
  signal?: AbortSignal;
}

/** The rows each instance (by claim owner) of this process is sending now, across its runs. */
const sendingBy = new Map<string, Set<number>>();

/** A failure that will not get better by retrying the same send. */
class PermanentFailure extends Error {}

/** Exponential backoff with ±20 % jitter, at least RingCentral's Retry-After. */
export function nextAttemptDelay(attempts: number, retryAfterSeconds: number | undefined, random: () => number = Math.random): number {
  const exponential = Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** Math.max(0, attempts - 1));
  const jittered = exponential * (0.8 + 0.4 * random());
  return Math.max(jittered, (retryAfterSeconds ?? 0) * 1000);
}

/**
 * Sends due outbox rows: chat rows as alert cards with the bot token, SMS rows as texts with the
 * asking admin's token and sender number. Each of a few lanes claims one row at the moment it sends
 * it (a short lease in this instance's name, renewed by a heartbeat while the send is in flight), so a
 * hung send holds one row and one lane, and a dead worker's rows are taken over when their leases run
 * out. A chat row is marked sent only after RingCentral posted the card, an SMS row `accepted` once
 * RingCentral queued it (jobs/follow-sms.ts then follows its message record to delivered or failed).
 */
export async function deliverDue(deps: BotDeps, options: DeliverOptions = {}): Promise<DeliverySummary> {
  const summary: DeliverySummary = { attempted: 0, sent: 0, accepted: 0, retrying: 0, dead: 0, cancelled: 0 };
  const owner = options.owner ?? processInstanceId();
  const leaseMs = deps.config.leaseMs;
  const limit = options.limit ?? RUN_LIMIT;
  const signal = options.signal;
  const inFlight = new Set<number>();
  // rows any run of this instance is sending: never taken over by another run of it
  const ours = sendingBy.get(owner) ?? sendingBy.set(owner, new Set()).get(owner)!;
  const stopHeartbeat = startHeartbeat(
    options.heartbeatMs ?? Math.max(250, Math.floor(leaseMs / 3)),
    async () => {
      if (signal?.aborted) return;
      await deps.db.deliveries.renewClaims([...inFlight], owner, new Date(deps.now().getTime() + leaseMs));
    },
    (error) => deps.logger.warn({ err: error }, 'delivery leases not renewed; retrying at the next beat'),
  );
  const batch = new BatchContext(deps, owner);
  let reserved = 0;
  const lane = async () => {
    while (reserved < limit && !signal?.aborted) {
      reserved += 1;
      const [delivery] = await deps.db.deliveries.claimDue(deps.now(), 1, owner, leaseMs, [...ours]);
      if (!delivery) return;
      inFlight.add(delivery.id);
      ours.add(delivery.id);
      try {
        summary.attempted += 1;
        const outcome = await deliverOne(deps, batch, delivery, signal);
        if (outcome !== 'gone') summary[outcome] += 1;
      } finally {
        inFlight.delete(delivery.id);
        ours.delete(delivery.id);
      }
    }
  };
  try {
    // Chats that reopened after the daily post cap get their held alerts as one digest card each.
    for (const chat of await deps.db.deliveries.heldChatsDue(deps.now())) {
      if (signal?.aborted) break;
      const held = await deps.db.deliveries.claimHeld(chat.accountId, chat.chatId, deps.now(), owner, leaseMs);
      if (held.length === 0) continue;
      for (const row of held) {
        inFlight.add(row.id);
        ours.add(row.id);
      }
      try {
        summary.attempted += held.length;
        const outcome = await sendDigest(deps, batch, held, signal, deps.logger.child({ accountId: chat.accountId, channel: 'chat', destination: chat.chatId }));
        if (outcome !== 'gone') summary[outcome] += held.length;
      } finally {
        for (const row of held) {
          inFlight.delete(row.id);
          ours.delete(row.id);
        }
      }
    }
    await Promise.all(Array.from({ length: Math.max(1, options.lanes ?? DELIVERY_LANES) }, lane));
  } finally {
    stopHeartbeat();
  }
  if (summary.attempted > 0) deps.logger.info(summary, 'deliveries processed');
  return summary;
}

/** What a run of deliveries reads from the database, once per run rather than once per row. */
class BatchContext {
  private readonly settings = new Map<string, Promise<AdminSettings | undefined>>();
  private readonly admins = new Map<string, Promise<AdminAuthorization | undefined>>();
  private readonly botTokens = new Map<string, Promise<string | undefined>>();
  private readonly policies = new Map<string, Promise<AlertPolicy>>();

  constructor(
    private readonly deps: BotDeps,
    readonly owner: string,
  ) {}

  async event(d: Delivery): Promise<NewAuditEvent | undefined> {
    return this.deps.db.auditEvents.find(d.accountId, d.source, d.recordId);
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

  policyOf(d: Delivery): Promise<AlertPolicy> {
    const key = `${d.accountId}|${d.adminExtensionId}`;
    if (!this.policies.has(key)) this.policies.set(key, this.deps.db.alertPolicies.get(d.accountId, d.adminExtensionId));
    return this.policies.get(key)!;
  }

  botToken(accountId: string): Promise<string | undefined> {
    if (!this.botTokens.has(accountId)) this.botTokens.set(accountId, this.deps.db.installations.botToken(accountId));
    return this.botTokens.get(accountId)!;
  }
}

async function factsFor(batch: BatchContext, delivery: Delivery): Promise<AuditFacts> {
  const event = await batch.event(delivery);
  if (!event) throw new PermanentFailure('the audit record is no longer stored');
  // The describer follows the record's source: RingEX audit trail or RingCX audit log.
  return storedEventFacts(delivery.source, event);
}

async function timeZoneOf(batch: BatchContext, delivery: Delivery): Promise<string> {
  return (await batch.settingsOf(delivery))?.timezone ?? (await batch.adminOf(delivery))?.timezone ?? 'UTC';
}

type Outcome = 'sent' | 'accepted' | 'retrying' | 'dead' | 'cancelled' | 'gone';

/** Sends one row and records the outcome; never throws ('gone': the run was stopped, nothing recorded). */
async function deliverOne(deps: BotDeps, batch: BatchContext, delivery: Delivery, signal: AbortSignal | undefined): Promise<Outcome> {
  const log = deps.logger.child({
    deliveryId: delivery.id,
    accountId: delivery.accountId,
    channel: delivery.channel,
    destination: delivery.channel === 'sms' ? maskPhone(delivery.destination) : delivery.destination,
  });
  const attemptStarted = delivery.claimedAt ?? deps.now();
  try {
    if (delivery.channel === 'chat') {
      const cappedUntil = await deps.db.deliveries.chatCappedUntil(delivery.accountId, delivery.destination, deps.now());
      if (cappedUntil) {
        // RingCentral would refuse the post: park the row (no call) until the chat reopens.
        await deps.db.deliveries.holdChat(delivery.accountId, delivery.destination, cappedUntil, { id: delivery.id, token: delivery.claimToken });
        return 'retrying';
      }
      // a held row taken over from a dead worker: it and the chat's other held rows go as one digest
      if (delivery.heldUntil) {
        const others = await deps.db.deliveries.claimHeld(delivery.accountId, delivery.destination, deps.now(), batch.owner, deps.config.leaseMs);
        return await sendDigest(deps, batch, [delivery, ...others], signal, log);
      }
    }
    const adopted = delivery.unknownSince ? await findFirstAttempt(deps, batch, delivery, log) : undefined;
    if (signal?.aborted) return 'gone';
    let providerId: string;
    if (adopted) {
      providerId = adopted;
      log.info({ providerId }, 'an earlier attempt had landed: adopted, not sent again');
    } else {
      providerId = await send(deps, batch, delivery);
    }
    if (signal?.aborted) return 'gone';
    if (delivery.channel === 'sms') {
      // A 200 only means "accepted into the queue": the message record says what became of it (jobs/follow-sms.ts).
      const now = deps.now();
      if (!(await deps.db.deliveries.markAccepted(delivery.id, providerId, now, new Date(now.getTime() + FIRST_CHECK_MS), delivery.claimToken))) {
        log.warn('sent, but the claim had been taken over meanwhile');
      }
      log.info('SMS accepted; following its message record');
      return 'accepted';
    }
    if (!(await deps.db.deliveries.markSent(delivery.id, providerId, deps.now(), delivery.claimToken))) {
      log.warn('sent, but the claim had been taken over meanwhile');
    }
    log.info('delivered');
    return 'sent';
  } catch (error) {
    if (signal?.aborted) return 'gone';
    if (error instanceof FollowUpCancelled) {
      // Not a failure: nobody needs telling, and the row stays so the alert never escalates again.
      await deps.db.deliveries.markCancelled(delivery.id, error.message, delivery.claimToken);
      log.info({ reason: error.message }, 'escalation reminder cancelled');
      return 'cancelled';
    }
    return recordFailure(deps, delivery, error, log, attemptStarted);
  }
}

/** The alert card of a row: graded by its admin's policy, with the alert's current triage state and buttons. */
async function alertCardFor(deps: BotDeps, batch: BatchContext, delivery: Delivery, facts: AuditFacts, timeZone: string) {
  const policy = await batch.policyOf(delivery);
  const triage = await deps.db.triage.get({ accountId: delivery.accountId, source: delivery.source, recordId: delivery.recordId });
  const event = await batch.event(delivery);
  const notes = await noteOf(deps, batch, delivery, facts, timeZone);
  // A risky forwarding target (noise policy, src/policy/risky-target.ts) makes the alert critical.
  const severity = notes.risky ? 'critical' : gradeAlert(facts, policy.severityOverrides);
  // The catalog's card, or the generic one for a watched action outside the catalog; with the noise policy's notes.
  return withCardNotes(
    alertCardOf(facts, delivery.source, event, timeZone, {
      severity,
      triage,
      ref: { accountId: delivery.accountId, source: delivery.source, adminId: delivery.adminExtensionId },
      portalUrl: deps.config.adminPortalUrl,
    }),
    notes.lines,
  );
}

/** The alert text of a row: the guide's sentence (or the generic one), with the noise policy's notes. */
async function alertTextFor(deps: BotDeps, batch: BatchContext, delivery: Delivery, facts: AuditFacts, timeZone: string): Promise<string> {
  const notes = await noteOf(deps, batch, delivery, facts, timeZone);
  return withSmsNotes(alertSmsOf(facts, delivery.source, await batch.event(delivery), timeZone), notes.lines);
}

async function noteOf(deps: BotDeps, batch: BatchContext, delivery: Delivery, facts: AuditFacts, timeZone: string): Promise<{ lines: string[]; risky: boolean }> {
  const lines = await alertNotes(deps, delivery, facts, { event: await batch.event(delivery), accountCountry: (await batch.adminOf(delivery))?.country ?? null, timeZone });
  return { lines, risky: lines.some((l) => l.startsWith('⚠ Forwards all calls')) };
}

/** One send to RingCentral; returns the id RingCentral gave the card or message. */
async function send(deps: BotDeps, batch: BatchContext, delivery: Delivery): Promise<string> {
  const timeZone = await timeZoneOf(batch, delivery);
  // A noise-policy row (burst summary or update, digest, end of quiet hours, Monday summary) stands for many records, not one.
  if (isPolicyRow(delivery)) return sendPolicyRow(deps, batch, delivery, timeZone);
  const facts = await factsFor(batch, delivery);
  if (delivery.kind !== 'alert') {
    // Escalation reminders, compromise escalations and "was this you?" cards (src/alerts/send-follow-up.ts).
    const context = { botToken: await batch.botToken(delivery.accountId), settings: await batch.settingsOf(delivery), policy: await batch.policyOf(delivery), timeZone };
    return sendFollowUp(deps, delivery, facts, context).catch((error: unknown) => {
      throw error instanceof FollowUpRefused ? new PermanentFailure(error.message) : error;
    });
  }
  if (delivery.channel === 'chat') {
    const botToken = await batch.botToken(delivery.accountId);
    if (!botToken) throw new PermanentFailure('the bot is no longer installed in this account');
    return (await deps.api.postCard(botToken, delivery.destination, await alertCardFor(deps, batch, delivery, facts, timeZone))).id;
  }
  const settings = await batch.settingsOf(delivery);
  if (!settings?.smsSender) throw new PermanentFailure('the admin no longer has an SMS sender number');
  // Opt-out is per sender→recipient pair (RINGCENTRAL.md §9).
  if (await deps.db.optOuts.isOptedOut(delivery.accountId, settings.smsSender, delivery.destination)) {
    throw new PermanentFailure('the recipient opted out of SMS from this sender number');
  }
  const token = await adminAccessToken(deps, delivery.accountId, delivery.adminExtensionId);
  return (await deps.api.sendSms(token, { from: settings.smsSender, to: delivery.destination, text: await alertTextFor(deps, batch, delivery, facts, timeZone) })).id;
}

/** Sends a noise-policy row (src/delivery/policy-rows.ts) with the same checks as an alert. */
async function sendPolicyRow(deps: BotDeps, batch: BatchContext, delivery: Delivery, timeZone: string): Promise<string> {
  const permanent = (message: string) => new PermanentFailure(message);
  if (delivery.channel === 'chat') {
    const botToken = await batch.botToken(delivery.accountId);
    if (!botToken) throw new PermanentFailure('the bot is no longer installed in this account');
    return sendPolicyCard(deps, delivery, botToken, timeZone, permanent);
  }
  const settings = await batch.settingsOf(delivery);
  if (!settings?.smsSender) throw new PermanentFailure('the admin no longer has an SMS sender number');
  if (await deps.db.optOuts.isOptedOut(delivery.accountId, settings.smsSender, delivery.destination)) {
    throw new PermanentFailure('the recipient opted out of SMS from this sender number');
  }
  const token = await adminAccessToken(deps, delivery.accountId, delivery.adminExtensionId);
  return (await deps.api.sendSms(token, { from: settings.smsSender, to: delivery.destination, text: await policyText(deps, delivery, timeZone, permanent) })).id;
}

/**
 * RingCentral has no idempotency key: before sending a row whose last attempt may have landed (it
 * timed out, or its worker died mid-send), look for that attempt and return its id when found.
 */
async function findFirstAttempt(deps: BotDeps, batch: BatchContext, delivery: Delivery, log: BotDeps['logger']): Promise<string | undefined> {
  const since = delivery.unknownSince!;
  try {
    // A noise-policy row is not looked for (its content changes as its burst or digest grows): it is sent again.
    if (isPolicyRow(delivery)) return undefined;
    const facts = await factsFor(batch, delivery);
    const timeZone = await timeZoneOf(batch, delivery);
    // A follow-up (reminder, confirmation) is not looked for: at most it goes twice.
    if (delivery.kind !== 'alert') return undefined;
    if (delivery.channel === 'chat') {
      const botToken = await batch.botToken(delivery.accountId);
      if (!botToken) return undefined;
      return await findPostedCard(deps, botToken, delivery.destination, since, await alertCardFor(deps, batch, delivery, facts, timeZone));
    }
    const settings = await batch.settingsOf(delivery);
    if (!settings?.smsSender) return undefined;
    const token = await adminAccessToken(deps, delivery.accountId, delivery.adminExtensionId);
    return await findSentSms(deps, token, { from: settings.smsSender, to: delivery.destination, text: await alertTextFor(deps, batch, delivery, facts, timeZone), since });
  } catch (error) {
    // Not knowing is not a reason to hold the alert back: send it (at most a duplicate).
    log.warn({ err: error }, 'could not look for the earlier attempt; sending again');
    return undefined;
  }
}

/**
 * Sends one digest card for every row of the chat held back by the daily post cap, and marks them all
 * sent with the digest's id. Refused again by the cap: all of them wait for the next reopening.
 */
async function sendDigest(deps: BotDeps, batch: BatchContext, rows: Delivery[], signal: AbortSignal | undefined, log: BotDeps['logger']): Promise<Outcome> {
  const first = rows[0]!;
  const cappedUntil = await deps.db.deliveries.chatCappedUntil(first.accountId, first.destination, deps.now());
  if (cappedUntil) {
    for (const row of rows) await deps.db.deliveries.holdChat(row.accountId, row.destination, cappedUntil, { id: row.id, token: row.claimToken });
    return 'retrying';
  }
  const botToken = await batch.botToken(first.accountId);
  if (!botToken) {
    for (const row of rows) await deps.db.deliveries.markDead(row.id, 'the bot is no longer installed in this account', row.claimToken);
    return 'dead';
  }
  const timeZone = await timeZoneOf(batch, first);
  const alerts: { title: string; at: Date }[] = [];
  const recordIds = new Set<string>();
  for (const row of rows) {
    if (recordIds.has(`${row.source}|${row.recordId}`)) continue;
    recordIds.add(`${row.source}|${row.recordId}`);
    try {
      const facts = await factsFor(batch, row);
      alerts.push({ title: alertHeadline(facts), at: facts.eventTime });
    } catch {
      // a record no longer stored has nothing to show
    }
  }
  try {
    const card = alertDigestCard({ alerts, heldSince: first.heldUntil!, timeZone });
    const posted = await deps.api.postCard(botToken, first.destination, card);
    if (signal?.aborted) return 'gone';
    for (const row of rows) await deps.db.deliveries.markSent(row.id, posted.id, deps.now(), row.claimToken);
    await deps.db.deliveries.reopenChat(first.accountId, first.destination);
    log.info({ folded: rows.length }, 'held alerts sent as one digest card');
    return 'sent';
  } catch (error) {
    if (signal?.aborted) return 'gone';
    if (isDailyPostCap(error)) {
      const reopensAt = capReopensAt(deps.now());
      await deps.db.deliveries.capChat(first.accountId, first.destination, deps.now(), reopensAt);
      for (const row of rows) await deps.db.deliveries.holdChat(row.accountId, row.destination, reopensAt, { id: row.id, token: row.claimToken });
      log.warn({ reopensAt }, 'the digest was refused by the daily post cap too; held until the next reopening');
      return 'retrying';
    }
    let outcome: Outcome = 'retrying';
    for (const row of rows) outcome = await recordFailure(deps, row, error, log, row.claimedAt ?? deps.now());
    return outcome;
  }
}

async function recordFailure(deps: BotDeps, delivery: Delivery, error: unknown, log: BotDeps['logger'], attemptStarted: Date): Promise<'retrying' | 'dead'> {
  const now = deps.now();
  if (delivery.channel === 'chat' && isDailyPostCap(error)) return holdForCap(deps, delivery, log);
  const permanent =
    error instanceof PermanentFailure || (error instanceof RingCentralError && !error.retryable && error.status !== 401);
  const reason = describeFailure(delivery, error);
  if (!permanent) {
    // Held rows count their 24 hours from the chat's reopening, not from when the alert was made.
    const since = delivery.heldUntil ?? delivery.createdAt;
    if (now.getTime() - since.getTime() >= GIVE_UP_AFTER_MS) {
      await deps.db.deliveries.markDead(delivery.id, `gave up after 24 hours: ${reason}`, delivery.claimToken);
      log.warn({ reason }, 'delivery dead after 24 h of retries');
      await tellAdmin(deps, delivery, `it kept failing for 24 hours (${reason})`);
      return 'dead';
    }
    const retryAfter = error instanceof RingCentralError ? error.retryAfterSeconds : undefined;
    // No answer (time limit, dropped connection): the send may have landed; the next try looks for it first.
    const unknown = error instanceof RingCentralError && error.status === 0 ? attemptStarted : null;
    await deps.db.deliveries.markRetry(delivery.id, reason, new Date(now.getTime() + nextAttemptDelay(delivery.attempts, retryAfter)), delivery.claimToken, unknown);
    log.warn({ reason, attempts: delivery.attempts }, 'delivery will be retried');
    return 'retrying';
  }
  await deps.db.deliveries.markDead(delivery.id, reason, delivery.claimToken);
  log.warn({ reason }, 'delivery failed for good');
  const code = error instanceof RingCentralError ? error.errorCode : undefined;
  if (delivery.channel === 'sms' && code?.startsWith('SMS-') && code.endsWith('-413')) {
    // Defensive: the docs put opt-outs on the message record, but a POST naming one is read the same way.
    const sender = (await deps.db.settings.find(delivery.accountId, delivery.adminExtensionId))?.smsSender ?? '';
    if (await deps.db.optOuts.optOut(delivery.accountId, sender, delivery.destination, 'delivery', `RingCentral reported ${code}`, now)) {
      await tellOptedOut(deps, delivery.accountId, delivery.adminExtensionId, sender, delivery.destination, `RingCentral reported ${code}`);
    }
    return 'dead';
  }
  const sender = delivery.channel === 'sms' ? senderProblem(code) : undefined;
  if (sender) await tellAdmin(deps, delivery, `${code}: ${sender.reason}. ${sender.fix}`);
  else if (!(error instanceof PermanentFailure && reason.includes('opted out'))) await tellAdmin(deps, delivery, reason);
  return 'dead';
}

/**
 * RingCentral refused the card because the bot reached its daily post cap: the chat is capped until
 * the cap resets, its rows wait (folded into one digest card then), SMS goes on, and the admins whose
 * alerts go to that chat are told once.
 */
async function holdForCap(deps: BotDeps, delivery: Delivery, log: BotDeps['logger']): Promise<'retrying'> {
  const now = deps.now();
  const reopensAt = capReopensAt(now);
  const newlyCapped = await deps.db.deliveries.capChat(delivery.accountId, delivery.destination, now, reopensAt);
  await deps.db.deliveries.holdChat(delivery.accountId, delivery.destination, reopensAt, { id: delivery.id, token: delivery.claimToken });
  log.warn({ reopensAt }, "RingCentral's daily post cap reached: the chat's alert cards wait until it reopens");
  if (newlyCapped) await tellAdminsOfCap(deps, delivery.accountId, delivery.destination, reopensAt);
  return 'retrying';
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

/**
 * Tells each admin whose alerts go to the capped chat, once per cap: in their direct message, or, when
 * that is refused too (the cap is the bot's, across chats), by SMS to their alert recipients.
 */
async function tellAdminsOfCap(deps: BotDeps, accountId: string, chatId: string, reopensAt: Date): Promise<void> {
  const chat = (await deps.db.botChats.list(accountId)).find((c) => c.chatId === chatId)?.name ?? chatId;
  const until = `${reopensAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  const text =
    `RingCentral's limit of ${DAILY_POST_CAP.toLocaleString('en-US')} posts a day for this bot was reached, so I cannot post alert cards to the chat ${chat} until ${until}. ` +
    'SMS alerts keep going. The alerts held meanwhile will come as one digest card in that chat when it reopens.';
  const admins = (await deps.db.settings.listByAccount(accountId)).filter((s) => s.chatIds.includes(chatId));
  for (const settings of admins) {
    if (!(await deps.db.notices.claim(accountId, settings.extensionId, `post-cap:${chatId}:${reopensAt.toISOString()}`, deps.now()))) continue;
    try {
      const botToken = await deps.db.installations.botToken(accountId);
      if (!botToken) continue;
      const dm = await deps.api.openConversation(botToken, settings.extensionId);
      await deps.api.postText(botToken, dm.id, text);
      continue;
    } catch (error) {
      if (!isDailyPostCap(error)) deps.logger.warn({ err: error, accountId }, 'post-cap notice not posted; trying SMS');
    }
    try {
      if (!settings.smsEnabled || !settings.smsSender || settings.smsRecipients.length === 0) continue;
      const token = await adminAccessToken(deps, accountId, settings.extensionId);
      for (const to of settings.smsRecipients) {
        if (await deps.db.optOuts.isOptedOut(accountId, settings.smsSender, to)) continue;
        await deps.api.sendSms(token, { from: settings.smsSender, to, text: `Audit Trail Bot: ${text}` });
      }
    } catch (error) {
      deps.logger.error({ err: error, accountId }, 'post-cap notice not delivered');
    }
  }
}

/** Tells the admin, once per destination and reason, that an alert could not be delivered there. */
export async function tellAdmin(deps: BotDeps, delivery: Delivery, reason: string): Promise<void> {
  const where =
    delivery.kind === 'confirm'
      ? `the person who made the change (extension ${delivery.destination}), to ask whether it was them,`
      : delivery.channel === 'sms'
        ? `the SMS recipient ${delivery.destination}`
        : `the chat ${delivery.destination}`;
  await notifyAdminOnce(
    deps,
    delivery.accountId,
    delivery.adminExtensionId,
    `dead:${delivery.channel}:${delivery.destination}:${reason.slice(0, 40)}`,
    `I could not deliver an alert to ${where}: ${reason.replace(/\.$/, '')}. I will not retry that alert. Type status to see every destination, or settings to change them.`,
  );
}

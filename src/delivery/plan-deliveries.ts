import type { AdminSettings } from '../db/admin-settings-repository';
import type { NewAuditEvent, AuditSource } from '../db/audit-events-repository';
import type { NewDelivery } from '../db/deliveries-repository';
import { isPairOptedOut } from '../policy/is-pair-opted-out';
import type { AlertPolicy } from '../db/alert-policies-repository';
import { storedEventFacts } from '../alerts/stored-event-facts';
import type { AuditFacts } from '../catalog/describe-audit-record';
import { gradeAlert } from '../policy/grade-alert';
import { routeAlert, type AlertRoute } from '../policy/route-alert';
import { actorToConfirm } from '../policy/confirm-actor';

/** An admin whose settings ask for alerts right now. */
export interface Watcher {
  settings: AdminSettings;
  /** The admin's alert policy (severity overrides, minimum per channel, "was this you?"); absent: every alert everywhere. */
  policy?: AlertPolicy;
}

/** True when at least one destination is switched on and complete (SMS with a sender and a recipient, or chats). */
export function hasDestination(settings: AdminSettings): boolean {
  const sms = settings.smsEnabled && settings.smsSender !== null && settings.smsRecipients.length > 0;
  const chats = settings.chatsEnabled && settings.chatIds.length > 0;
  return sms || chats;
}

/** True when the admin has at least one destination switched on and complete, and is not paused. */
export function isWatching(settings: AdminSettings): boolean {
  if (settings.paused || settings.eventKeys.length === 0 || !settings.notificationsSince) return false;
  return hasDestination(settings);
}

/**
 * Every destination an admin's alerts go to now: each SMS recipient not opted out of the admin's sender
 * (`optedOut` holds `sender|recipient` pair keys, OptOutsRepository.pairKeys), each chat; `route` (the
 * admin's minimum severity per channel, src/policy/route-alert.ts) can leave a channel out.
 */
export function destinationsOf(
  settings: AdminSettings,
  optedOut: ReadonlySet<string>,
  route: AlertRoute = { sms: true, chats: true },
): { channel: 'sms' | 'chat'; destination: string }[] {
  const destinations: { channel: 'sms' | 'chat'; destination: string }[] = [];
  const sender = settings.smsSender;
  if (route.sms && settings.smsEnabled && sender) {
    for (const to of settings.smsRecipients) if (!isPairOptedOut(optedOut, sender, to)) destinations.push({ channel: 'sms', destination: to });
  }
  if (route.chats && settings.chatsEnabled) for (const chatId of settings.chatIds) destinations.push({ channel: 'chat', destination: chatId });
  return destinations;
}

/** Collects outbox rows, one per (record, channel, destination) whoever asks first. */
export class OutboxRows {
  readonly rows: NewDelivery[] = [];
  private readonly seen = new Set<string>();
  /** Facts per record, read once however many admins watch it. */
  private readonly facts = new Map<string, AuditFacts>();

  constructor(
    private readonly accountId: string,
    private readonly source: AuditSource,
  ) {}

  /** `event` (its raw record) lets the admin's policy grade and route it; without one it goes everywhere. */
  addFor(recordId: string, settings: AdminSettings, optedOut: ReadonlySet<string>, policy?: AlertPolicy, event?: Pick<NewAuditEvent, 'recordId' | 'actionId' | 'eventTime' | 'raw'>): void {
    let route: AlertRoute | undefined;
    // Grading reads the raw record: skipped when the policy sends every severity everywhere and asks nobody (the default).
    const grades = policy !== undefined && (policy.smsMin !== 'low' || policy.chatsMin !== 'low' || policy.confirmActors);
    if (policy && event && grades) {
      const facts = this.facts.get(recordId) ?? storedEventFacts(this.source, event);
      this.facts.set(recordId, facts);
      const severity = gradeAlert(facts, policy.severityOverrides);
      route = routeAlert(severity, policy);
      const actor = actorToConfirm(facts, severity, policy.confirmActors);
      if (actor !== undefined) this.push(recordId, settings.extensionId, 'chat', actor, 'confirm');
    }
    for (const { channel, destination } of destinationsOf(settings, optedOut, route)) this.push(recordId, settings.extensionId, channel, destination, 'alert');
  }

  private push(recordId: string, adminExtensionId: string, channel: 'sms' | 'chat', destination: string, kind: 'alert' | 'confirm'): void {
    const key = `${recordId}|${channel}|${destination}|${kind}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.rows.push({ accountId: this.accountId, source: this.source, recordId, adminExtensionId, channel, destination, ...(kind === 'alert' ? {} : { kind }) });
  }
}

/**
 * The outbox rows for newly stored events: for every watcher who chose the event's key and was
 * watching when it happened, one row per SMS recipient and per chat. Rows for the same
 * (event, destination) collapse to one in the database, whoever asked first.
 */
export function planDeliveries(
  accountId: string,
  source: AuditSource,
  events: NewAuditEvent[],
  watchers: Watcher[],
  optedOut: ReadonlySet<string>,
): NewDelivery[] {
  const outbox = new OutboxRows(accountId, source);
  for (const event of events) {
    if (!event.eventKey) continue;
    for (const { settings, policy } of watchers) {
      if (!settings.eventKeys.includes(event.eventKey as AdminSettings['eventKeys'][number])) continue;
      if (!settings.notificationsSince || event.eventTime < settings.notificationsSince) continue;
      outbox.addFor(event.recordId, settings, optedOut, policy, event);
    }
  }
  return outbox.rows;
}

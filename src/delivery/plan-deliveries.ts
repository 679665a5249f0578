import type { AdminSettings } from '../db/admin-settings-repository';
import type { NewAuditEvent, AuditSource } from '../db/audit-events-repository';
import type { NewDelivery } from '../db/deliveries-repository';
import { isPairOptedOut } from '../policy/is-pair-opted-out';

/** An admin whose settings ask for alerts right now. */
export interface Watcher {
  settings: AdminSettings;
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
 * (`optedOut` holds `sender|recipient` pair keys, OptOutsRepository.pairKeys), each chat.
 */
export function destinationsOf(settings: AdminSettings, optedOut: ReadonlySet<string>): { channel: 'sms' | 'chat'; destination: string }[] {
  const destinations: { channel: 'sms' | 'chat'; destination: string }[] = [];
  const sender = settings.smsSender;
  if (settings.smsEnabled && sender) {
    for (const to of settings.smsRecipients) if (!isPairOptedOut(optedOut, sender, to)) destinations.push({ channel: 'sms', destination: to });
  }
  if (settings.chatsEnabled) for (const chatId of settings.chatIds) destinations.push({ channel: 'chat', destination: chatId });
  return destinations;
}

/** Collects outbox rows, one per (record, channel, destination) whoever asks first. */
export class OutboxRows {
  readonly rows: NewDelivery[] = [];
  private readonly seen = new Set<string>();

  constructor(
    private readonly accountId: string,
    private readonly source: AuditSource,
  ) {}

  addFor(recordId: string, settings: AdminSettings, optedOut: ReadonlySet<string>): void {
    for (const { channel, destination } of destinationsOf(settings, optedOut)) {
      const key = `${recordId}|${channel}|${destination}`;
      if (this.seen.has(key)) continue;
      this.seen.add(key);
      this.rows.push({ accountId: this.accountId, source: this.source, recordId, adminExtensionId: settings.extensionId, channel, destination });
    }
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
    for (const { settings } of watchers) {
      if (!settings.eventKeys.includes(event.eventKey as AdminSettings['eventKeys'][number])) continue;
      if (!settings.notificationsSince || event.eventTime < settings.notificationsSince) continue;
      outbox.addFor(event.recordId, settings, optedOut);
    }
  }
  return outbox.rows;
}

import type { AdminSettings } from '../db/admin-settings-repository';
import type { NewAuditEvent, AuditSource } from '../db/audit-events-repository';
import type { NewDelivery } from '../db/deliveries-repository';

/** An admin whose settings ask for alerts right now. */
export interface Watcher {
  settings: AdminSettings;
}

/** True when the admin has at least one destination switched on and complete, and is not paused. */
export function isWatching(settings: AdminSettings): boolean {
  if (settings.paused || settings.eventKeys.length === 0 || !settings.notificationsSince) return false;
  const sms = settings.smsEnabled && settings.smsSender !== null && settings.smsRecipients.length > 0;
  const chats = settings.chatsEnabled && settings.chatIds.length > 0;
  return sms || chats;
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
  const rows: NewDelivery[] = [];
  const seen = new Set<string>();
  for (const event of events) {
    if (!event.eventKey) continue;
    for (const { settings } of watchers) {
      if (!settings.eventKeys.includes(event.eventKey as AdminSettings['eventKeys'][number])) continue;
      if (!settings.notificationsSince || event.eventTime < settings.notificationsSince) continue;
      const add = (channel: 'sms' | 'chat', destination: string) => {
        const key = `${event.recordId}|${channel}|${destination}`;
        if (seen.has(key)) return;
        seen.add(key);
        rows.push({ accountId, source, recordId: event.recordId, adminExtensionId: settings.extensionId, channel, destination });
      };
      if (settings.smsEnabled && settings.smsSender) {
        for (const to of settings.smsRecipients) if (!optedOut.has(to)) add('sms', to);
      }
      if (settings.chatsEnabled) for (const chatId of settings.chatIds) add('chat', chatId);
    }
  }
  return rows;
}

import type { NewAuditEvent } from '../db/audit-events-repository';
import type { NewDelivery } from '../db/deliveries-repository';
import type { Severity } from '../policy/severity';
import { OutboxRows, type Watcher } from './plan-deliveries';

const sameAction = (a: string, b: string) => a.trim().toUpperCase() === b.trim().toUpperCase();

/**
 * The outbox rows for new records of actions outside the event catalog that an admin watches
 * (`events watch <actionId>`): one row per destination of each such admin who was watching when it
 * happened. Records of catalog events are planned by `planDeliveries`.
 */
export function planWatchedActions(
  accountId: string,
  events: NewAuditEvent[],
  watchers: Watcher[],
  watched: ReadonlyMap<string, ReadonlyMap<string, Severity>>,
  optedOut: ReadonlySet<string>,
): NewDelivery[] {
  if (watched.size === 0) return [];
  const outbox = new OutboxRows(accountId, 'ringex');
  for (const event of events) {
    if (event.eventKey) continue;
    for (const { settings } of watchers) {
      const actions = watched.get(settings.extensionId);
      if (!actions || ![...actions.keys()].some((a) => sameAction(a, event.actionId))) continue;
      if (!settings.notificationsSince || event.eventTime < settings.notificationsSince) continue;
      outbox.addFor(event.recordId, settings, optedOut);
    }
  }
  return outbox.rows;
}

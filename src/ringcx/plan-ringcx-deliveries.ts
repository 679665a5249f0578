import type { AdminSettings } from '../db/admin-settings-repository';
import type { NewAuditEvent } from '../db/audit-events-repository';
import type { NewDelivery } from '../db/deliveries-repository';
import { hasDestination, OutboxRows } from '../delivery/plan-deliveries';
import type { RingcxSettings } from '../db/ringcx-repository';
import type { AlertPolicy } from '../db/alert-policies-repository';

/** An admin with RingCX on, their destinations and their RingCX filters. */
export interface RingcxWatcher {
  settings: AdminSettings;
  ringcx: RingcxSettings;
  /** The admin's alert policy (grading and minimum per channel); absent: every alert everywhere. */
  policy?: AlertPolicy;
}

/** What the filters look at in one record; undefined when the record did not say (it then passes that filter). */
export interface RingcxMatch {
  subAccountId: string;
  entityType: string | undefined;
  action: string | undefined;
  userName: string | undefined;
}

/** Destinations complete and not paused; the RingEX event list does not matter here. */
export function isWatchingRingcx(settings: AdminSettings | undefined, ringcx: RingcxSettings): settings is AdminSettings {
  if (!settings || !ringcx.enabled || settings.paused) return false;
  return hasDestination(settings);
}

export function watchesSubAccount(ringcx: RingcxSettings, subAccountId: string): boolean {
  return ringcx.watchedSubAccounts === null ? ringcx.subAccounts.some((s) => s.accountId === subAccountId) || ringcx.subAccounts.length === 0 : ringcx.watchedSubAccounts.includes(subAccountId);
}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** The admin's entity, action and "changed by" filters. A field the record lacks never hides the alert. */
export function passesFilters(ringcx: RingcxSettings, match: RingcxMatch): boolean {
  if (!watchesSubAccount(ringcx, match.subAccountId)) return false;
  if (ringcx.entityFilter !== null && match.entityType !== undefined && !ringcx.entityFilter.some((e) => same(e, match.entityType!))) return false;
  if (match.action !== undefined && ['CREATE', 'UPDATE', 'DELETE'].includes(match.action) && !(ringcx.actionFilter as string[]).includes(match.action)) return false;
  if (match.userName !== undefined && ringcx.ignoredUsers.some((u) => same(u, match.userName!))) return false;
  return true;
}

/**
 * The outbox rows for newly stored RingCX records: for every watcher whose filters let the record
 * through and who had RingCX on when it happened, one row per SMS recipient and per chat.
 */
export function planRingcxDeliveries(
  accountId: string,
  events: { event: NewAuditEvent; match: RingcxMatch }[],
  watchers: RingcxWatcher[],
  optedOut: ReadonlySet<string>,
): NewDelivery[] {
  const outbox = new OutboxRows(accountId, 'ringcx');
  for (const { event, match } of events) {
    for (const { settings, ringcx, policy } of watchers) {
      if (!passesFilters(ringcx, match)) continue;
      if (ringcx.enabledSince && event.eventTime < ringcx.enabledSince) continue;
      outbox.addFor(event.recordId, settings, optedOut, policy, event);
    }
  }
  return outbox.rows;
}

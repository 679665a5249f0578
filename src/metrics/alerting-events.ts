import type { NewAuditEvent } from '../db/audit-events-repository';
import type { NewDelivery } from '../db/deliveries-repository';

/** The new events that became alerts: those with at least one outbox row to send (counted by severity in /metrics). */
export function alertingEvents<E extends Pick<NewAuditEvent, 'recordId'>>(fresh: readonly E[], rows: readonly Pick<NewDelivery, 'recordId'>[]): E[] {
  const alerted = new Set(rows.map((r) => r.recordId));
  return fresh.filter((e) => alerted.has(e.recordId));
}

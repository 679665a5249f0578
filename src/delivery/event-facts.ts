import { parseAuditRecord } from '../catalog/audit-record';
import { describeAuditRecord, type AuditFacts } from '../catalog/describe-audit-record';
import { parseRingcxRecord } from '../catalog/ringcx-record';
import { describeRingcxRecord } from '../catalog/describe-ringcx-record';
import type { AuditSource, NewAuditEvent } from '../db/audit-events-repository';

/** What an alert says about one stored record, read by its source's describer (RingEX audit trail or RingCX audit log). */
export function eventFacts(source: AuditSource, event: NewAuditEvent): AuditFacts {
  let raw: unknown;
  try {
    raw = JSON.parse(event.raw);
  } catch {
    raw = {};
  }
  if (source === 'ringcx') return describeRingcxRecord(parseRingcxRecord(raw).record, event.eventTime);
  const parsed = parseAuditRecord(raw);
  const record = parsed.ok ? parsed.record : { id: event.recordId, actionId: event.actionId, eventTime: event.eventTime.toISOString() };
  return describeAuditRecord(record, event.eventTime);
}

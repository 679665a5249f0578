import { parseAuditRecord } from '../catalog/audit-record';
import { describeAuditRecord, type AuditFacts } from '../catalog/describe-audit-record';
import { describeRingcxRecord } from '../catalog/describe-ringcx-record';
import { parseRingcxRecord } from '../catalog/ringcx-record';
import type { AuditSource, NewAuditEvent } from '../db/audit-events-repository';

/** The alert facts of a stored audit event, read from its raw record with the describer of its source. */
export function storedEventFacts(source: AuditSource, event: Pick<NewAuditEvent, 'recordId' | 'actionId' | 'eventTime' | 'raw'>): AuditFacts {
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

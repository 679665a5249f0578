import type { AdaptiveCard } from '../cards/render-card';
import type { AuditFacts } from '../catalog/describe-audit-record';
import type { AuditSource, NewAuditEvent } from '../db/audit-events-repository';
import { alertCard, type AlertCardOptions } from '../alerts/alert-card';
import { formatAlertSms } from '../alerts/format-alert-sms';
import { genericAlertCard, genericAlertSms, genericFacts, recordParameters } from '../alerts/generic-alert';

/** A RingEX record outside the event catalog (an action watched with `events watch`) gets the generic alert. */
const isGeneric = (facts: AuditFacts, source: AuditSource, event: NewAuditEvent | undefined): event is NewAuditEvent =>
  source === 'ringex' && facts.key === undefined && event !== undefined;

/** The alert card of one record: the catalog's, or the generic one (actionId in words, each parameter as key: value). */
export function alertCardOf(facts: AuditFacts, source: AuditSource, event: NewAuditEvent | undefined, timeZone: string, options: AlertCardOptions = {}): AdaptiveCard {
  if (!isGeneric(facts, source, event)) return alertCard(facts, timeZone, options);
  return genericAlertCard(genericFacts(facts, event.actionId), recordParameters(event.raw), timeZone, options);
}

/** The alert SMS of one record, in the product guide's style either way. */
export function alertSmsOf(facts: AuditFacts, source: AuditSource, event: NewAuditEvent | undefined, timeZone: string): string {
  if (!isGeneric(facts, source, event)) return formatAlertSms(facts, timeZone);
  return genericAlertSms(genericFacts(facts, event.actionId), recordParameters(event.raw), timeZone);
}

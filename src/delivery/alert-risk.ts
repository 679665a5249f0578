import type { AuditFacts } from '../catalog/describe-audit-record';
import type { NewAuditEvent } from '../db/audit-events-repository';
import { recordParameters } from '../alerts/generic-alert';
import { FORWARDING_EVENTS, riskyTarget, type RiskyTarget } from '../policy/risky-target';

/**
 * The risky forwarding target of a record, if any: company call forwarding is read from its new
 * action ([1], RINGCENTRAL.md §8), a user's forward-all-calls rule from any of its parameters.
 */
export function riskOf(facts: AuditFacts, event: Pick<NewAuditEvent, 'raw'> | undefined, accountCountry: string | null): RiskyTarget | undefined {
  if (facts.key === undefined || !FORWARDING_EVENTS.includes(facts.key)) return undefined;
  const values = facts.key === 'fac-company-changed' ? [facts.newValue] : [facts.element, facts.oldValue, facts.newValue, ...(event ? recordParameters(event.raw).map((p) => p.value) : [])];
  return riskyTarget(values, accountCountry);
}

/** "Changed by Ada Admin while impersonating jane.doe@example.com, from 203.0.113.7" when a RingCX admin acted as another user. */
export function impersonationOf(event: Pick<NewAuditEvent, 'raw'> | undefined): string | undefined {
  if (!event) return undefined;
  let record: unknown;
  try {
    record = JSON.parse(event.raw);
  } catch {
    return undefined;
  }
  const user = (record as { authUser?: Record<string, unknown> } | null)?.authUser;
  if (!user || typeof user !== 'object') return undefined;
  const text = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : typeof v === 'number' ? String(v) : undefined);
  const by = text(user['simulatedByUserName']) ?? text(user['simulatedByUserId']);
  const ip = text(user['simulatedFromIP']);
  if (by === undefined && ip === undefined) return undefined;
  const as = text(user['userName']) ?? ([text(user['firstName']), text(user['lastName'])].filter(Boolean).join(' ') || 'another user');
  return `Changed by ${by ?? 'an admin'} while impersonating ${as}${ip ? `, from ${ip}` : ''}`;
}

import type { AuditFacts } from '../catalog/describe-audit-record';
import type { EventKey } from '../catalog/event-catalog';
import type { Severity } from './severity';

/** The override key of every RingCX change (`severity ringcx <level>`): RingCX changes have no catalog event key. */
export const RINGCX_OVERRIDE_KEY = 'ringcx';

/** An admin's per-event severity overrides (`severity <event key> <level>`); absent keys use the default table. */
export type SeverityOverrides = Partial<Record<EventKey | typeof RINGCX_OVERRIDE_KEY, Severity>>;

/** Whether a toggle's value reads as "turned on / allowed" ("On", "Enabled", "Allow", "true", "yes", "1"). */
export function readsAsOn(value: string | undefined): boolean {
  return value !== undefined && /^\s*(on|enabled?|true|yes|1|allow(ed|s)?)\b/i.test(value);
}

/** A forward-all-calls action that sends calls to a phone number ("Forward all calls to +16505550142"). */
function forwardsToNumber(value: string | undefined): boolean {
  return value !== undefined && /forward/i.test(value) && /\+?\d[\d\s().-]{6,}\d/.test(value);
}

/**
 * The default severity of every catalog event (README "Severity"). Direction matters: turning a
 * protection off, or opening access up, grades higher than turning it back on or closing it.
 * A `Record` over every key, so a new catalog event without a grade fails to compile.
 */
export const DEFAULT_SEVERITY: Record<EventKey, (facts: AuditFacts) => Severity> = {
  'mfa-company-off': () => 'critical',
  'mfa-company-on': () => 'medium',
  '2fa-user-off': () => 'high',
  '2fa-user-on': () => 'low',
  'fac-user-enabled': () => 'high',
  'fac-user-disabled': () => 'low',
  'fac-company-changed': (f) => (forwardsToNumber(f.newValue) ? 'critical' : 'medium'),
  'guest-communications-changed': (f) => (readsAsOn(f.newValue) ? 'critical' : 'low'),
  'file-sharing-changed': (f) => (readsAsOn(f.newValue) ? 'critical' : 'low'),
  'user-info-email': () => 'high',
  'user-info-mobile-phone': () => 'high',
  'user-info-contact-phone': () => 'medium',
  'user-info-record-user-name': () => 'medium',
  'user-info-first-name': () => 'low',
  'user-info-last-name': () => 'low',
  'user-info-department': () => 'low',
  'user-info-job-title': () => 'low',
};

/** The shown default of an event, for `severity list` and the events card: "critical", or "critical when opened, else low". */
export const DEFAULT_SEVERITY_TEXT: Record<EventKey, string> = {
  'mfa-company-off': 'critical',
  'mfa-company-on': 'medium',
  '2fa-user-off': 'high',
  '2fa-user-on': 'low',
  'fac-user-enabled': 'high',
  'fac-user-disabled': 'low',
  'fac-company-changed': 'critical when forwarding to a number, else medium',
  'guest-communications-changed': 'critical when turned on, else low',
  'file-sharing-changed': 'critical when turned on, else low',
  'user-info-email': 'high',
  'user-info-mobile-phone': 'high',
  'user-info-contact-phone': 'medium',
  'user-info-record-user-name': 'medium',
  'user-info-first-name': 'low',
  'user-info-last-name': 'low',
  'user-info-department': 'low',
  'user-info-job-title': 'low',
};

/** RingCX entity types whose changes open or widen access: users, authentication configs, blocked IPs, allow-lists. */
const RINGCX_ACCESS_ENTITY = /user|auth|blocked|ip.?(address|range|list|rule)|allow.?list|whitelist|sso|saml|password|permission/i;

/**
 * How serious one alert is: the admin's override for its event when there is one, else the default
 * table. RingCX: changes to users, auth configs, blocked IPs or allow-lists, and any change made while
 * impersonating another user (`authUser.simulatedByUserId`), are high; other RingCX changes medium;
 * an admin's `ringcx` override sets the severity of every RingCX change.
 * A RingEX action outside the catalog is medium. Pure: same facts and overrides, same severity.
 */
export function gradeAlert(facts: AuditFacts, overrides: SeverityOverrides = {}): Severity {
  if (facts.source === 'RingCX') {
    const override = overrides[RINGCX_OVERRIDE_KEY];
    if (override !== undefined) return override;
    if (facts.impersonatedBy !== undefined) return 'high';
    return RINGCX_ACCESS_ENTITY.test(facts.entity?.type ?? '') ? 'high' : 'medium';
  }
  if (facts.key === undefined) return 'medium';
  return overrides[facts.key] ?? DEFAULT_SEVERITY[facts.key](facts);
}

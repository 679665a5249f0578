import type { AuditFacts } from '../catalog/describe-audit-record';
import type { EventKey } from '../catalog/event-catalog';
import type { Severity } from './severity';

/** An admin's per-event severity overrides (issue 9's `severity <event key> <level>`). */
export type SeverityOverrides = Partial<Record<EventKey, Severity>>;

/**
 * STAND-IN until the severity grading of issue 9 (src/policy/grade-alert.ts, `gradeAlert`) is on main:
 * the noise policy (exclusions, bursts, digests, quiet hours) needs a severity, and this is the one
 * place that asks for it. The table follows issue 9's defaults; RingCX records are medium.
 */
const DEFAULTS: Partial<Record<EventKey, Severity>> = {
  'mfa-company-off': 'critical',
  'fac-company-changed': 'critical',
  'guest-communications-changed': 'critical',
  'file-sharing-changed': 'critical',
  '2fa-user-off': 'high',
  'fac-user-enabled': 'high',
  'user-info-email': 'high',
  'user-info-mobile-phone': 'high',
  'user-info-first-name': 'low',
  'user-info-last-name': 'low',
  'user-info-department': 'low',
  'user-info-job-title': 'low',
  'user-info-record-user-name': 'low',
};

/** The severity the noise policy compares against, with the admin's overrides. */
export function alertSeverity(facts: AuditFacts, overrides: SeverityOverrides = {}): Severity {
  if (facts.key === undefined) return 'medium';
  return overrides[facts.key] ?? DEFAULTS[facts.key] ?? 'medium';
}

import type { AuditFacts } from '../catalog/describe-audit-record';
import type { EventKey } from '../catalog/event-catalog';
import type { Severity } from './severity';

/**
 * STAND-IN until the severity grading of issue 9 (src/policy/grade-alert.ts, `gradeAlert`) is on main:
 * the noise policy (exclusions, bursts) needs a severity, and this is the one place that asks for it.
 * The table follows issue 9's defaults; RingCX records are medium.
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

/** The severity the noise policy compares against. */
export function alertSeverity(facts: AuditFacts): Severity {
  if (facts.key === undefined) return 'medium';
  return DEFAULTS[facts.key] ?? 'medium';
}

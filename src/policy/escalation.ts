import { atLeast, type Severity } from './severity';

/** What the escalation decision looks at for one alert of one admin. */
export interface EscalationFacts {
  severity: Severity;
  /** The alert's triage state: only an open alert escalates (acknowledged, expected or resolved cancel it). */
  state: 'open' | 'acknowledged' | 'expected' | 'resolved';
  /** When the alert was first delivered to this admin's destinations. */
  firstSentAt: Date;
  now: Date;
  policy: { escalateLevel: Severity; escalateAfterMinutes: number | null };
}

/**
 * Pure: an alert escalates when escalation is on, its severity is at least the admin's escalation
 * level, it is still open, and it was delivered at least `escalateAfterMinutes` ago. That it escalates
 * only once is the outbox's job (one escalation row per destination).
 */
export function escalationDue(facts: EscalationFacts): boolean {
  const minutes = facts.policy.escalateAfterMinutes;
  if (minutes === null || facts.state !== 'open') return false;
  if (!atLeast(facts.severity, facts.policy.escalateLevel)) return false;
  return facts.now.getTime() - facts.firstSentAt.getTime() >= minutes * 60_000;
}

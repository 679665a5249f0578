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
 * only once is the outbox's job (one escalation row per destination). A reminder more than
 * `ESCALATION_GRACE_MS` late is dropped.
 */
export function escalationDue(facts: EscalationFacts): boolean {
  return escalationTimeReached(facts) && atLeast(facts.severity, facts.policy.escalateLevel);
}

/**
 * A reminder more than this long after it was due helps nobody (the bot was down, or the alert came
 * before escalation existed): it is not sent.
 */
export const ESCALATION_GRACE_MS = 6 * 60 * 60 * 1000;

/** The part of `escalationDue` that needs no grading: escalation on, still open, the delay passed (within the grace). */
export function escalationTimeReached(facts: Omit<EscalationFacts, 'severity'>): boolean {
  const minutes = facts.policy.escalateAfterMinutes;
  if (minutes === null || facts.state !== 'open') return false;
  const waited = facts.now.getTime() - facts.firstSentAt.getTime();
  return waited >= minutes * 60_000 && waited < minutes * 60_000 + ESCALATION_GRACE_MS;
}

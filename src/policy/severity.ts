/**
 * How serious an alert is. The policy layer (src/policy/) grades every event with one of these and
 * every routing, escalation, digest and quiet-hours decision compares against them.
 */
export type Severity = 'critical' | 'high' | 'medium' | 'low';

/** Most serious first. */
export const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low'];

const RANK: Record<Severity, number> = { critical: 3, high: 2, medium: 1, low: 0 };

export function isSeverity(value: string): value is Severity {
  return Object.prototype.hasOwnProperty.call(RANK, value);
}

/** True when `severity` is `minimum` or more serious. */
export function atLeast(severity: Severity, minimum: Severity): boolean {
  return RANK[severity] >= RANK[minimum];
}

/** The more serious of the two. */
export function mostSevere(a: Severity, b: Severity): Severity {
  return RANK[a] >= RANK[b] ? a : b;
}

/** As shown to people: "Critical", "High", "Medium", "Low". */
export function severityWord(severity: Severity): string {
  return severity.charAt(0).toUpperCase() + severity.slice(1);
}

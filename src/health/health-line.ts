import { PROBLEM_TITLES, type HealthProblemKind } from './assess-health';

/**
 * The open problems as the status card's health line says them, as the incident cards name them:
 * "Problem: Audit trail not read (since Dec 1, 2026 1:20 pm)", "Problems: A; B (since …)";
 * null when nothing is open.
 */
export function healthLine(open: { kind: string; startedAt: Date }[], formatWhen: (date: Date) => string): string | null {
  if (open.length === 0) return null;
  const since = new Date(Math.min(...open.map((i) => i.startedAt.getTime())));
  const title = (kind: string) => PROBLEM_TITLES[kind as HealthProblemKind] ?? kind;
  return `${open.length === 1 ? 'Problem' : 'Problems'}: ${open.map((i) => title(i.kind)).join('; ')} (since ${formatWhen(since)})`;
}

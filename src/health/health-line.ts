import { PROBLEM_TITLES, type HealthProblemKind } from './assess-health';

/** What `status` shows: "Healthy", or "Degraded: <titles> (since <earliest start>)". */
export function healthLine(open: { kind: string; startedAt: Date }[], formatWhen: (date: Date) => string): string {
  if (open.length === 0) return 'Healthy';
  const since = new Date(Math.min(...open.map((i) => i.startedAt.getTime())));
  const title = (kind: string) => PROBLEM_TITLES[kind as HealthProblemKind] ?? kind;
  return `Degraded: ${open.map((i) => title(i.kind)).join('; ')} (since ${formatWhen(since)})`;
}

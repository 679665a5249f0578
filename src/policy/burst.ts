import { mostSevere, type Severity } from './severity';

/** `burst <count>` and `burst window <minutes>`; null when the admin typed `burst off`. */
export interface BurstRule {
  count: number;
  windowMs: number;
}

export const DEFAULT_BURST_COUNT = 5;
export const DEFAULT_BURST_WINDOW_MINUTES = 10;
export const MIN_BURST_COUNT = 2;
export const MAX_BURST_WINDOW_MINUTES = 24 * 60;

/** One alerting change the fan-out is about to send. */
export interface BurstCandidate {
  recordId: string;
  /** Who made it, as a comparable key; undefined when the record names nobody (never part of a burst). */
  actorKey: string | undefined;
  actorName: string;
  eventTime: Date;
  severity: Severity;
}

/** A burst already summarised: later changes by its actor inside its window join it. */
export interface OpenBurst {
  burstKey: string;
  actorKey: string;
  startedAt: Date;
  windowEndsAt: Date;
  recordIds: string[];
  severity: Severity;
}

/** A new burst to summarise. */
export interface NewBurst {
  actorKey: string;
  actorName: string;
  startedAt: Date;
  windowEndsAt: Date;
  records: BurstCandidate[];
  severity: Severity;
}

export interface BurstPlan {
  /** Sent one by one, as without bursts. */
  singles: BurstCandidate[];
  /** Changes added to an already summarised burst (its card is updated, nothing new is sent). */
  joined: { burst: OpenBurst; added: BurstCandidate[] }[];
  /** Bursts that start now: one summary per destination. */
  opened: NewBurst[];
}

/**
 * The burst policy for one admin's new alerts. A change by an actor with an open burst whose window
 * covers it joins that burst. Otherwise, when that actor made at least `rule.count` of these changes
 * within `rule.windowMs` of this one, they open a burst together; anything else is sent alone.
 * No rule (bursts off): every change is sent alone.
 */
export function planBursts(candidates: readonly BurstCandidate[], open: readonly OpenBurst[], rule: BurstRule | null): BurstPlan {
  const plan: BurstPlan = { singles: [], joined: [], opened: [] };
  const sorted = [...candidates].sort((a, b) => a.eventTime.getTime() - b.eventTime.getTime() || a.recordId.localeCompare(b.recordId));
  const joined = new Map<string, { burst: OpenBurst; added: BurstCandidate[] }>();
  const assigned = new Set<BurstCandidate>();
  const covers = (b: { startedAt: Date; windowEndsAt: Date }, t: Date) => t.getTime() >= b.startedAt.getTime() && t.getTime() < b.windowEndsAt.getTime();

  for (const candidate of sorted) {
    if (assigned.has(candidate)) continue;
    const actor = candidate.actorKey;
    if (rule === null || actor === undefined) {
      plan.singles.push(candidate);
      continue;
    }
    const existing = open.find((b) => b.actorKey === actor && covers(b, candidate.eventTime));
    if (existing) {
      const entry = joined.get(existing.burstKey) ?? { burst: existing, added: [] };
      if (!existing.recordIds.includes(candidate.recordId)) entry.added.push(candidate);
      joined.set(existing.burstKey, entry);
      assigned.add(candidate);
      continue;
    }
    const fresh = plan.opened.find((b) => b.actorKey === actor && covers(b, candidate.eventTime));
    if (fresh) {
      fresh.records.push(candidate);
      fresh.severity = mostSevere(fresh.severity, candidate.severity);
      assigned.add(candidate);
      continue;
    }
    const windowEndsAt = new Date(candidate.eventTime.getTime() + rule.windowMs);
    const inWindow = sorted.filter((c) => !assigned.has(c) && c.actorKey === actor && covers({ startedAt: candidate.eventTime, windowEndsAt }, c.eventTime));
    if (inWindow.length >= rule.count) {
      plan.opened.push({
        actorKey: actor,
        actorName: candidate.actorName,
        startedAt: candidate.eventTime,
        windowEndsAt,
        records: inWindow,
        severity: inWindow.reduce<Severity>((worst, c) => mostSevere(worst, c.severity), 'low'),
      });
      for (const c of inWindow) assigned.add(c);
      continue;
    }
    plan.singles.push(candidate);
    assigned.add(candidate);
  }
  plan.joined.push(...[...joined.values()].filter((entry) => entry.added.length > 0));
  return plan;
}

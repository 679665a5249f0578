import type { Transaction } from 'sequelize';
import type { BotDeps } from '../bot/bot-deps';
import type { AuditFacts } from '../catalog/describe-audit-record';
import type { AuditSource, NewAuditEvent } from '../db/audit-events-repository';
import type { NewDelivery } from '../db/deliveries-repository';
import { burstKeyOf } from '../db/noise-repository';
import { alertSeverity } from '../policy/alert-severity';
import { planBursts, type BurstCandidate, type BurstRule } from '../policy/burst';
import { actorKeyOf, exclusionDecision, type AlertActor } from '../policy/exclusions';
import { mostSevere, type Severity } from '../policy/severity';
import { eventFacts } from './event-facts';

/** Outbox record id of a burst summary ("burst:<key>") and of an update of its card ("burst:<key>#<count>"). */
export const BURST_PREFIX = 'burst:';

/** The actor of an alert as the exclusion and burst policies see it. */
export function actorOf(facts: AuditFacts): AlertActor {
  return { name: facts.initiator.name, extensionNumber: facts.initiator.extensionNumber, userName: facts.initiator.userName };
}

const actorName = (facts: AuditFacts): string | undefined => facts.initiator.name?.trim() || facts.initiator.userName?.trim() || undefined;

/**
 * The noise policy step of the fan-out, after the rows are planned: per admin, drops the rows of
 * changes by an excluded actor (critical ones stay; they carry a note when sent), then turns a burst
 * of changes by one actor into one summary row per destination ("burst:<key>"), or — for changes that
 * join a summary already sent — one card-update row per chat. Runs in the poll's transaction, so the
 * bursts and the outbox rows are stored together (exactly once through restarts).
 */
export async function applyNoisePolicy(
  deps: Pick<BotDeps, 'db' | 'now'>,
  input: { accountId: string; source: AuditSource; events: NewAuditEvent[]; rows: NewDelivery[] },
  transaction: Transaction,
): Promise<NewDelivery[]> {
  if (input.rows.length === 0) return input.rows;
  const { accountId, source } = input;
  const now = deps.now();
  const events = new Map(input.events.map((e) => [e.recordId, e]));
  const facts = new Map<string, { facts: AuditFacts; severity: Severity }>();
  const factsOf = (recordId: string) => {
    if (!facts.has(recordId)) {
      const event = events.get(recordId);
      if (!event) return undefined;
      const f = eventFacts(source, event);
      facts.set(recordId, { facts: f, severity: alertSeverity(f) });
    }
    return facts.get(recordId);
  };

  const exclusions = await deps.db.noise.exclusionsByAdmin(accountId);
  const byAdmin = new Map<string, NewDelivery[]>();
  for (const row of input.rows) byAdmin.set(row.adminExtensionId, [...(byAdmin.get(row.adminExtensionId) ?? []), row]);

  const released: NewDelivery[] = [];
  for (const [admin, rows] of byAdmin) {
    // 1. Exclusions (the actor's alerts are dropped unless critical).
    const adminExclusions = exclusions.get(admin) ?? [];
    const kept = rows.filter((row) => {
      const known = factsOf(row.recordId);
      if (!known || adminExclusions.length === 0) return true;
      const decision = exclusionDecision(adminExclusions, { source, actor: actorOf(known.facts), severity: known.severity }, now);
      return decision.kind !== 'suppress';
    });

    // 2. Bursts.
    const settings = await deps.db.noise.settings(accountId, admin);
    const rule: BurstRule | null = settings.burstCount === null ? null : { count: settings.burstCount, windowMs: settings.burstWindowMinutes * 60_000 };
    if (rule === null) {
      released.push(...kept);
      continue;
    }
    const recordIds = [...new Set(kept.map((r) => r.recordId))];
    const earliestEvent = Math.min(...recordIds.map((id) => events.get(id)?.eventTime.getTime() ?? now.getTime()));
    const open = await deps.db.noise.openBursts(accountId, admin, source, new Date(earliestEvent), transaction);
    // Too few changes for a burst and none to join: nothing to read.
    if (open.length === 0 && recordIds.length < rule.count) {
      released.push(...kept);
      continue;
    }
    const candidates: BurstCandidate[] = recordIds.flatMap((recordId) => {
      const known = factsOf(recordId);
      if (!known) return [];
      const name = actorName(known.facts);
      return [{ recordId, actorKey: name === undefined ? undefined : actorKeyOf(name), actorName: name ?? 'Someone', eventTime: known.facts.eventTime, severity: known.severity }];
    });
    const plan = planBursts(candidates, open, rule);
    const inBurst = new Set<string>();
    const destinationsOf = (ids: Set<string>) => {
      const seen = new Map<string, NewDelivery>();
      for (const row of kept) if (ids.has(row.recordId)) seen.set(`${row.channel}|${row.destination}`, row);
      return [...seen.values()];
    };

    for (const burst of plan.opened) {
      const ids = new Set(burst.records.map((r) => r.recordId));
      const burstKey = burstKeyOf(source, burst.actorKey, burst.startedAt);
      await deps.db.noise.openBurst(
        { accountId, extensionId: admin, source, burstKey, actorKey: burst.actorKey, actorName: burst.actorName, startedAt: burst.startedAt, windowEndsAt: burst.windowEndsAt, recordIds: burst.records.map((r) => r.recordId), severity: burst.severity },
        now,
        transaction,
      );
      for (const row of destinationsOf(ids)) released.push({ ...row, recordId: `${BURST_PREFIX}${burstKey}` });
      for (const id of ids) inBurst.add(id);
    }
    for (const { burst, added } of plan.joined) {
      const ids = new Set(added.map((r) => r.recordId));
      const severity = added.reduce((worst, c) => mostSevere(worst, c.severity), burst.severity);
      const stored = open.find((b) => b.burstKey === burst.burstKey);
      const count = stored ? await deps.db.noise.growBurst(stored.id, [...ids], severity, now, transaction) : 0;
      // The summary was sent already: its cards are updated in place; texts are not sent again.
      for (const row of destinationsOf(ids)) if (row.channel === 'chat') released.push({ ...row, recordId: `${BURST_PREFIX}${burst.burstKey}#${count}` });
      for (const id of ids) inBurst.add(id);
    }
    released.push(...kept.filter((row) => !inBurst.has(row.recordId)));
  }
  return released;
}

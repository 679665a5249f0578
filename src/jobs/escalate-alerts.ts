import type { BotDeps } from '../bot/bot-deps';
import type { AuditSource } from '../db/audit-events-repository';
import type { Delivery, NewDelivery } from '../db/deliveries-repository';
import { defaultAlertPolicy } from '../db/alert-policies-repository';
import { storedEventFacts } from '../alerts/stored-event-facts';
import { gradeAlert } from '../policy/grade-alert';
import { ESCALATION_GRACE_MS, escalationDue, escalationTimeReached } from '../policy/escalation';
import { MAX_ESCALATE_MINUTES } from '../alerts/alert-policy-service';

/** Alerts delivered longer ago than the longest escalation delay plus the grace are not looked at again. */
export const ESCALATION_LOOKBACK_MS = MAX_ESCALATE_MINUTES * 60_000 + ESCALATION_GRACE_MS;

export interface EscalationSummary {
  /** Alerts (per admin) looked at. */
  considered: number;
  escalated: number;
  /** Outbox rows written (one per destination). */
  rows: number;
}

interface AlertGroup {
  accountId: string;
  source: AuditSource;
  recordId: string;
  adminExtensionId: string;
  firstSentAt: Date;
  destinations: Pick<Delivery, 'channel' | 'destination'>[];
  escalated: boolean;
}

function groupsOf(rows: Delivery[]): AlertGroup[] {
  const groups = new Map<string, AlertGroup>();
  for (const row of rows) {
    const key = `${row.accountId}|${row.source}|${row.recordId}|${row.adminExtensionId}`;
    const group = groups.get(key) ?? { accountId: row.accountId, source: row.source, recordId: row.recordId, adminExtensionId: row.adminExtensionId, firstSentAt: row.sentAt ?? row.createdAt, destinations: [], escalated: false };
    if (row.kind === 'escalation') group.escalated = true;
    else {
      if (row.sentAt && row.sentAt < group.firstSentAt) group.firstSentAt = row.sentAt;
      group.destinations.push({ channel: row.channel, destination: row.destination });
    }
    groups.set(key, group);
  }
  // An escalation row of one admin covers the alert's destinations for every admin (rows are unique per destination).
  const escalatedRecords = new Set([...groups.values()].filter((g) => g.escalated).map((g) => `${g.accountId}|${g.source}|${g.recordId}`));
  return [...groups.values()].filter((g) => !escalatedRecords.has(`${g.accountId}|${g.source}|${g.recordId}`) && g.destinations.length > 0);
}

/**
 * The escalation job: every alert still open past its admin's delay, at or above their escalation
 * level, gets one escalation row per destination it was delivered to (an SMS reminder, a chat post
 * mentioning the admins). Rows are unique per (alert, destination, kind), so several instances or
 * repeated runs never escalate twice; the delivery worker sends them. The decision is
 * `escalationDue` (src/policy/escalation.ts); this job only gathers facts and writes rows.
 */
export async function escalateAlerts(deps: Pick<BotDeps, 'db' | 'now' | 'logger'>): Promise<EscalationSummary> {
  const now = deps.now();
  const summary: EscalationSummary = { considered: 0, escalated: 0, rows: 0 };
  const groups = groupsOf(await deps.db.deliveries.recentForEscalation(new Date(now.getTime() - ESCALATION_LOOKBACK_MS), now));
  const byAccountSource = new Map<string, AlertGroup[]>();
  for (const g of groups) byAccountSource.set(`${g.accountId}|${g.source}`, [...(byAccountSource.get(`${g.accountId}|${g.source}`) ?? []), g]);
  const rows: NewDelivery[] = [];
  for (const list of byAccountSource.values()) {
    const { accountId, source } = list[0]!;
    const recordIds = [...new Set(list.map((g) => g.recordId))];
    const [policies, triage, events] = await Promise.all([
      deps.db.alertPolicies.byAdmin(accountId),
      deps.db.triage.many(accountId, source, recordIds),
      deps.db.auditEvents.findMany(accountId, source, recordIds),
    ]);
    const eventById = new Map(events.map((e) => [e.recordId, e]));
    for (const group of list) {
      summary.considered += 1;
      const event = eventById.get(group.recordId);
      if (!event) continue;
      const policy = policies.get(group.adminExtensionId) ?? defaultAlertPolicy(accountId, group.adminExtensionId);
      const timing = { state: triage.get(group.recordId)?.state ?? 'open', firstSentAt: group.firstSentAt, now, policy };
      // Grading reads the raw record: only for alerts whose time has come.
      if (!escalationTimeReached(timing)) continue;
      if (!escalationDue({ ...timing, severity: gradeAlert(storedEventFacts(source, event), policy.severityOverrides) })) continue;
      summary.escalated += 1;
      for (const d of group.destinations) rows.push({ accountId, source, recordId: group.recordId, adminExtensionId: group.adminExtensionId, channel: d.channel, destination: d.destination, kind: 'escalation' });
    }
  }
  await deps.db.deliveries.insertMany(rows, now);
  summary.rows = rows.length;
  if (summary.escalated > 0) deps.logger.info(summary, 'unacknowledged alerts escalated');
  return summary;
}

import type { AdminScope } from './settings-service';
import { renderCard, type AdaptiveCard } from '../cards/render-card';
import type { AuditFacts } from '../catalog/describe-audit-record';
import { isEventKey } from '../catalog/event-catalog';
import type { AuditSource, NewAuditEvent } from '../db/audit-events-repository';
import { formatAlertTime } from '../alerts/format-alert-time';
import { actionIdInWords } from '../alerts/generic-alert';
import { storedEventFacts } from '../alerts/stored-event-facts';
import { riskOf } from '../delivery/alert-risk';
import { severityOverridesByAdmin } from '../delivery/severity-overrides';
import { AppError } from '../errors/app-error';
import { gradeAlert } from '../policy/grade-alert';
import { parseDuration } from '../policy/exclusions';
import { SEVERITIES, severityWord, type Severity } from '../policy/severity';
import { instantOf } from '../policy/wall-clock';
import type { Triage } from '../db/alert-triage-repository';

/** Alerts listed on the history card. */
export const HISTORY_MAX = 20;
const SUMMARY_DAYS = 7;

const refuse = (message: string): never => {
  throw new AppError('bad_request', message);
};

const HISTORY_FORMS =
  'history [<n>] [event <key or actionId>] [by <actor>] [since <YYYY-MM-DD or 7d>], e.g. history 5, history by Peter, history event user-info-department since 2026-11-01';

/** One alert an admin got (or that waits in a digest), read from the archive. */
export interface AlertEntry {
  source: AuditSource;
  event: NewAuditEvent;
  facts: AuditFacts;
  severity: Severity;
  /** The alert's triage on its cards (issue 9): "open", or "acknowledged by Ada Admin". */
  triage: Triage;
}

export interface HistoryQuery {
  n: number;
  event?: string;
  by?: string;
  since?: Date;
}

async function timeZoneOf(scope: AdminScope): Promise<string> {
  const settings = await scope.deps.db.settings.get(scope.accountId, scope.extensionId);
  return settings.timezone ?? (await scope.deps.db.admins.find(scope.accountId, scope.extensionId))?.timezone ?? 'UTC';
}

/** "history 5 event user-info-department by Peter Beck since 2026-11-01" → the query; anything else → the accepted forms. */
export function parseHistoryArgs(args: string[], now: Date, timeZone: string): HistoryQuery {
  const query: HistoryQuery = { n: HISTORY_MAX };
  let i = 0;
  if (args[0] !== undefined && /^\d+$/.test(args[0])) {
    const n = Number(args[0]);
    if (n < 1 || n > HISTORY_MAX) return refuse(`Give a number from 1 to ${HISTORY_MAX}. Type ${HISTORY_FORMS}.`);
    query.n = n;
    i = 1;
  }
  const words = ['event', 'by', 'since'];
  while (i < args.length) {
    const word = args[i]!.toLowerCase();
    const valueWords: string[] = [];
    let j = i + 1;
    while (j < args.length && !words.includes(args[j]!.toLowerCase())) valueWords.push(args[j++]!);
    const value = valueWords.join(' ').trim();
    if (!words.includes(word) || value === '') return refuse(`I cannot read "${args.slice(i).join(' ')}". Type ${HISTORY_FORMS}.`);
    if (word === 'event') {
      if (!isEventKey(value.toLowerCase()) && !/^[A-Za-z0-9_]{2,100}(:[A-Za-z0-9_]{1,26})?$/.test(value)) return refuse(`"${value}" is not an event key or an actionId. Type ${HISTORY_FORMS}.`);
      query.event = value;
    } else if (word === 'by') {
      if (value.length > 100) return refuse(`That actor name is too long. Type ${HISTORY_FORMS}.`);
      query.by = value;
    } else {
      const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
      const ago = parseDuration(value);
      if (date) {
        const since = instantOf(Number(date[1]), Number(date[2]), Number(date[3]), 0, timeZone);
        if (Number.isNaN(since.getTime()) || Number(date[2]) > 12 || Number(date[3]) > 31) return refuse(`"${value}" is not a date. Type ${HISTORY_FORMS}.`);
        query.since = since;
      } else if (ago) {
        query.since = new Date(now.getTime() - ago.ms);
      } else {
        return refuse(`"${value}" is not a date. Type ${HISTORY_FORMS}.`);
      }
    }
    i = j;
  }
  return query;
}

/** Every alert of one admin since `since` (records that had an outbox row for them, or wait in a burst or digest), newest first. */
export async function alertEntries(scope: AdminScope, since?: Date): Promise<AlertEntry[]> {
  const { deps } = scope;
  const rows = (await deps.db.models.Delivery.findAll({
    attributes: ['source', 'recordId'],
    where: { accountId: scope.accountId, adminExtensionId: scope.extensionId },
    group: ['source', 'record_id'],
    raw: true,
  })) as unknown as { source: AuditSource; recordId: string }[];
  const ids = new Map<AuditSource, Set<string>>([['ringex', new Set()], ['ringcx', new Set()]]);
  for (const r of [...rows, ...(await deps.db.noise.policyRecordIds(scope.accountId, scope.extensionId))]) {
    if (/^(burst|quiet|digest|weekly):/.test(r.recordId)) continue;
    ids.get(r.source)?.add(r.recordId);
  }
  const country = (await deps.db.admins.find(scope.accountId, scope.extensionId))?.country ?? null;
  const overrides = (await severityOverridesByAdmin(deps, scope.accountId)).get(scope.extensionId);
  const entries: AlertEntry[] = [];
  for (const [source, set] of ids) {
    for (const event of await deps.db.auditEvents.findMany(scope.accountId, source, [...set])) {
      if (since && event.eventTime < since) continue;
      const facts = storedEventFacts(source, event);
      const severity = riskOf(facts, event, country) ? 'critical' : gradeAlert(facts, overrides);
      const triage = await deps.db.triage.get({ accountId: scope.accountId, source, recordId: event.recordId });
      entries.push({ source, event, facts, severity, triage });
    }
  }
  return entries.sort((a, b) => b.event.eventTime.getTime() - a.event.eventTime.getTime() || b.event.recordId.localeCompare(a.event.recordId));
}

const actorOf = (facts: AuditFacts) => facts.initiator.name ?? facts.initiator.userName ?? 'someone';

/** "User account information changed: Department: Biology → Mathematics · Peter B MacIntyre 44". */
function headlineOf(entry: AlertEntry): string {
  const { facts } = entry;
  const description = facts.key === undefined && entry.source === 'ringex' ? actionIdInWords(entry.event.actionId) : facts.description;
  const change = facts.key === undefined && entry.source === 'ringex' ? undefined : facts.oldValue !== undefined && facts.newValue !== undefined ? `${facts.oldValue} → ${facts.newValue}` : facts.newValue;
  const what = facts.key === undefined && entry.source === 'ringex' ? undefined : [facts.element, change].filter(Boolean).join(': ');
  const target = facts.target.name ?? facts.entity?.description;
  return [[description, what].filter(Boolean).join(': '), target].filter(Boolean).join(' · ');
}

/** "open", "acknowledged by Ada Admin", "expected change (by Ada Admin)", "resolved by Ada Admin". */
function triageText(triage: Triage): string {
  const who = triage.actorName ? ` by ${triage.actorName}` : '';
  if (triage.state === 'open') return 'open';
  if (triage.state === 'expected') return `expected change${who ? ` (${who.slice(1)})` : ''}`;
  return `${triage.state}${who}`;
}

const when = (at: Date, timeZone: string) => {
  const t = formatAlertTime(at, timeZone);
  return `${t.date} ${t.time}`.trim();
};

/** `history …`: the matching alerts, newest first, at most `n` (≤ 20), then "and N more" and where to find everything. */
export async function historyCard(scope: AdminScope, args: string[]): Promise<AdaptiveCard> {
  const timeZone = await timeZoneOf(scope);
  const query = parseHistoryArgs(args, scope.deps.now(), timeZone);
  const event = query.event?.toLowerCase();
  const by = query.by?.toLowerCase();
  const matching = (await alertEntries(scope, query.since)).filter(
    (e) =>
      (event === undefined || e.event.eventKey === event || e.event.actionId.toLowerCase() === event) &&
      (by === undefined || [e.facts.initiator.name, e.facts.initiator.userName, e.facts.initiator.extensionNumber].some((v) => v?.toLowerCase().includes(by))),
  );
  const shown = matching.slice(0, query.n);
  const filters = [query.event ? `event ${query.event}` : '', query.by ? `by ${query.by}` : '', query.since ? `since ${when(query.since, timeZone)}` : ''].filter(Boolean).join(' · ');
  return renderCard('history', {
    headline: matching.length === 0 ? 'No alerts match' : `${matching.length} alert${matching.length === 1 ? '' : 's'}${query.by ? ` by ${query.by}` : ''}, newest first`,
    filters,
    rows: shown.map((e) => ({ text: `${when(e.event.eventTime, timeZone)} · ${severityWord(e.severity)} · ${headlineOf(e)} · by ${actorOf(e.facts)} · ${triageText(e.triage)}` })),
    more: matching.length > shown.length ? `and ${matching.length - shown.length} more` : '',
    hint: `At most ${HISTORY_MAX} are shown. For every record of the audit trail: npm run -s export -- --since <date> (see the README).`,
  });
}

const countBy = <T>(items: T[], key: (item: T) => string): [string, number][] => {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
};

/** `summary` (and the Monday post): the last 7 days — alerts per event and severity, top actors, critical alerts. */
export async function summaryCard(scope: AdminScope): Promise<AdaptiveCard> {
  const timeZone = await timeZoneOf(scope);
  const entries = await alertEntries(scope, new Date(scope.deps.now().getTime() - SUMMARY_DAYS * 86_400_000));
  // Critical alerts nobody acknowledged, marked expected or resolved on their cards.
  const critical = entries.filter((e) => e.severity === 'critical' && e.triage.state === 'open');
  const bySeverity = new Map(countBy(entries, (e) => e.severity));
  return renderCard('summary', {
    headline: `Last ${SUMMARY_DAYS} days: ${entries.length} alert${entries.length === 1 ? '' : 's'}`,
    events: countBy(entries, (e) => (e.facts.key === undefined && e.source === 'ringex' ? actionIdInWords(e.event.actionId) : e.facts.description)).map(([title, n]) => ({ title, value: String(n) })),
    severities: SEVERITIES.filter((s) => bySeverity.has(s)).map((s) => ({ title: severityWord(s), value: String(bySeverity.get(s)) })),
    actors: countBy(entries, (e) => actorOf(e.facts)).slice(0, 5).map(([title, n]) => ({ title, value: String(n) })),
    criticalTitle: critical.length === 0 ? 'No unacknowledged critical alerts' : `Critical alerts not acknowledged: ${critical.length}`,
    critical: critical.slice(0, 5).map((e) => ({ text: `${when(e.event.eventTime, timeZone)} · ${headlineOf(e)} · by ${actorOf(e.facts)}` })),
  });
}

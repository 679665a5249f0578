import { renderCard, type AdaptiveCard, type CardData } from '../cards/render-card';
import type { AuditFacts } from '../catalog/describe-audit-record';
import type { AuditSource } from '../db/audit-events-repository';
import { OPEN_TRIAGE, type Triage } from '../db/alert-triage-repository';
import { gradeAlert } from '../policy/grade-alert';
import { severityWord, type Severity } from '../policy/severity';
import { ACTOR_DENIED } from '../policy/confirm-actor';
import { TEST_PREFIX } from './format-alert-sms';
import { formatShortLocalTime } from './format-alert-time';
import { alertHeadline, formatPhoneValue, oneLine, readableName } from './alert-headline';
import { triageVerbsFor } from './triage-verbs';

type Fact = CardData['alert']['facts'][number];

/** Container style and text colour per severity (Adaptive Cards 1.3 container styles). */
const LOOK: Record<Severity, { style: string; color: string }> = {
  critical: { style: 'attention', color: 'Attention' },
  high: { style: 'warning', color: 'Warning' },
  medium: { style: 'accent', color: 'Accent' },
  low: { style: 'emphasis', color: 'Default' },
};

/** Where the RingEX audit trail lives for most accounts (ADMIN_PORTAL_URL). */
export const DEFAULT_ADMIN_PORTAL_URL = 'https://service.ringcentral.com';

const joined = (parts: (string | undefined)[]): string | undefined => {
  const present = parts.map(oneLine).filter((part) => part !== undefined);
  return present.length === 0 ? undefined : present.join(' · ');
};

/** "Peter Beck MacIntyre (ext 101, Super Admin)"; no internal ids. */
function who(initiator: AuditFacts['initiator']): string | undefined {
  const name = oneLine(initiator.name) ?? oneLine(initiator.userName);
  const userName = oneLine(initiator.name) === undefined ? undefined : oneLine(initiator.userName);
  const extra = [userName, initiator.extensionNumber === undefined ? undefined : `ext ${initiator.extensionNumber}`, oneLine(initiator.role)].filter((p) => p !== undefined);
  if (name === undefined) return extra.length ? extra.join(', ') : undefined;
  return extra.length ? `${name} (${extra.join(', ')})` : name;
}

const STATE_WORDS: Record<Triage['state'], string> = { open: '', acknowledged: 'Acknowledged', expected: 'Expected change', resolved: 'Resolved' };

/** "Acknowledged by Ada Admin · Apr 24, 2:14 pm PDT", or '' while open. */
export function triageLine(triage: Triage, timeZone: string): string {
  if (triage.state === 'open') return triage.changedAt && triage.actorName ? `Reopened by ${triage.actorName} · ${formatShortLocalTime(triage.changedAt, timeZone)}` : '';
  const when = triage.changedAt ? ` · ${formatShortLocalTime(triage.changedAt, timeZone)}` : '';
  return `${STATE_WORDS[triage.state]} by ${triage.actorName ?? 'a chat member'}${when}`;
}

/** What the alert's facts show after the headline and the by-line: readable names, formatted phones, no internal ids. */
function secondaryFacts(facts: AuditFacts): Fact[] {
  const rows: [string, string | undefined][] = [];
  if (facts.source === 'RingCX') {
    const entity = facts.entity ?? {};
    rows.push(['Entity', joined([entity.type, entity.description])]);
    rows.push(['Action', oneLine(facts.action)]);
    for (const c of facts.changes ?? []) rows.push([readableName(c.attribute), `${oneLine(c.from) ?? '(empty)'} → ${oneLine(c.to) ?? '(empty)'}`]);
    rows.push(['Details', oneLine(facts.entitySummary)]);
    if (facts.impersonatedBy) rows.push(['Impersonated by', facts.impersonatedBy.userName ?? 'another RingCX user']);
  } else {
    const element = oneLine(facts.element);
    const sameAsOld = element !== undefined && element === oneLine(facts.oldValue);
    if (element !== undefined && !sameAsOld) rows.push(['Setting', readableName(element)]);
    rows.push(['Before', formatPhoneValue(facts.oldValue)]);
    rows.push(['After', formatPhoneValue(facts.newValue)]);
    const target = facts.target;
    rows.push(['Affected', joined([target.name, target.extensionNumber === undefined ? undefined : `ext ${target.extensionNumber}`]) ?? oneLine(target.objectType)]);
  }
  rows.push(['IP address', oneLine(facts.clientIp)]);
  rows.push(['Source', facts.source]);
  return rows.flatMap(([title, value]) => (value === undefined ? [] : [{ title, value }]));
}

export interface AlertCardOptions {
  test?: boolean;
  /** Default: the default table (`gradeAlert(facts)`). */
  severity?: Severity;
  triage?: Triage;
  /**
   * Which alert and whose alert it is (the admin whose destinations it went to): with it the card
   * carries the triage buttons; without (test alerts) only Open audit trail.
   */
  ref?: { accountId: string; source: AuditSource; adminId: string };
  /** ADMIN_PORTAL_URL. */
  portalUrl?: string;
}

/**
 * The alert card of one audit record (cards/alert.json): the severity as a word and a colour, a
 * headline stating the change and its target, who and when, the other facts, the triage state, and
 * the buttons that state allows.
 */
export function alertCard(facts: AuditFacts, timeZone: string, options: AlertCardOptions = {}): AdaptiveCard {
  const test = options.test === true;
  const severity = options.severity ?? gradeAlert(facts);
  const triage = options.triage ?? OPEN_TRIAGE;
  const headline = alertHeadline(facts);
  const by = who(facts.initiator);
  const when = formatShortLocalTime(facts.eventTime, timeZone);
  const verbs = options.ref && !test ? triageVerbsFor(triage.state) : [];
  const actor =
    triage.actorAnswer === 'yes' ? { text: 'Confirmed by the actor', color: 'Good' } : triage.actorAnswer === 'no' ? { text: `${ACTOR_DENIED}.`, color: 'Attention' } : { text: '', color: 'Default' };
  const shownSeverity = triage.actorAnswer === 'no' ? 'critical' : severity;
  return renderCard('alert', {
    fallbackText: `${test ? TEST_PREFIX : ''}${headline}`,
    headline,
    severityWord: severityWord(shownSeverity),
    severityStyle: LOOK[shownSeverity].style,
    severityColor: LOOK[shownSeverity].color,
    byLine: by === undefined ? when : `By ${by} · ${when}`,
    test,
    status: triageLine(triage, timeZone),
    note: oneLine(triage.note ?? undefined) ?? '',
    actorLine: actor.text,
    actorColor: actor.color,
    facts: secondaryFacts(facts),
    adminId: options.ref?.adminId ?? '',
    accountId: options.ref?.accountId ?? '',
    source: options.ref?.source ?? '',
    recordId: facts.recordId,
    version: triage.version,
    canAcknowledge: verbs.includes('acknowledge'),
    canExpect: verbs.includes('expected'),
    canResolve: verbs.includes('resolve'),
    canReopen: verbs.includes('reopen'),
    portalUrl: options.portalUrl ?? DEFAULT_ADMIN_PORTAL_URL,
  });
}

/** The audit record an alert card is about (its triage buttons carry it), or undefined for other cards. */
function alertRecordOf(card: { actions?: unknown }): string | undefined {
  const actions = Array.isArray(card.actions) ? (card.actions as { data?: { alertRecord?: unknown } }[]) : [];
  const record = actions.find((a) => typeof a.data?.alertRecord === 'string')?.data?.alertRecord;
  return typeof record === 'string' ? record : undefined;
}

/**
 * Whether a card found in a chat is this alert card: the same fallback text (the headline) and, since
 * two alerts can share a headline, the same audit record in its buttons.
 */
export function isSameAlertCard(found: { fallbackText?: unknown; actions?: unknown }, card: AdaptiveCard): boolean {
  return found.fallbackText === card.fallbackText && alertRecordOf(found) === alertRecordOf(card);
}

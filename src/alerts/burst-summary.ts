import { renderCard, type AdaptiveCard, type CardData } from '../cards/render-card';
import type { AuditFacts } from '../catalog/describe-audit-record';
import { severityWord, type Severity } from '../policy/severity';
import { formatAlertTime } from './format-alert-time';
import { SMS_MAX_UTF16, SMS_OPT_OUT } from './format-alert-sms';

/** Changes listed on the card; the rest are counted ("and 27 more"). */
export const BURST_LISTED = 10;
/** Targets named in the SMS. */
const SMS_TARGETS = 3;

/** What a burst summary says: who, how many changes (in event-time order), how severe, until when. */
export interface BurstContent {
  actorName: string;
  severity: Severity;
  facts: AuditFacts[];
  windowEndsAt: Date;
}

const oneLine = (value: string | undefined): string | undefined => {
  const text = value?.replace(/\s+/g, ' ').trim();
  return text === '' ? undefined : text;
};

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** "4 minutes" from the first to the last change (rounded up; "under a minute" when they share one). */
function span(facts: AuditFacts[]): string {
  const times = facts.map((f) => f.eventTime.getTime()).filter((t) => !Number.isNaN(t));
  if (times.length < 2) return 'under a minute';
  const minutes = Math.ceil((Math.max(...times) - Math.min(...times)) / 60_000);
  return minutes < 1 ? 'under a minute' : plural(minutes, 'minute', 'minutes');
}

/** The element every change shares (all user-information changes of one element), or undefined. */
function sharedElement(facts: AuditFacts[]): string | undefined {
  const elements = new Set(facts.map((f) => (f.key?.startsWith('user-info-') ? oneLine(f.element) : undefined)));
  if (elements.size !== 1) return undefined;
  return [...elements][0];
}

/** "Peter Beck MacIntyre changed 37 users' Department in 4 minutes", or "… made 37 changes in 4 minutes". */
export function burstHeadline(content: Pick<BurstContent, 'actorName' | 'facts'>): string {
  const n = content.facts.length;
  const element = sharedElement(content.facts);
  const targets = new Set(content.facts.map((f) => oneLine(f.target.name) ?? oneLine(f.target.objectId) ?? ''));
  const what =
    element !== undefined
      ? targets.size === 1
        ? `changed ${[...targets][0] || 'one user'}'s ${element} ${plural(n, 'time', 'times')}`
        : `changed ${n} users' ${element}`
      : `made ${plural(n, 'change', 'changes')}`;
  return `${content.actorName} ${what} in ${span(content.facts)}`;
}

/** "Department: Biology → Mathematics · Peter B MacIntyre 44" or the event's description and target. */
function itemText(facts: AuditFacts): string {
  const change = oneLine(facts.oldValue) !== undefined && oneLine(facts.newValue) !== undefined ? `${oneLine(facts.oldValue)} → ${oneLine(facts.newValue)}` : oneLine(facts.newValue);
  const what = [oneLine(facts.element) ?? oneLine(facts.description), change].filter(Boolean).join(': ');
  const target = oneLine(facts.target.name) ?? oneLine(facts.entity?.description);
  return [what, target].filter(Boolean).join(' · ');
}

/** The burst summary card. */
export function burstCard(content: BurstContent, timeZone: string): AdaptiveCard {
  const listed = content.facts.slice(0, BURST_LISTED);
  const more = content.facts.length - listed.length;
  const end = formatAlertTime(content.windowEndsAt, timeZone);
  const data: CardData['burst'] = {
    headline: burstHeadline(content),
    severityLine: `Severity: ${severityWord(content.severity)}${content.facts.length > 1 ? ` (the highest of the ${content.facts.length} changes)` : ''}`,
    items: listed.map((f) => {
      const t = formatAlertTime(f.eventTime, timeZone);
      return { when: t.time || t.date, what: itemText(f) };
    }),
    more: more > 0 ? `and ${more} more` : '',
    footer: `One card for many changes by one person. More changes by ${content.actorName} until ${end.time || end.date} are added here. Every change is in the audit archive (npm run export).`,
  };
  return renderCard('burst', data);
}

/**
 * The burst SMS, in the product guide's style: `Dec 1, 2026 => 2:12 pm: 37 changes by: Peter Beck
 * MacIntyre in 4 minutes. User account information changed. Affected Element: [Department] The targets of
 * the change were: A, B, C and 34 more. To opt out at any time, simply reply with STOP.` (≤ 1000 units).
 */
export function burstSms(content: BurstContent, timeZone: string): string {
  const first = content.facts[0];
  const when = formatAlertTime(first?.eventTime ?? content.windowEndsAt, timeZone);
  const stamp = when.time === '' ? when.date : `${when.date} => ${when.time}${when.fellBackToUtc ? ' UTC' : ''}`;
  const n = content.facts.length;
  const descriptions = [...new Set(content.facts.map((f) => oneLine(f.description)).filter((d): d is string => d !== undefined))];
  const parts = [`${stamp}: ${plural(n, 'change', 'changes')} by: ${content.actorName} in ${span(content.facts)}.`];
  if (descriptions.length === 1) parts.push(`${descriptions[0]}.`);
  const element = sharedElement(content.facts);
  if (element !== undefined) parts.push(`Affected Element: [${element}]`);
  const targets = [...new Set(content.facts.map((f) => oneLine(f.target.name) ?? oneLine(f.entity?.description)).filter((t): t is string => t !== undefined))];
  if (targets.length > 0) {
    const named = targets.slice(0, SMS_TARGETS).map((t) => (t.length > 60 ? `${t.slice(0, 59)}…` : t));
    const rest = targets.length - named.length;
    parts.push(`The target${targets.length === 1 ? ' of the change was' : 's of the change were'}: ${named.join(', ')}${rest > 0 ? ` and ${rest} more` : ''}`);
  }
  parts.push(`Severity: ${severityWord(content.severity)}.`);
  let text = `${parts.join(' ')} ${SMS_OPT_OUT}`;
  if (text.length > SMS_MAX_UTF16) text = `${parts[0]} ${SMS_OPT_OUT}`;
  return text;
}

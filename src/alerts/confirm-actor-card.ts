import { renderCard, type AdaptiveCard } from '../cards/render-card';
import type { AuditFacts } from '../catalog/describe-audit-record';
import type { AuditSource } from '../db/audit-events-repository';
import type { ActorAnswer } from '../db/alert-triage-repository';
import { alertHeadline } from './alert-headline';
import { formatShortLocalTime } from './format-alert-time';
import { formatPhoneValue, readableName, oneLine } from './alert-headline';

const ANSWERED: Record<ActorAnswer, string> = {
  yes: 'You answered: yes, it was you. Thank you; the alert now shows it was confirmed.',
  no: 'You answered: no, it was not you. Your admins were alerted at once as a possible account compromise.',
};

/** The "Did you make this change?" card for the person the audit record names as the initiator. */
export function confirmActorCard(
  facts: AuditFacts,
  timeZone: string,
  ref: { accountId: string; source: AuditSource; adminId: string; actorId: string },
  answer: ActorAnswer | null = null,
): AdaptiveCard {
  const headline = alertHeadline(facts);
  const rows: [string, string | undefined][] = [
    ['Setting', oneLine(facts.element) === undefined ? undefined : readableName(oneLine(facts.element)!)],
    ['Before', formatPhoneValue(facts.oldValue)],
    ['After', formatPhoneValue(facts.newValue)],
    ['IP address', oneLine(facts.clientIp)],
  ];
  return renderCard('confirm-actor', {
    fallbackText: `Did you make this change? ${headline}`,
    headline,
    byLine: `${oneLine(facts.initiator.name) ? `By ${oneLine(facts.initiator.name)} · ` : ''}${formatShortLocalTime(facts.eventTime, timeZone)}`,
    facts: rows.flatMap(([title, value]) => (value === undefined ? [] : [{ title, value }])),
    adminId: ref.adminId,
    accountId: ref.accountId,
    source: ref.source,
    recordId: facts.recordId,
    actorId: ref.actorId,
    answered: answer === null ? '' : ANSWERED[answer],
  });
}

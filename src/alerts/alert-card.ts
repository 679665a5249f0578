import { renderCard, type AdaptiveCard, type CardData } from '../cards/render-card';
import type { AuditFacts } from '../catalog/describe-audit-record';
import { formatAlertSentence, TEST_PREFIX } from './format-alert-sms';
import { formatAlertTime } from './format-alert-time';

type Fact = CardData['alert']['facts'][number];

/** A value on one line, or undefined when blank. */
const oneLine = (value: string | undefined): string | undefined => {
  const text = value?.replace(/\s+/g, ' ').trim();
  return text === '' ? undefined : text;
};

const joined = (parts: (string | undefined)[]): string | undefined => {
  const present = parts.map(oneLine).filter((part) => part !== undefined);
  return present.length === 0 ? undefined : present.join(' · ');
};

/** "Peter Beck MacIntyre · ext 12001 · Super Admin"; the extension id only when nothing friendlier is known. */
function who(initiator: AuditFacts['initiator']): string | undefined {
  const { name, extensionNumber, extensionId, role, userName } = initiator;
  const known = oneLine(name) !== undefined || oneLine(extensionNumber) !== undefined || oneLine(userName) !== undefined;
  return joined([
    name,
    userName,
    extensionNumber === undefined ? undefined : `ext ${extensionNumber}`,
    known || extensionId === undefined ? undefined : `extension id ${extensionId}`,
    role,
  ]);
}

/** "Department: Biology → Mathematics"; the element is not repeated when it is the old value (FAC company). */
function whatChanged(facts: AuditFacts): string | undefined {
  const oldValue = oneLine(facts.oldValue);
  const newValue = oneLine(facts.newValue);
  const element = oneLine(facts.element) === oldValue && newValue !== undefined ? undefined : oneLine(facts.element);
  const change =
    oldValue !== undefined && newValue !== undefined
      ? `${oldValue} → ${newValue}`
      : newValue !== undefined
        ? `now ${newValue}`
        : oldValue !== undefined
          ? `was ${oldValue}`
          : undefined;
  if (element !== undefined && change !== undefined) return `${element}: ${change}`;
  return element ?? change;
}

/** "Peter B MacIntyre 44 · ext 12004 · id 1983009004"; the object type when nothing else is known. */
function affected(target: AuditFacts['target']): string | undefined {
  const { name, extensionNumber, objectId, objectType } = target;
  return (
    joined([name, extensionNumber === undefined ? undefined : `ext ${extensionNumber}`, objectId === undefined ? undefined : `id ${objectId}`]) ??
    oneLine(objectType)
  );
}

/**
 * RingCX rows: "Entity" (type: description · id), "Action", one row per changed attribute
 * ("maxQueueTime: 30 → 60") for an UPDATE, and "Details" (the entity summary) for a CREATE or DELETE.
 */
function ringcxRows(facts: AuditFacts): [string, string | undefined][] {
  if (facts.source !== 'RingCX') return [];
  const entity = facts.entity ?? {};
  const described = joined([entity.description, entity.id === undefined ? undefined : `id ${entity.id}`]);
  const type = oneLine(entity.type);
  return [
    ['Entity', type !== undefined && described !== undefined ? `${type}: ${described}` : (type ?? described)],
    ['Action', oneLine(facts.action)],
    ...(facts.changes ?? []).map((c): [string, string | undefined] => [c.attribute, `${oneLine(c.from) ?? '(empty)'} → ${oneLine(c.to) ?? '(empty)'}`]),
    ['Details', oneLine(facts.entitySummary)],
  ];
}

/** "Apr 24, 2025 2:12 pm America/Los_Angeles (Apr 24, 2025 9:12 pm UTC)", or the UTC time alone. */
function when(eventTime: Date, timeZone: string): string {
  const utc = formatAlertTime(eventTime, 'UTC');
  const local = formatAlertTime(eventTime, timeZone);
  const utcText = `${utc.date} ${utc.time} UTC`.replace(/\s+/g, ' ');
  if (local.fellBackToUtc || local.zone === 'UTC') return utcText;
  return `${local.date} ${local.time} ${local.zone} (${utcText})`.replace(/\s+/g, ' ');
}

/**
 * The alert card of one audit record (cards/alert.json): the description as title, "Security weakened"
 * for weakening events, a banner for test alerts, and only the facts that have a value.
 */
export function alertCard(facts: AuditFacts, timeZone: string, options: { test?: boolean } = {}): AdaptiveCard {
  const test = options.test === true;
  const rows: [string, string | undefined][] = [
    ['Who', who(facts.initiator)],
    ['IP address', oneLine(facts.clientIp)],
    ...ringcxRows(facts),
    ['What changed', whatChanged(facts)],
    ['Affected', affected(facts.target)],
    ['When', when(facts.eventTime, timeZone)],
    ['Source', facts.source],
  ];
  const factRows: Fact[] = rows.flatMap(([title, value]) => (value === undefined ? [] : [{ title, value }]));
  const sentence = formatAlertSentence(facts, timeZone);
  return renderCard('alert', {
    fallbackText: test ? `${TEST_PREFIX}${sentence}` : sentence,
    title: oneLine(facts.description) ?? 'Audit-trail event',
    weakened: facts.weakensSecurity,
    test,
    facts: factRows,
  });
}

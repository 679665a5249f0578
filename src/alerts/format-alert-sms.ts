import type { AuditFacts } from '../catalog/describe-audit-record';
import { formatAlertTime } from './format-alert-time';

/** The opt-out sentence every alert SMS ends with, whole. */
export const SMS_OPT_OUT = 'To opt out at any time, simply reply with STOP.';
/** RingCentral refuses SMS text longer than 1000 UTF-16 code units (SMS-UP-432, RINGCENTRAL.md §9). */
export const SMS_MAX_UTF16 = 1000;

/** Marks a test alert, in the SMS and the card's fallback text. */
export const TEST_PREFIX = '[TEST] ';
const ELLIPSIS = '…';
/** How far back a cut may move to land on a space; a longer unbroken word is cut inside instead. */
const WORD_BACKTRACK = 40;

/** Collapses whitespace (new lines included) so a value reads on one line. */
const oneLine = (value: string | undefined): string | undefined => {
  const text = value?.replace(/\s+/g, ' ').trim();
  return text === '' ? undefined : text;
};

/**
 * The alert sentence of the product guide, without the opt-out part; also the card's fallback text:
 * `Apr 24, 2025 => 2:12 pm: User account information changed by: Peter Beck MacIntyre. Affected Element:
 * [Department] old value / current action: [Biology] new value: [Mathematics] The target of the change
 * was: Peter B MacIntyre 44 at: 1983009004 (ext: 12004)`. Parts without a value are left out; times are
 * in `timeZone`, or in UTC (and say so) when it is not a valid zone.
 */
export function formatAlertSentence(facts: AuditFacts, timeZone: string): string {
  const when = formatAlertTime(facts.eventTime, timeZone);
  const stamp = when.time === '' ? when.date : `${when.date} => ${when.time}${when.fellBackToUtc ? ' UTC' : ''}`;
  const description = oneLine(facts.description) ?? 'Audit-trail event';
  const userName = oneLine(facts.initiator.userName);
  const person = oneLine(facts.initiator.name);
  const by = userName === undefined ? person : person === undefined ? userName : `${person} (${userName})`;
  const head = by === undefined ? `${stamp}: ${description}` : `${stamp}: ${description} by: ${by}`;
  const parts = [/[.!?]$/.test(head) ? head : `${head}.`];

  if (facts.source === 'RingCX') parts.push(...ringcxParts(facts));

  const element = oneLine(facts.element);
  const oldValue = oneLine(facts.oldValue);
  const newValue = oneLine(facts.newValue);
  if (element !== undefined) parts.push(`Affected Element: [${element}]`);
  if (oldValue !== undefined) parts.push(`old value / current action: [${oldValue}]`);
  if (newValue !== undefined) parts.push(`new value: [${newValue}]`);

  const name = oneLine(facts.target.name);
  const objectId = oneLine(facts.target.objectId);
  const extension = oneLine(facts.target.extensionNumber);
  const target = [
    name,
    objectId === undefined ? undefined : name === undefined ? objectId : `at: ${objectId}`,
    extension === undefined ? undefined : `(ext: ${extension})`,
  ].filter((part) => part !== undefined);
  if (target.length > 0) parts.push(`The target of the change was: ${target.join(' ')}`);

  return parts.join(' ');
}

/** `Entity: [Agent: Jane Agent (id 4411)] [maxQueueTime] old value: [30] new value: [60]`, or `Details: …` for a CREATE or DELETE. */
function ringcxParts(facts: AuditFacts): string[] {
  const parts: string[] = [];
  const entity = facts.entity ?? {};
  const type = oneLine(entity.type);
  const description = oneLine(entity.description);
  const id = oneLine(entity.id);
  const named = [description, id === undefined ? undefined : `(id ${id})`].filter((p) => p !== undefined).join(' ');
  if (type !== undefined || named !== '') parts.push(`Entity: [${[type, named].filter((p) => p !== undefined && p !== '').join(': ')}]`);
  for (const change of facts.changes ?? []) {
    parts.push(`[${oneLine(change.attribute) ?? ''}] old value: [${oneLine(change.from) ?? ''}] new value: [${oneLine(change.to) ?? ''}]`);
  }
  const summary = oneLine(facts.entitySummary);
  if (summary !== undefined) parts.push(`Details: ${summary}`);
  const ip = oneLine(facts.clientIp);
  if (ip !== undefined) parts.push(`From IP: ${ip}`);
  return parts;
}

/**
 * The longest start of `text` of at most `maxUnits` UTF-16 units that ends at a word boundary (or,
 * for a very long unbroken word, at a character boundary): never half a surrogate pair or of an
 * emoji sequence, since it cuts between grapheme clusters only.
 */
function cutAtWordBoundary(text: string, maxUnits: number): string {
  let end = 0;
  for (const { segment } of new Intl.Segmenter('en', { granularity: 'grapheme' }).segment(text)) {
    if (end + segment.length > maxUnits) break;
    end += segment.length;
  }
  const cut = text.slice(0, end);
  if (end === text.length || /^\s/.test(text.slice(end))) return cut.trimEnd();
  const lastSpace = cut.search(/\s\S*$/);
  if (lastSpace > 0 && end - lastSpace <= WORD_BACKTRACK) return cut.slice(0, lastSpace).trimEnd();
  return cut.trimEnd();
}

/**
 * The alert SMS: the sentence, a space and the opt-out sentence; "[TEST] " first for a test alert.
 * At most `SMS_MAX_UTF16` units: a longer sentence is cut at a word boundary and ends with "…", and
 * the opt-out sentence is always kept whole.
 */
export function formatAlertSms(facts: AuditFacts, timeZone: string, options: { test?: boolean; prefix?: string } = {}): string {
  // `prefix`: an escalation's "UNACKNOWLEDGED for 15 min: " before the product guide's text, within the same limit.
  const prefix = `${options.prefix ?? ''}${options.test === true ? TEST_PREFIX : ''}`;
  const sentence = formatAlertSentence(facts, timeZone);
  const tail = ` ${SMS_OPT_OUT}`;
  const whole = `${prefix}${sentence}${tail}`;
  if (whole.length <= SMS_MAX_UTF16) return whole;
  const room = SMS_MAX_UTF16 - prefix.length - ELLIPSIS.length - tail.length;
  return `${prefix}${cutAtWordBoundary(sentence, room)}${ELLIPSIS}${tail}`;
}

import type { AuditRecord } from './audit-record';
import { EVENT_CATALOG, type CatalogEvent, type EventKey } from './event-catalog';

/** What an alert says about one audit record, whatever the channel (SMS, card). */
export interface AuditFacts {
  source: 'RingEX' | 'RingCX';
  recordId: string;
  /** The catalog event, or undefined when the actionId (or user-info element) is not in the catalog. */
  key: EventKey | undefined;
  /** The product guide's description of the event. */
  description: string;
  element?: string;
  oldValue?: string;
  newValue?: string;
  /** `userName`: RingCX's login name of who made the change. */
  initiator: { name?: string; extensionNumber?: string; extensionId?: string; role?: string; userName?: string };
  target: { name?: string; objectId?: string; extensionNumber?: string; objectType?: string };
  eventTime: Date;
  weakensSecurity: boolean;
  clientIp?: string;
  /** RingCX: the audited entity (type = last segment of `auditedClass`). */
  entity?: { type?: string; description?: string; id?: string };
  /** RingCX: CREATE | UPDATE | DELETE. */
  action?: string;
  /** RingCX UPDATE: each changed attribute. */
  changes?: { attribute: string; from?: string; to?: string }[];
  /** RingCX CREATE / DELETE: a compact summary of `affectedEntityJson`. */
  entitySummary?: string;
  /** RingCX: set when an admin made the change while impersonating (simulating) another user (`authUser.simulatedByUserId`). */
  impersonatedBy?: { userId: string; userName?: string };
}

const USER_INFO_ACTION = 'CHANGE_USER_INFO:USER';
/** The product guide names every user-information record alike, whichever element changed. */
const USER_INFO_DESCRIPTION = 'User account information changed';

/** Positions in `details.parameters` of the changed element and its old and new values. */
interface Layout {
  element?: number;
  oldValue?: number;
  newValue?: number;
}

const ELEMENT_ONLY: Layout = { element: 0 };
const ELEMENT_OLD_NEW: Layout = { element: 0, oldValue: 1, newValue: 2 };
/** The user-info elements whose records carry something else in [1] before the old and new values. */
const USER_INFO_LONG: Layout = { element: 0, oldValue: 2, newValue: 3 };

/**
 * Where each event keeps its values. RingCentral does not document the parameter keys, so they are
 * read by position, as the predecessor app does (RINGCENTRAL.md §8, positional table;
 * https://developers.ringcentral.com/api-reference/Audit-Trail/auditTrailSearch).
 * A `Record` over every key, so a new catalog event without a layout fails to compile.
 */
const LAYOUTS: Record<EventKey, Layout> = {
  'mfa-company-off': ELEMENT_ONLY,
  'mfa-company-on': ELEMENT_ONLY,
  '2fa-user-off': ELEMENT_ONLY,
  '2fa-user-on': ELEMENT_ONLY,
  'fac-user-enabled': ELEMENT_ONLY,
  'fac-user-disabled': ELEMENT_ONLY,
  // [0] is the old action, which the product guide also shows as the element.
  'fac-company-changed': { element: 0, oldValue: 0, newValue: 1 },
  'guest-communications-changed': ELEMENT_OLD_NEW,
  'file-sharing-changed': ELEMENT_OLD_NEW,
  'user-info-department': ELEMENT_OLD_NEW,
  'user-info-record-user-name': ELEMENT_OLD_NEW,
  'user-info-email': USER_INFO_LONG,
  'user-info-contact-phone': USER_INFO_LONG,
  'user-info-last-name': USER_INFO_LONG,
  'user-info-first-name': USER_INFO_LONG,
  'user-info-job-title': USER_INFO_LONG,
  'user-info-mobile-phone': USER_INFO_LONG,
};

/**
 * Layout for records the catalog does not know: a user-info element we have no entry for is read
 * like its siblings (four or more parameters → [2]/[3], fewer → [1]/[2]); any other actionId as
 * [0] element, [1] old, [2] new, the most common layout of the table. Missing positions stay empty.
 */
function fallbackLayout(actionId: string, parameterCount: number): Layout {
  if (isUserInfo(actionId) && parameterCount >= 4) return USER_INFO_LONG;
  return ELEMENT_OLD_NEW;
}

const sameActionId = (a: string, b: string): boolean => a.trim().toUpperCase() === b.trim().toUpperCase();
const isUserInfo = (actionId: string): boolean => sameActionId(actionId, USER_INFO_ACTION);
/** "Contact Phone", "ContactPhone" and "contactphone" name the same element. */
const elementName = (value: string): string => value.toLowerCase().replace(/[^a-z0-9]/g, '');

/** A parameter value as text: strings trimmed, numbers and booleans written out, anything else (or blank) absent. */
function textOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() === '' ? undefined : value.trim();
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return undefined;
}

/** The values of `details.parameters` in order; a malformed item keeps its position as `undefined`. */
function parameterValues(details: unknown): (string | undefined)[] {
  if (typeof details !== 'object' || details === null) return [];
  const parameters: unknown = (details as { parameters?: unknown }).parameters;
  if (!Array.isArray(parameters)) return [];
  return parameters.map((parameter: unknown) =>
    typeof parameter === 'object' && parameter !== null ? textOf((parameter as { value?: unknown }).value) : undefined,
  );
}

/** The catalog event a record belongs to; for CHANGE_USER_INFO:USER the element in parameters[0] picks it. */
export function catalogKeyFor(record: Pick<AuditRecord, 'actionId' | 'details'>): EventKey | undefined {
  return catalogEventFor(record)?.key;
}

/** The catalog events of each actionId (trimmed, upper case), built once: every fetched record is looked up here. */
const EVENTS_BY_ACTION = new Map<string, CatalogEvent[]>();
for (const event of EVENT_CATALOG) {
  const key = event.actionId.trim().toUpperCase();
  EVENTS_BY_ACTION.set(key, [...(EVENTS_BY_ACTION.get(key) ?? []), event]);
}

function catalogEventFor(record: Pick<AuditRecord, 'actionId' | 'details'>): CatalogEvent | undefined {
  const actionId = typeof record.actionId === 'string' ? record.actionId : '';
  const candidates = EVENTS_BY_ACTION.get(actionId.trim().toUpperCase()) ?? [];
  if (!isUserInfo(actionId)) return candidates[0];
  const element = parameterValues(record.details)[0];
  if (element === undefined) return undefined;
  return candidates.find((event) => event.element !== undefined && elementName(event.element) === elementName(element));
}

/** "CHANGE_SECRET_INFO" → "Change secret info"; "DELETE_EXTENSION:User" → "Delete extension (user)". */
function readableActionId(actionId: string): string {
  const [action = '', ...scope] = actionId.split(':');
  const words = (text: string): string => text.replace(/[_\s]+/g, ' ').trim().toLowerCase();
  const main = words(action);
  const qualifier = words(scope.join(' '));
  const sentence = [main, qualifier === '' ? '' : `(${qualifier})`].filter((part) => part !== '').join(' ');
  if (sentence === '') return 'Unknown audit-trail event';
  return sentence.charAt(0).toUpperCase() + sentence.slice(1);
}

/**
 * RingCentral's eventTime is RFC 3339 in UTC; a value without an offset is read as UTC rather than
 * as the server's local time. Anything unparseable gives `fallbackTime`.
 */
function eventTimeOf(eventTime: unknown, fallbackTime: Date): Date {
  if (typeof eventTime !== 'string' || eventTime.trim() === '') return fallbackTime;
  const text = eventTime.trim();
  // Only ISO 8601 / RFC 3339: Date.parse also takes "17" (the year 2017) and other lenient forms.
  if (!/^\d{4}-\d{2}-\d{2}/.test(text)) return fallbackTime;
  const hasOffset = /(Z|[+-]\d{2}:?\d{2})$/i.test(text);
  const withOffset = /T\d{2}:\d{2}/.test(text) && !hasOffset ? `${text}Z` : text;
  const time = new Date(withOffset);
  return Number.isNaN(time.getTime()) ? fallbackTime : time;
}

/**
 * Whether a value reads as "turned on": it starts with the word on, enabled/enable, true, yes, 1,
 * allow/allowed/allows (case-insensitive). "Off", "Disabled", "Disallow", "Not allowed" and blanks
 * are not on.
 */
function readsAsOn(value: string | undefined): boolean {
  return value !== undefined && /^\s*(on|enabled?|true|yes|1|allow(ed|s)?)\b/i.test(value);
}

/**
 * Weakens security: the catalog's events that weaken it whenever they happen (MFA off for the company,
 * 2FA off for a user, forward-all-calls enabled for a user), plus the external guest communications
 * toggle when its new value turns guests ON (see `readsAsOn`); turning it off is not a weakening.
 */
function weakens(event: CatalogEvent | undefined, newValue: string | undefined): boolean {
  if (event === undefined) return false;
  if (event.key === 'guest-communications-changed') return readsAsOn(newValue);
  return event.weakensSecurity;
}

const at = (values: (string | undefined)[], index: number | undefined): string | undefined =>
  index === undefined ? undefined : values[index];

/** Copies the defined entries only, so optional fields are absent rather than `undefined`. */
function defined<T extends Record<string, string | undefined>>(entries: T): { [K in keyof T]?: string } {
  const result: { [K in keyof T]?: string } = {};
  for (const key of Object.keys(entries) as (keyof T)[]) {
    const value = entries[key];
    if (value !== undefined) result[key] = value;
  }
  return result;
}

function partOf(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

/**
 * The facts an alert shows for one RingEX audit record. Never throws: an unexpected parameter layout
 * (too few parameters, non-string values, an unknown element) shows whatever is there.
 */
export function describeAuditRecord(record: AuditRecord, fallbackTime: Date): AuditFacts {
  const actionId = textOf(record.actionId) ?? '';
  const values = parameterValues(record.details);
  const event = catalogEventFor(record);
  const layout = event ? LAYOUTS[event.key] : fallbackLayout(actionId, values.length);
  const description = isUserInfo(actionId) ? USER_INFO_DESCRIPTION : (event?.label ?? readableActionId(actionId));
  const changed = defined({ element: at(values, layout.element), oldValue: at(values, layout.oldValue), newValue: at(values, layout.newValue) });
  const initiator = partOf(record.initiator);
  const target = partOf(record.target);
  const objectId = textOf(target['objectId']);

  return {
    source: 'RingEX',
    recordId: textOf(record.id) ?? '',
    key: event?.key,
    description,
    ...changed,
    initiator: defined({
      name: textOf(initiator['name']),
      extensionNumber: textOf(initiator['extensionNumber']),
      extensionId: textOf(initiator['extensionId']),
      role: textOf(initiator['role']),
    }),
    target: defined({
      name: textOf(target['name']),
      // The spec: objectId is "0" for Company level, which identifies nothing to a reader.
      objectId: objectId === '0' ? undefined : objectId,
      extensionNumber: textOf(target['extensionNumber']),
      objectType: textOf(target['objectType']),
    }),
    eventTime: eventTimeOf(record.eventTime, fallbackTime),
    weakensSecurity: weakens(event, changed.newValue),
    ...defined({ clientIp: textOf(record.clientIp) }),
  };
}

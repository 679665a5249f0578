import type { AuditFacts } from './describe-audit-record';
import type { RingcxRecord } from './ringcx-record';

const SUMMARY_MAX = 240;
const SUMMARY_FIELDS = 8;

const clean = (value: string | null | undefined): string | undefined => {
  const text = value?.replace(/\s+/g, ' ').trim();
  return text === undefined || text === '' ? undefined : text;
};

/** "com.ringcentral.ringcx.admin.Agent" → "Agent"; "Agent" stays. */
export function entityTypeOf(auditedClass: string | null | undefined): string | undefined {
  const last = clean(auditedClass)?.split(/[.$]/).filter(Boolean).at(-1);
  return clean(last);
}

/** CREATE | UPDATE | DELETE, upper case; anything else as sent. */
export function actionOf(actionType: string | null | undefined): string | undefined {
  return clean(actionType)?.toUpperCase();
}

const VERBS: Record<string, string> = { CREATE: 'created', UPDATE: 'updated', DELETE: 'deleted' };

/** When it happened: `createTime` (epoch ms), else `createTimeAsDateTime`, else `fallbackTime`. */
export function ringcxEventTime(record: RingcxRecord, fallbackTime: Date): Date {
  const epoch = typeof record.createTime === 'number' ? record.createTime : /^\d{10,}$/.test(String(record.createTime ?? '')) ? Number(record.createTime) : NaN;
  if (Number.isFinite(epoch)) return new Date(epoch);
  for (const candidate of [record.createTime, record.createTimeAsDateTime]) {
    if (typeof candidate === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(candidate)) {
      // Why: RingCX writes the offset without a colon ("2026-01-13T00:00:00.000+0000", RINGCENTRAL.md §10),
      // which ECMAScript's date-time format does not define: write it as +00:00 before parsing.
      const time = new Date(candidate.trim().replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
      if (!Number.isNaN(time.getTime())) return time;
    }
  }
  return fallbackTime;
}

/** "name: Jane Agent, enabled: true, …": the entity's first scalar fields on one line. */
export function summarizeEntityJson(value: unknown): string | undefined {
  let parsed: unknown = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value);
    } catch {
      return clean(value)?.slice(0, SUMMARY_MAX);
    }
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return parsed === undefined || parsed === null ? undefined : clean(JSON.stringify(parsed))?.slice(0, SUMMARY_MAX);
  }
  const parts: string[] = [];
  for (const [key, item] of Object.entries(parsed)) {
    if (parts.length >= SUMMARY_FIELDS) break;
    if (item === null || item === '' || typeof item === 'object') continue;
    parts.push(`${key}: ${clean(String(item)) ?? ''}`);
  }
  const summary = parts.join(', ');
  if (summary === '') return undefined;
  return summary.length > SUMMARY_MAX ? `${summary.slice(0, SUMMARY_MAX - 1)}…` : summary;
}

/** A source IP, when RingCX sends one (none is documented in §10; these names are guesses: UNCONFIRMED). */
function sourceIpOf(record: RingcxRecord): string | undefined {
  for (const key of ['ipAddress', 'sourceIp', 'clientIp', 'remoteAddress']) {
    const value = record[key];
    if (typeof value === 'string' && clean(value)) return clean(value);
  }
  return undefined;
}

/**
 * The facts an alert shows for one RingCX audit record: entity type (last segment of
 * `auditedClass`), its description and id, the action, each changed attribute (UPDATE) or a compact
 * summary of the entity (CREATE, DELETE), who (name and user name), the source IP and the time.
 * Never throws: a malformed record shows what is there.
 */
export function describeRingcxRecord(record: RingcxRecord, fallbackTime: Date): AuditFacts {
  const type = entityTypeOf(record.auditedClass);
  const action = actionOf(record.actionType);
  const verb = action === undefined ? 'changed' : (VERBS[action] ?? action.toLowerCase());
  const user = record.authUser ?? {};
  const name = clean([user.firstName, user.lastName].filter((p) => clean(p) !== undefined).join(' '));
  const changes = (record.auditLogResultList ?? [])
    .filter((c) => clean(c.attributeName) !== undefined)
    .map((c) => ({ attribute: clean(c.attributeName)!, ...(clean(c.originalValue) !== undefined ? { from: clean(c.originalValue)! } : {}), ...(clean(c.newValue) !== undefined ? { to: clean(c.newValue)! } : {}) }));
  const summary = action === 'UPDATE' && changes.length > 0 ? undefined : summarizeEntityJson(record.affectedEntityJson);
  const entity: NonNullable<AuditFacts['entity']> = {};
  if (type !== undefined) entity.type = type;
  const description = clean(record.auditedEntityDescription);
  if (description !== undefined) entity.description = description;
  const entityId = clean(record.auditedEntityId);
  if (entityId !== undefined) entity.id = entityId;
  const initiator: AuditFacts['initiator'] = {};
  if (name !== undefined) initiator.name = name;
  const userName = clean(user.userName);
  if (userName !== undefined) initiator.userName = userName;
  const ip = sourceIpOf(record);
  // Why: RingCX sets authUser.simulatedByUserId when an admin acted while impersonating a user (RINGCENTRAL.md §10).
  const simulatedBy = clean(user.simulatedByUserId);
  const simulatedByName = clean(user.simulatedByUserName);
  return {
    source: 'RingCX',
    recordId: clean(record.id) ?? '',
    key: undefined,
    description: `RingCX ${type ?? 'entity'} ${verb}`,
    initiator,
    target: {},
    eventTime: ringcxEventTime(record, fallbackTime),
    weakensSecurity: false,
    entity,
    ...(action !== undefined ? { action } : {}),
    ...(changes.length > 0 ? { changes } : {}),
    ...(summary !== undefined ? { entitySummary: summary } : {}),
    ...(ip !== undefined ? { clientIp: ip } : {}),
    ...(simulatedBy !== undefined ? { impersonatedBy: { userId: simulatedBy, ...(simulatedByName !== undefined ? { userName: simulatedByName } : {}) } } : {}),
  };
}

import { z } from 'zod';

/**
 * One RingCX audit log entry as `PUT {ringcx}/voice/api/v1/admin/auditLogs/search` returns it
 * (RINGCENTRAL.md §10). Nothing is required: a record with a missing or odd field is still archived
 * and alerted with what is known, so every field degrades to `undefined` instead of failing the
 * record; the problems are listed for the log. Unknown fields are kept.
 */

const text = z
  .union([z.string(), z.number().transform(String), z.boolean().transform(String)])
  .nullish()
  .catch(undefined);

const changeSchema = z
  .looseObject({ attributeName: text, originalValue: text, newValue: text, classType: text })
  .catch({ attributeName: undefined, originalValue: undefined, newValue: undefined, classType: undefined });

export const ringcxRecordSchema = z.looseObject({
  id: text,
  authUser: z.looseObject({ userName: text, firstName: text, lastName: text, userId: text, sourceId: text, simulatedByUserId: text, simulatedByUserName: text }).nullish().catch(undefined),
  /** ms since epoch (the simulator; RingCX's docs show both epoch and ISO renderings: UNCONFIRMED). */
  createTime: z.union([z.number(), z.string()]).nullish().catch(undefined),
  createTimeAsDateTime: text,
  auditedClass: text,
  auditedEntityId: text,
  auditedEntityDescription: text,
  actionType: text,
  accountId: text,
  auditLogResultList: z.array(changeSchema).nullish().catch(undefined),
  /** A JSON text of the entity (sometimes an object already). */
  affectedEntityJson: z.unknown().optional(),
});

export type RingcxRecord = z.infer<typeof ringcxRecordSchema>;

const EXPECTED: (keyof RingcxRecord)[] = ['id', 'authUser', 'auditedClass', 'actionType', 'accountId'];

/** Parses one raw RingCX record; never throws. `problems` names what was missing or unreadable. */
export function parseRingcxRecord(raw: unknown): { record: RingcxRecord; problems: string[] } {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { record: {}, problems: [`record: not an object (${Array.isArray(raw) ? 'array' : typeof raw})`] };
  }
  const record = ringcxRecordSchema.parse(raw);
  const source = raw as Record<string, unknown>;
  const problems: string[] = [];
  for (const key of EXPECTED) {
    if (record[key] === undefined || record[key] === null) problems.push(`${key}: ${key in source ? 'unreadable' : 'missing'}`);
  }
  if (record.createTime === undefined && record.createTimeAsDateTime === undefined) problems.push('createTime: missing');
  if ('auditLogResultList' in source && source['auditLogResultList'] !== null && !Array.isArray(source['auditLogResultList'])) problems.push('auditLogResultList: not a list');
  return { record, problems };
}

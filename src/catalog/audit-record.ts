import { z } from 'zod';

/**
 * One RingEX audit-trail record as `POST /restapi/v1.0/account/~/audit-trail/search` returns it
 * (OpenAPI `AccountHistoryPublicRecord`, RINGCENTRAL.md §8).
 *
 * Only `id` (to de-duplicate overlapping polls) and `actionId` (to know what happened) are required.
 * Every other field is optional and lenient: a field of an unexpected type becomes `undefined`
 * instead of rejecting the whole record, because a security alert with one odd field is still worth
 * sending. Numbers are accepted where the spec says string (ids and parameter values) and turned into
 * strings. Unknown fields are kept.
 */

/** A string, or a number turned into one; anything else fails (callers decide whether to `.catch`). */
const stringLike = z.union([z.string(), z.number().transform(String)]);

/** An optional spec string field: a wrong type degrades to `undefined`. */
const optionalText = stringLike.nullish().catch(undefined);

/**
 * A `details.parameters` item. The parameters are read *by position* (the keys are undocumented), so
 * a malformed item is kept as an empty one rather than dropped: dropping it would shift the others.
 */
const parameterSchema = z
  .looseObject({
    key: optionalText,
    value: z.union([stringLike, z.boolean().transform(String)]).nullish().catch(undefined),
  })
  .catch({ key: undefined, value: undefined });

const initiatorSchema = z.looseObject({
  extensionId: optionalText,
  extensionNumber: optionalText,
  name: optionalText,
  role: optionalText,
});

const targetSchema = z.looseObject({
  objectId: optionalText,
  objectType: optionalText,
  name: optionalText,
  extensionNumber: optionalText,
  siteId: optionalText,
});

const detailsSchema = z.looseObject({
  parameters: z.array(parameterSchema).nullish().catch(undefined),
});

/** `id` and `actionId`: a non-empty string, or a number turned into one. */
const requiredId = z.union([z.string().trim().min(1), z.number().transform(String)]);

export const auditRecordSchema = z.looseObject({
  id: requiredId,
  actionId: requiredId,
  eventTime: z.string().nullish().catch(undefined),
  eventType: optionalText,
  accountId: optionalText,
  accountName: optionalText,
  clientIp: optionalText,
  comment: optionalText,
  initiator: initiatorSchema.nullish().catch(undefined),
  target: targetSchema.nullish().catch(undefined),
  details: detailsSchema.nullish().catch(undefined),
});

export type AuditRecord = z.infer<typeof auditRecordSchema>;

/** Parses one raw audit-trail record; never throws. The error names each failing field in one line. */
export function parseAuditRecord(raw: unknown): { ok: true; record: AuditRecord } | { ok: false; error: string } {
  try {
    const result = auditRecordSchema.safeParse(raw);
    if (result.success) return { ok: true, record: result.data };
    const problems = result.error.issues.map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : 'record'}: ${issue.message}`);
    return { ok: false, error: `Not an audit-trail record: ${problems.join('; ')}` };
  } catch (error) {
    return { ok: false, error: `Not an audit-trail record: ${error instanceof Error ? error.message : String(error)}` };
  }
}

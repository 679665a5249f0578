import { isJsonObject, type JsonObject, type OpenApiDocument } from './spec-document';

/** ISO-8601 with an explicit offset, `±hh:mm` or `±hhmm`; never `Z` (docs/analytics/audit-logs.md). */
export const RINGCX_OFFSET_DATE_TIME = '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?[+-]\\d{2}:?\\d{2}$';

/**
 * Adjust RingCX's spec where it was generated from Java types rather than from what goes over the
 * wire, so that validation catches real mistakes. Each change names the published document that
 * settles it: RingCX's "Administrative Audit Log APIs" (engage-voice-api-docs, docs/analytics/audit-logs.md).
 * Mutates `doc`.
 */
export function relaxRingcxSpecGaps(doc: OpenApiDocument): OpenApiDocument {
  const schemas = doc.components.schemas ?? {};
  // Why: `DateTime` is a serialised Joda object in the spec, but the document's request table types
  // startDateTime/endDateTime as "String (ISO-8601 date-time)" with "an explicit UTC offset. The Z (Zulu)
  // suffix is unsupported", and its example response has "createTimeAsDateTime": "2026-01-13T00:00:00.000+0000".
  schemas.DateTime = { type: 'string', pattern: RINGCX_OFFSET_DATE_TIME };

  const auditLog = propertiesOf(schemas.AuditLog);
  if (auditLog !== undefined) {
    // Why: typed `object` (Java Object) in the spec; the document's field table says String for both
    // and its example sends "auditedEntityId": "000000", "auditedEntityDescription": "Example Entity Name".
    auditLog.auditedEntityId = { type: 'string' };
    auditLog.auditedEntityDescription = { type: 'string' };
    // Why: the document's field table lists `auditedClass` (String, the Java class path) and its example has it;
    // the spec omits it.
    auditLog.auditedClass = { type: 'string' };
  }
  const result = propertiesOf(schemas.AuditLogResult);
  if (result !== undefined) {
    // Why: typed `object` in the spec; the document's example sends "originalValue": "0", "newValue": "1".
    result.originalValue = {};
    result.newValue = {};
  }
  // Why: the document's example response sends null for string fields ("affectedEntityJson": null,
  // "fullJson": null, "simulatedByUserId": null), which the spec does not mark nullable.
  for (const name of ['AuditLog', 'AuditLogAuthenticatedUser', 'AuditLogResult']) {
    for (const property of Object.values(propertiesOf(schemas[name]) ?? {})) {
      if (isJsonObject(property) && typeof property.type === 'string') property.nullable = true;
    }
  }
  return doc;
}

function propertiesOf(schema: unknown): JsonObject | undefined {
  return isJsonObject(schema) && isJsonObject(schema.properties) ? schema.properties : undefined;
}

import { isJsonObject, type OpenApiDocument } from './spec-document';

/**
 * Adjust the in-memory spec where it describes RingCentral more narrowly than RingCentral behaves,
 * so that validation catches real mistakes instead of flagging every real payload. Mutates `doc`.
 */
export function relaxSpecGaps(doc: OpenApiDocument): OpenApiDocument {
  const schemas = doc.components.schemas ?? {};
  // Why: the spec's Adaptive Card model is a small example (body items may only be `Container`,
  // actions only carry title/url), while RingCentral accepts any Adaptive Card 1.3
  // (https://developers.ringcentral.com/guide/team-messaging/adaptive-cards). Keep the envelope
  // (type, version, ...) checked and let the card's own body and actions through.
  for (const name of ['AdaptiveCardRequest', 'AdaptiveCardInfo']) {
    const schema = schemas[name];
    if (isJsonObject(schema) && isJsonObject(schema.properties)) {
      schema.properties.body = { type: 'array', items: { type: 'object' } };
      schema.properties.actions = { type: 'array', items: { type: 'object' } };
    }
  }
  // Why: GetSingleMessageInfoResponse requires `vmSideRecipients` (a voicemail-only list with minItems 1), yet an
  // SMS record has no side recipients: RingCentral's own SMS record examples ("Handling SMS Messaging Errors",
  // https://developers.ringcentral.com/guide/messaging/sms/sms-errors) carry none. Keep the schema, drop the requirement.
  const single = schemas.GetSingleMessageInfoResponse;
  if (isJsonObject(single) && Array.isArray(single.allOf)) {
    for (const part of single.allOf) if (isJsonObject(part) && Array.isArray(part.required)) part.required = part.required.filter((r) => r !== 'vmSideRecipients');
  }
  // Why: OpenAPI 3.0 `nullable: true` admits null even when an `enum` omits it; JSON Schema
  // validators apply the enum literally, so add the null.
  addNullToNullableEnums(doc.components);
  return doc;
}

function addNullToNullableEnums(node: unknown): void {
  if (Array.isArray(node)) {
    for (const item of node) addNullToNullableEnums(item);
    return;
  }
  if (!isJsonObject(node)) return;
  if (node.nullable === true && Array.isArray(node.enum) && !node.enum.includes(null)) node.enum.push(null);
  for (const value of Object.values(node)) addNullToNullableEnums(value);
}

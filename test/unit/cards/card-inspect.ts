import { AdaptiveCard as ParsedCard, SerializationContext, Versions } from 'adaptivecards';
import type { AdaptiveCard } from '../../../src/cards/render-card';

/** Card element and action types the RingCentral app renders reliably (RINGCENTRAL.md §5, Adaptive Cards 1.3). */
export const ALLOWED_TYPES: ReadonlySet<string> = new Set([
  'AdaptiveCard',
  'TextBlock',
  'RichTextBlock',
  'TextRun',
  'Image',
  'ImageSet',
  'Container',
  'ColumnSet',
  'Column',
  'FactSet',
  'ActionSet',
  'Input.Text',
  'Input.Number',
  'Input.Date',
  'Input.Time',
  'Input.ChoiceSet',
  'Input.Toggle',
  'Action.Submit',
  'Action.OpenUrl',
]);

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Every object with a `type` in the card, depth first; Action.Submit `data` is payload, not card, so it is not entered. */
export function typedObjects(card: AdaptiveCard): JsonObject[] {
  const found: JsonObject[] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      value.forEach(visit);
      return;
    }
    if (!isObject(value)) return;
    if (typeof value['type'] === 'string') found.push(value);
    for (const [key, child] of Object.entries(value)) {
      if (key === 'data' && value['type'] === 'Action.Submit') continue;
      visit(child);
    }
  };
  visit(card);
  return found;
}

/** Every string anywhere in the card, with its JSON path. */
export function stringsOf(card: AdaptiveCard): { path: string; value: string }[] {
  const found: { path: string; value: string }[] = [];
  const visit = (value: unknown, path: string): void => {
    if (typeof value === 'string') found.push({ path, value });
    else if (Array.isArray(value)) value.forEach((child, i) => visit(child, `${path}[${i}]`));
    else if (isObject(value)) for (const [key, child] of Object.entries(value)) visit(child, `${path}.${key}`);
  };
  visit(card, '$');
  return found;
}

/** The card's inputs by id. */
export function inputsOf(card: AdaptiveCard): Map<string, JsonObject> {
  const inputs = new Map<string, JsonObject>();
  for (const object of typedObjects(card)) {
    const { type, id } = object;
    if (typeof type === 'string' && type.startsWith('Input.') && typeof id === 'string') inputs.set(id, object);
  }
  return inputs;
}

/** The card's Action.Submit buttons as `title → data`. */
export function submitsOf(card: AdaptiveCard): Map<string, JsonObject> {
  const submits = new Map<string, JsonObject>();
  for (const object of typedObjects(card)) {
    if (object['type'] !== 'Action.Submit') continue;
    const { title, data } = object;
    if (typeof title !== 'string' || !isObject(data)) throw new Error(`Action.Submit without title or data: ${JSON.stringify(object)}`);
    submits.set(title, data);
  }
  return submits;
}

/** Parses the card with the `adaptivecards` SDK targeting 1.3; returns every parse event and validation failure as text. */
export function sdkProblems(card: AdaptiveCard): string[] {
  const parsed = new ParsedCard();
  const context = new SerializationContext();
  context.targetVersion = Versions.v1_3;
  parsed.parse(card, context);
  const problems: string[] = [];
  for (let i = 0; i < context.eventCount; i++) {
    const event = context.getEventAt(i);
    problems.push(`parse: ${event.message}`);
  }
  for (const event of parsed.validateProperties().validationEvents) problems.push(`validate: ${event.message}`);
  return problems;
}

import type { z } from 'zod';

/**
 * Why a body is not `what`, as one English sentence for the sender ("The body is not a card submit:
 * it has no data.action."), in place of the validator's own report.
 */
export function plainSchemaError(what: string, error: z.ZodError): string {
  const issue = error.issues[0];
  const field = issue && issue.path.length > 0 ? issue.path.map(String).join('.') : undefined;
  if (issue === undefined || field === undefined) return `The body is not ${what}: it is not a JSON object of that shape.`;
  if (issue.code === 'invalid_type' && /received undefined/.test(issue.message)) return `The body is not ${what}: it has no ${field}.`;
  if (issue.code === 'invalid_type') return `The body is not ${what}: ${field} should be ${article(issue.expected)}.`;
  if (issue.code === 'too_small') return `The body is not ${what}: ${field} is empty.`;
  return `The body is not ${what}: ${field} has a value it cannot have.`;
}

const TYPE_WORDS: Record<string, string> = { string: 'text', number: 'a number', object: 'an object', array: 'a list', boolean: 'true or false' };
const article = (expected: string): string => TYPE_WORDS[expected] ?? `of type ${expected}`;

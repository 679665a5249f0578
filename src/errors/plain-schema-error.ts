import type { z } from 'zod';

type Issue = z.core.$ZodIssue;

/**
 * The issue to tell about: for a value that matches none of a union's shapes, the issue of the shape
 * it came closest to (its type matched), with the union's path in front.
 */
function telling(issue: Issue): Issue {
  if (issue.code !== 'invalid_union' || issue.errors.length === 0) return issue;
  const branches = issue.errors.filter((b) => b.length > 0);
  const closest = branches.find((b) => b[0]!.code !== 'invalid_type');
  if (!closest) return issue; // no shape's type matched: told as "should be text or a number"
  const inner = telling(closest[0]!);
  return { ...inner, path: [...issue.path, ...inner.path] } as Issue;
}

/**
 * Why a body is not `what`, as one English sentence for the sender ("The body is not a card submit:
 * it has no data.action.", "The body is not a card submit: user.accountId must not contain control
 * characters."), in place of the validator's own report.
 */
export function plainSchemaError(what: string, error: z.ZodError): string {
  const first = error.issues[0];
  const issue = first ? telling(first) : undefined;
  const field = issue && issue.path.length > 0 ? issue.path.map(String).join('.') : undefined;
  if (issue === undefined || field === undefined) return `The body is not ${what}: it is not a JSON object of that shape.`;
  if (issue.code === 'invalid_type' && /received undefined/.test(issue.message)) return `The body is not ${what}: it has no ${field}.`;
  if (issue.code === 'invalid_type') return `The body is not ${what}: ${field} should be ${article(issue.expected)}.`;
  if (issue.code === 'invalid_union') {
    const expected = [...new Set(issue.errors.flatMap((b) => (b[0]?.code === 'invalid_type' ? [article(b[0].expected)] : [])))];
    if (expected.length > 0) return `The body is not ${what}: ${field} should be ${expected.join(' or ')}.`;
  }
  if (issue.code === 'too_small') return `The body is not ${what}: ${field} ${issue.origin === 'number' ? 'is too small' : 'is empty'}.`;
  if (issue.code === 'too_big') return `The body is not ${what}: ${field} ${issue.origin === 'string' ? `is longer than ${String(issue.maximum)} characters` : issue.origin === 'number' ? 'is too large' : 'has too many items'}.`;
  // Our own edge checks (src/events/safe-text.ts) say what a value must be: "must not contain control characters".
  if ((issue.code === 'custom' || issue.code === 'invalid_format') && /^must /.test(issue.message)) return `The body is not ${what}: ${field} ${issue.message}.`;
  return `The body is not ${what}: ${field} has a value it cannot have.`;
}

const TYPE_WORDS: Record<string, string> = { string: 'text', number: 'a number', object: 'an object', array: 'a list', boolean: 'true or false' };
const article = (expected: string): string => TYPE_WORDS[expected] ?? `of type ${expected}`;

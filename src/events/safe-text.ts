import { z } from 'zod';

/**
 * Edge checks shared by every inbound schema (webhook notifications, card submits, OAuth redirects):
 * ids and text that reach the database, URLs and logs are refused here when they hold what no
 * RingCentral payload holds. A NUL byte cuts SQLite's statement short and PostgreSQL refuses it in
 * text; a lone UTF-16 surrogate makes `encodeURIComponent` throw; megabyte "ids" fill logs.
 */

/** C0 controls except tab, line feed and carriage return, plus DEL. */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
export const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** What a RingCentral id looks like: printable ASCII without spaces (digits, UUIDs, `~`). */
const ID = /^[\x21-\x7E]+$/;

/** The longest id any RingCentral payload carries (account, extension, chat, post, card, subscription ids). */
export const MAX_ID_LENGTH = 128;

/** Why `value` is not acceptable text, or undefined when it is. */
export function textProblem(value: string, maxLength: number): string | undefined {
  if (value.length > maxLength) return `must be at most ${maxLength} characters`;
  if (CONTROL.test(value)) return 'must not contain control characters';
  if (LONE_SURROGATE.test(value)) return 'must be valid Unicode text';
  return undefined;
}

/** A text field: a string of at most `maxLength` characters, no control characters, well-formed Unicode. */
export function safeText(maxLength: number) {
  return z.string().superRefine((value, ctx) => {
    const problem = textProblem(value, maxLength);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });
}

/** A short token-like field (OAuth code, state, client id): printable ASCII without spaces. */
export function safeToken(maxLength: number) {
  return z.string().min(1).max(maxLength).regex(ID, 'must be printable ASCII without spaces');
}

/**
 * An id as RingCentral sends it, string or number, as a string: a non-negative safe integer, or
 * 1–128 printable ASCII characters. Objects, arrays, booleans, NUL and unicode are refused.
 */
export const safeId = z
  .union([
    z.string().min(1).max(MAX_ID_LENGTH).regex(ID, 'must be an id (printable ASCII without spaces)'),
    z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  ])
  .transform(String);

/** A numeric id only (account and extension ids in install redirects), string or number, as a string. */
export const numericId = z
  .union([z.string().regex(/^\d{1,20}$/, 'must be a number'), z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER)])
  .transform(String);

/** Cuts a caller-supplied value to a few dozen characters for a log line. */
export function clipForLog(value: unknown, maxLength = 40): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
  return text.length > maxLength ? `${text.slice(0, maxLength)}…(${text.length} chars)` : text;
}

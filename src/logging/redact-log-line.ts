/**
 * The one redactor every log line passes through (pino's streamWrite hook, after serialization, so
 * child-logger bindings, messages and serialized errors are covered alike):
 * - secrets by key, at any depth: tokens, client secrets, PKCE verifiers, sealed columns;
 * - secrets by shape, in any text: `Bearer …`/`Basic …` credentials, `?code=`/`access_token=`-style URL
 *   parameters, and long opaque token-like strings;
 * - full phone numbers, in any text (RingCentral's own error texts name numbers): only the last four digits stay;
 * - SQL without its values: string literals in statements become `?`, bound `parameters`/`bind` are dropped.
 */

const SECRET_KEYS = new Set(
  [
    'access_token',
    'refresh_token',
    'ws_access_token',
    'accessToken',
    'refreshToken',
    'token',
    'botToken',
    'verificationToken',
    'validationToken',
    'clientSecret',
    'client_secret',
    'sharedSecret',
    'encryptionKey',
    'code_verifier',
    'codeVerifier',
    'authorization',
    'password',
    'tokenEnc',
    'accessTokenEnc',
    'refreshTokenEnc',
    'codeVerifierEnc',
    'verification-token',
    'x-glip-signature',
    'cookie',
  ].map((k) => k.toLowerCase()),
);

/** Keys whose values are SQL bound values (Sequelize errors carry them): never logged. */
const SQL_VALUE_KEYS = new Set(['parameters', 'bind', 'replacements']);

const REDACTED = '[redacted]';

// +16505550102, +44 20 7946 0958, (650) 555-0102, 650-555-0102, 650.555.0102, +1 650 555 0102
const E164 = /\+\d(?:[\s().-]?\d){9,14}/g;
const NANP = /(?<![\d+])(?:1[\s.-]?)?\(?\d{3}\)?[\s.-]\d{3}[\s.-]\d{4}(?!\d)/g;
const CREDENTIAL = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi;
const URL_SECRET = /([?&#](?:access_token|refresh_token|code|code_verifier|client_secret|token|state|validation_token)=)[^&#\s"'<>]+/gi;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// a migration's name, e.g. 20261201190000-partial-delivery-indexes: a timestamp, then lower-case words
const MIGRATION_NAME = /^\d{14}(?:-[a-z]+)+$/;
// 32+ characters of a token alphabet holding both letters and digits: access tokens, hashes, sealed values
const OPAQUE = /[A-Za-z0-9_+=-]{32,}/g;
const SQL_STRING = /'(?:[^']|'')*'/g;
// postgres://user:password@host: the password part
const URL_PASSWORD = /(\b[a-z][a-z0-9+.-]*:\/\/[^:/?#@\s"]+:)[^@/?#\s"]+@/gi;

/** Shows only the last 4 digits of a phone number. */
function maskDigits(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  return digits.length <= 4 ? '****' : `…${digits.slice(-4)}`;
}

/** Masks phone numbers and token-shaped secrets in free text. */
export function redactText(text: string): string {
  return text
    .replace(URL_PASSWORD, (_m, user: string) => `${user}${REDACTED}@`)
    .replace(CREDENTIAL, (_m, scheme: string) => `${scheme} ${REDACTED}`)
    .replace(URL_SECRET, (_m, name: string) => `${name}${REDACTED}`)
    .replace(OPAQUE, (run) => (/[0-9]/.test(run) && /[A-Za-z]/.test(run) && !UUID.test(run) && !MIGRATION_NAME.test(run) ? REDACTED : run))
    .replace(E164, maskDigits)
    .replace(NANP, maskDigits);
}

/** A SQL statement with every string literal replaced by `?` (values never reach the log, whatever the level). */
export function sqlWithoutValues(sql: string): string {
  return sql.replace(SQL_STRING, '?');
}

function withoutSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  return redactText(out);
}

function redactValue(value: unknown, key: string | undefined, depth: number, secrets: readonly string[]): unknown {
  if (key !== undefined) {
    const lower = key.toLowerCase();
    if (SECRET_KEYS.has(lower)) return REDACTED;
    if (SQL_VALUE_KEYS.has(lower)) return REDACTED;
    if (lower === 'sql' && typeof value === 'string') return withoutSecrets(sqlWithoutValues(value), secrets);
  }
  if (typeof value === 'string') return withoutSecrets(value, secrets);
  if (depth > 12 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => redactValue(item, undefined, depth + 1, secrets));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = redactValue(v, k, depth + 1, secrets);
  return out;
}

/**
 * Redacts one serialized log line (newline-terminated JSON); a line that is not JSON is redacted as
 * text. `secrets` are exact values never to show (the app's client secrets, shared secret, keys).
 */
export function redactLogLine(line: string, secrets: readonly string[] = []): string {
  const newline = line.endsWith('\n') ? '\n' : '';
  const body = newline ? line.slice(0, -1) : line;
  const known = secrets.filter((s) => s.length >= 6);
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return withoutSecrets(body, known) + newline;
  }
  return JSON.stringify(redactValue(parsed, undefined, 0, known)) + newline;
}

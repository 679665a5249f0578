import pino, { type Logger } from 'pino';
import { redactLogLine } from './redact-log-line';

export type { Logger };

/**
 * Paths pino blanks out wherever they appear: tokens, secrets and full phone numbers never reach a log line.
 */
const SECRET_KEYS = [
  'access_token',
  'refresh_token',
  'accessToken',
  'refreshToken',
  'token',
  'verificationToken',
  'clientSecret',
  'client_secret',
  'code_verifier',
  'codeVerifier',
  'authorization',
  'Authorization',
  'phoneNumber',
];

/** Each key at the top level and up to three objects deep (pino's `*` matches one level). */
const REDACT = [
  ...SECRET_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`, `*.*.*.${key}`]),
  'req.headers["verification-token"]',
  'req.headers["x-glip-signature"]',
];

/**
 * The process logger; tests pass `silent` or a destination stream to read lines back. Every line goes
 * through redactLogLine on its way out (phone numbers, tokens, SQL values), on top of pino's key paths.
 */
export function createLogger(level: string, destination?: pino.DestinationStream, options: { secrets?: readonly string[] } = {}): Logger {
  const secrets = options.secrets ?? [];
  return pino({ level, redact: { paths: REDACT, censor: '[redacted]' }, base: undefined, hooks: { streamWrite: (line) => redactLogLine(line, secrets) } }, destination);
}

/** The configured secrets no log line may show, whatever key or text they turn up in. */
export function configSecrets(config: { bot: { clientSecret: string }; adminApp: { clientSecret: string }; sharedSecret: string; encryptionKey: Buffer }): string[] {
  return [config.bot.clientSecret, config.adminApp.clientSecret, config.sharedSecret, config.encryptionKey.toString('base64'), config.encryptionKey.toString('hex')];
}

/** Shows only the last 4 digits of a phone number for logs and status lines. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  return digits.length <= 4 ? '****' : `…${digits.slice(-4)}`;
}

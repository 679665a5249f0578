import { z } from 'zod';
import { parseExpression } from 'cron-parser';
import { parseEncryptionKey } from '../crypto/token-cipher';

const url = (name: string, example: string) =>
  z
    .string({ error: `${name} is required` })
    .trim()
    .refine((v) => /^https?:\/\/[^\s/]+/i.test(v), { message: `${name} must be a URL like ${example}` })
    .transform((v) => v.replace(/\/+$/, ''));

/** The APP_SERVER of .env.example: a copied example left unchanged would register addresses nobody answers. */
export const PLACEHOLDER_APP_SERVER = 'https://bot.example.com';

const required = (name: string) =>
  z.string({ error: `${name} is required` }).trim().min(1, { message: `${name} is required` });

const optional = () =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => (v === '' ? undefined : v));

/** Where the bot keeps its state when DATABASE_URL is not set. */
export const DEFAULT_DATABASE_URL = 'sqlite:./data/audit-trail-bot.sqlite';

/** Five (minute-based) or six (with seconds) cron fields, parsed by the parser node-schedule itself uses. */
function isCron(value: string): boolean {
  const fields = value.trim().split(/\s+/);
  if (fields.length !== 5 && fields.length !== 6) return false;
  try {
    parseExpression(value);
    return true;
  } catch {
    return false;
  }
}

const schema = z.object({
  RINGCENTRAL_SERVER: url('RINGCENTRAL_SERVER', 'https://platform.ringcentral.com').default('https://platform.ringcentral.com'),
  RINGCENTRAL_BOT_CLIENT_ID: required('RINGCENTRAL_BOT_CLIENT_ID'),
  RINGCENTRAL_BOT_CLIENT_SECRET: required('RINGCENTRAL_BOT_CLIENT_SECRET'),
  RINGCENTRAL_CLIENT_ID: optional(),
  RINGCENTRAL_CLIENT_SECRET: optional(),
  RINGCENTRAL_SHARED_SECRET: required('RINGCENTRAL_SHARED_SECRET'),
  RINGCX_SERVER: url('RINGCX_SERVER', 'https://ringcx.ringcentral.com').default('https://ringcx.ringcentral.com'),
  ADMIN_PORTAL_URL: url('ADMIN_PORTAL_URL', 'https://service.ringcentral.com').default('https://service.ringcentral.com'),
  APP_SERVER: url('APP_SERVER', 'https://bot.example.org').refine((v) => v.toLowerCase() !== PLACEHOLDER_APP_SERVER, {
    message: `APP_SERVER is still the placeholder ${PLACEHOLDER_APP_SERVER} from .env.example: set it to this server's public https URL (the one RingCentral will call)`,
  }),
  PORT: z.coerce
    .number({ error: 'PORT must be a number' })
    .int({ message: 'PORT must be a whole number' })
    .min(0, { message: 'PORT must be 0..65535' })
    .max(65535, { message: 'PORT must be 0..65535' })
    .default(3000),
  DATABASE_URL: z
    .string()
    .trim()
    .default(DEFAULT_DATABASE_URL)
    .refine((v) => /^(sqlite:|postgres(ql)?:\/\/)/i.test(v), {
      message: 'DATABASE_URL must start with sqlite: or postgres://',
    }),
  ARCHIVE_RETENTION_DAYS: z.coerce
    .number({ error: 'ARCHIVE_RETENTION_DAYS must be a number of days' })
    .int({ message: 'ARCHIVE_RETENTION_DAYS must be a whole number of days' })
    .min(1, { message: 'ARCHIVE_RETENTION_DAYS must be 1..36500' })
    .max(36500, { message: 'ARCHIVE_RETENTION_DAYS must be 1..36500' })
    .default(400),
  ENCRYPTION_KEY: z
    .string({ error: 'ENCRYPTION_KEY is required (32 bytes, base64 or hex)' })
    .trim()
    .superRefine((v, ctx) => {
      try {
        parseEncryptionKey(v);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: `ENCRYPTION_KEY: ${(error as Error).message}` });
      }
    }),
  POLL_CRON: z
    .string()
    .trim()
    .default('*/10 * * * *')
    .refine(isCron, { message: 'POLL_CRON must be a cron expression with 5 fields (or 6 with seconds first), e.g. */10 * * * *' }),
  POLL_OVERLAP_MINUTES: z.coerce
    .number({ error: 'POLL_OVERLAP_MINUTES must be a number of minutes' })
    .int({ message: 'POLL_OVERLAP_MINUTES must be a whole number of minutes' })
    .min(0, { message: 'POLL_OVERLAP_MINUTES must be 0..1440' })
    .max(1440, { message: 'POLL_OVERLAP_MINUTES must be 0..1440' })
    .default(10),
  RINGCX_WINDOW_MINUTES: z.coerce
    .number({ error: 'RINGCX_WINDOW_MINUTES must be a number of minutes' })
    .int({ message: 'RINGCX_WINDOW_MINUTES must be a whole number of minutes' })
    .min(1, { message: 'RINGCX_WINDOW_MINUTES must be 1..1440' })
    .max(1440, { message: 'RINGCX_WINDOW_MINUTES must be 1..1440' })
    .default(15),
  RINGCX_DELAY_MINUTES: z.coerce
    .number({ error: 'RINGCX_DELAY_MINUTES must be a number of minutes' })
    .int({ message: 'RINGCX_DELAY_MINUTES must be a whole number of minutes' })
    .min(0, { message: 'RINGCX_DELAY_MINUTES must be 0..1440' })
    .max(1440, { message: 'RINGCX_DELAY_MINUTES must be 0..1440' })
    .default(5),
  RINGCX_REQUESTS_PER_MINUTE: z.coerce
    .number({ error: 'RINGCX_REQUESTS_PER_MINUTE must be a number' })
    .int({ message: 'RINGCX_REQUESTS_PER_MINUTE must be a whole number' })
    .min(1, { message: 'RINGCX_REQUESTS_PER_MINUTE must be 1..1000' })
    .max(1000, { message: 'RINGCX_REQUESTS_PER_MINUTE must be 1..1000' })
    .default(10),
  LEASE_SECONDS: z.coerce
    .number({ error: 'LEASE_SECONDS must be a number of seconds' })
    .int({ message: 'LEASE_SECONDS must be a whole number of seconds' })
    .min(3, { message: 'LEASE_SECONDS must be 3..600' })
    .max(600, { message: 'LEASE_SECONDS must be 3..600' })
    .default(30),
  RINGCENTRAL_TIMEOUT_SECONDS: z.coerce
    .number({ error: 'RINGCENTRAL_TIMEOUT_SECONDS must be a number of seconds' })
    .int({ message: 'RINGCENTRAL_TIMEOUT_SECONDS must be a whole number of seconds' })
    .min(1, { message: 'RINGCENTRAL_TIMEOUT_SECONDS must be 1..300' })
    .max(300, { message: 'RINGCENTRAL_TIMEOUT_SECONDS must be 1..300' })
    .default(30),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  RINGCENTRAL_TRANSPORT: z.enum(['webhook', 'websocket']).default('webhook'),
  METRICS_TOKEN: optional().refine((v) => v === undefined || /^[\x21-\x7E]{16,256}$/.test(v), {
    message: 'METRICS_TOKEN must be 16 to 256 printable characters without spaces (e.g. openssl rand -hex 24)',
  }),
});

/** The names of every setting the bot reads from the environment (documented in .env.example and the README). */
export const SETTING_NAMES: readonly string[] = Object.keys(schema.shape);

/** The bot's settings, parsed and validated once at start-up. */
export interface Config {
  ringcentralServer: string;
  bot: { clientId: string; clientSecret: string };
  /** The admin-authorization app; defaults to the bot app's credentials. */
  adminApp: { clientId: string; clientSecret: string };
  sharedSecret: string;
  ringcxServer: string;
  /** Where an alert card's Open audit trail goes: the admin portal of the account's brand and region. */
  adminPortalUrl: string;
  /** RingCX audit logs are polled in closed windows of this length (RINGCX_WINDOW_MINUTES). */
  ringcxWindowMs: number;
  /** A window is requested this long after it closes: records appear late (RINGCX_DELAY_MINUTES). */
  ringcxDelayMs: number;
  /** Our own budget of RingCX API requests per account and minute (RINGCX_REQUESTS_PER_MINUTE). */
  ringcxRequestsPerMinute: number;
  appServer: string;
  port: number;
  databaseUrl: string;
  /** Archived audit records (and their settled deliveries) older than this many days are purged daily. */
  archiveRetentionDays: number;
  encryptionKey: Buffer;
  pollCron: string;
  /** Each poll window starts this long before the cursor, to catch records that show up late. */
  pollOverlapMs: number;
  /**
   * How long a claim on an outbox row or a poll lease lasts without renewal (LEASE_SECONDS); the holder
   * renews it every third of that while it works, so a dead holder's rows and accounts are taken over this long after it died.
   */
  leaseMs: number;
  /** Time limit of one RingCentral call (RINGCENTRAL_TIMEOUT_SECONDS); a send that runs out has an unknown outcome. */
  requestTimeoutMs: number;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  transport: 'webhook' | 'websocket';
  /** When set, GET /metrics answers only `Authorization: Bearer <this>` (METRICS_TOKEN). */
  metricsToken: string | undefined;
  /** Derived public URLs; every redirect and webhook address comes from APP_SERVER. */
  urls: { botOAuth: string; botWebhook: string; interactiveMessages: string; oauthCallback: string };
}

/** Thrown with every problem found, one per line, so an operator fixes them all in one go. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid settings:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * A setting's problem in plain words: our own messages name the setting already; zod's defaults
 * ("Invalid option: expected one of …") become "LOG_LEVEL must be one of: fatal, error, …".
 */
function plainProblem(key: string, issue: z.core.$ZodIssue): string {
  if (issue.message.includes(key)) return issue.message;
  if (issue.code === 'invalid_value') return `${key} must be one of: ${issue.values.map(String).join(', ')}`;
  if (issue.code === 'custom') return `${key}: ${issue.message}`;
  return `${key} is not a valid value`;
}

/** Parses settings from an environment map (process.env in production, a literal in tests). */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const cleaned = Object.fromEntries(
    Object.keys(schema.shape).map((key) => {
      const value = env[key];
      return [key, value === undefined || value.trim() === '' ? undefined : value];
    }),
  );
  const parsed = schema.safeParse(cleaned);
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((issue) => plainProblem(String(issue.path[0] ?? ''), issue));
  // A second admin app is all or nothing: half of one would fail only when an admin logs in.
  if (cleaned.RINGCENTRAL_CLIENT_ID && !cleaned.RINGCENTRAL_CLIENT_SECRET) {
    problems.push('RINGCENTRAL_CLIENT_SECRET is required when RINGCENTRAL_CLIENT_ID is set');
  }
  if (cleaned.RINGCENTRAL_CLIENT_SECRET && !cleaned.RINGCENTRAL_CLIENT_ID) {
    problems.push('RINGCENTRAL_CLIENT_ID is required when RINGCENTRAL_CLIENT_SECRET is set');
  }
  if (!parsed.success || problems.length > 0) throw new ConfigError([...new Set(problems)]);
  const c = parsed.data;
  const appServer = c.APP_SERVER;
  return {
    ringcentralServer: c.RINGCENTRAL_SERVER,
    bot: { clientId: c.RINGCENTRAL_BOT_CLIENT_ID, clientSecret: c.RINGCENTRAL_BOT_CLIENT_SECRET },
    adminApp: {
      clientId: c.RINGCENTRAL_CLIENT_ID ?? c.RINGCENTRAL_BOT_CLIENT_ID,
      clientSecret: c.RINGCENTRAL_CLIENT_SECRET ?? c.RINGCENTRAL_BOT_CLIENT_SECRET,
    },
    sharedSecret: c.RINGCENTRAL_SHARED_SECRET,
    ringcxServer: c.RINGCX_SERVER,
    adminPortalUrl: c.ADMIN_PORTAL_URL,
    ringcxWindowMs: c.RINGCX_WINDOW_MINUTES * 60_000,
    ringcxDelayMs: c.RINGCX_DELAY_MINUTES * 60_000,
    ringcxRequestsPerMinute: c.RINGCX_REQUESTS_PER_MINUTE,
    appServer,
    port: c.PORT,
    databaseUrl: c.DATABASE_URL,
    archiveRetentionDays: c.ARCHIVE_RETENTION_DAYS,
    encryptionKey: parseEncryptionKey(c.ENCRYPTION_KEY),
    pollCron: c.POLL_CRON,
    pollOverlapMs: c.POLL_OVERLAP_MINUTES * 60_000,
    leaseMs: c.LEASE_SECONDS * 1000,
    requestTimeoutMs: c.RINGCENTRAL_TIMEOUT_SECONDS * 1000,
    logLevel: c.LOG_LEVEL,
    transport: c.RINGCENTRAL_TRANSPORT,
    metricsToken: c.METRICS_TOKEN,
    urls: {
      botOAuth: `${appServer}/bot/oauth`,
      botWebhook: `${appServer}/bot/webhook`,
      interactiveMessages: `${appServer}/interactive-messages`,
      oauthCallback: `${appServer}/oauth/callback`,
    },
  };
}

import { parseArgs } from 'node:util';
import type { AuditSource } from '../db/audit-events-repository';
import type { ExportFormat, ExportOptions } from './export-archive';

export const EXPORT_USAGE = `Usage: npm run export -- --since <date> [--until <date>] [--source ringex|ringcx] [--format jsonl|csv] [--account <id>]

Writes the archived RingEX audit trail and RingCX audit log records, exactly as fetched, to stdout
(oldest first), for auditors. A summary goes to stderr. Records are kept ARCHIVE_RETENTION_DAYS days.

  --since <date>     Required. First moment included: 2025-01-31 (00:00 UTC) or a date-time such as
                     2025-01-31T08:00:00Z or 2025-01-31T08:00:00-08:00 (no offset means UTC).
  --until <date>     First moment excluded, same forms. Default: now.
  --source <name>    ringex (RingEX audit trail) or ringcx (RingCX audit logs). Default: both.
  --format <name>    jsonl (default): one JSON object a line,
                       {"source","accountId","recordId","eventTime","record":<the raw record>}
                     csv: RFC 4180 with a header row; columns source, account_id, record_id,
                       event_time, action_id, initiator_name, target_name, raw (the raw record JSON).
  --account <id>     Only this RingCentral account. One database can hold several accounts (every
                     account that installed the bot); without it, all of them are exported.
  -h, --help         Show this help.

Reads DATABASE_URL (from the environment or .env; default sqlite:./data/audit-trail-bot.sqlite); no
other setting is needed. Exit codes: 0 done, 1 database error, 2 bad arguments.

Example (-s keeps npm's own banner out of the file):
  npm run -s export -- --since 2025-01-01 --until 2025-04-01 --format csv > audit-q1.csv
`;

export type ExportArguments = { kind: 'help' } | { kind: 'export'; options: ExportOptions } | { kind: 'error'; message: string };

const SOURCES: readonly AuditSource[] = ['ringex', 'ringcx'];
const FORMATS: readonly ExportFormat[] = ['jsonl', 'csv'];
const DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;

/**
 * A date (00:00 UTC) or an ISO 8601 date-time (UTC unless it has an offset) as a Date; undefined
 * when it is neither, or names a day or time that does not exist (2025-02-30, 24:00).
 */
export function parseExportDate(value: string): Date | undefined {
  const m = DATE.exec(value.trim());
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4] ?? '0', m[5] ?? '0', m[6] ?? '0'].map(Number) as [number, number, number, number, number, number];
  const ms = Math.floor(Number(`0.${m[7] ?? '0'}`) * 1000);
  const offset = m[8];
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return undefined;
  const utc = new Date(Date.UTC(year, month - 1, day, hour, minute, second, ms));
  if (utc.getUTCDate() !== day || utc.getUTCMonth() !== month - 1) return undefined;
  if (!offset || offset.toUpperCase() === 'Z') return utc;
  const sign = offset.startsWith('-') ? -1 : 1;
  const digits = offset.slice(1).replace(':', '');
  const offsetHours = Number(digits.slice(0, 2));
  const offsetMinutes = Number(digits.slice(2));
  if (offsetHours > 23 || offsetMinutes > 59) return undefined;
  return new Date(utc.getTime() - sign * (offsetHours * 60 + offsetMinutes) * 60_000);
}

/** The option a parseArgs error is about, e.g. "--since". */
const optionIn = (message: string): string => /'(-[^' ]*)/.exec(message)?.[1]?.replace(/^-h, /, '') ?? 'an option';

/** Reads `npm run export` arguments; `now` is the default --until. */
export function parseExportArguments(argv: readonly string[], now: Date): ExportArguments {
  const beforeDoubleDash = argv.includes('--') ? argv.slice(0, argv.indexOf('--')) : argv;
  if (beforeDoubleDash.some((a) => a === '--help' || a === '-h')) return { kind: 'help' };
  let values: { since?: string; until?: string; source?: string; format?: string; account?: string };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        since: { type: 'string' },
        until: { type: 'string' },
        source: { type: 'string' },
        format: { type: 'string' },
        account: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    const code = (error as { code?: string }).code;
    const message = error instanceof Error ? error.message : String(error);
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return { kind: 'error', message: `Unknown option ${optionIn(message)}.` };
    if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') return { kind: 'error', message: `Unexpected argument '${/'([^']*)'/.exec(message)?.[1] ?? ''}': every value follows its option, e.g. --since 2025-01-01.` };
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') return { kind: 'error', message: `${optionIn(message)} needs a value, e.g. --since 2025-01-01.` };
    return { kind: 'error', message };
  }

  const problems: string[] = [];
  const date = (name: 'since' | 'until', value: string): Date | undefined => {
    const parsed = parseExportDate(value);
    if (!parsed) problems.push(`--${name} '${value}' is not a date: use 2025-01-31 or 2025-01-31T08:00:00Z.`);
    return parsed;
  };
  const since = values.since === undefined ? undefined : date('since', values.since);
  if (values.since === undefined) problems.push('--since is required, e.g. --since 2025-01-01.');
  const until = values.until === undefined ? now : date('until', values.until);
  if (since && until && since.getTime() >= until.getTime()) {
    problems.push(`--since (${since.toISOString()}) must be before --until (${until.toISOString()}${values.until === undefined ? ', now' : ''}).`);
  }
  const source = values.source?.trim().toLowerCase();
  if (source !== undefined && !SOURCES.includes(source as AuditSource)) problems.push(`--source must be ringex or ringcx, not '${values.source}'.`);
  const format = values.format?.trim().toLowerCase() ?? 'jsonl';
  if (!FORMATS.includes(format as ExportFormat)) problems.push(`--format must be jsonl or csv, not '${values.format}'.`);
  const account = values.account?.trim();
  if (account === '') problems.push('--account needs an account id.');
  if (problems.length > 0 || !since || !until) return { kind: 'error', message: problems.join('\n') };
  return {
    kind: 'export',
    options: {
      since,
      until,
      format: format as ExportFormat,
      ...(source ? { source: source as AuditSource } : {}),
      ...(account ? { accountId: account } : {}),
    },
  };
}

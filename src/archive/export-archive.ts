import type { ArchivedEvent, ArchiveKey, AuditEventsRepository, AuditSource } from '../db/audit-events-repository';
import { csvRow } from './csv-row';
import { recordNames } from './record-names';

export type ExportFormat = 'jsonl' | 'csv';

export interface ExportOptions {
  /** Inclusive. */
  since: Date;
  /** Exclusive. */
  until: Date;
  /** Both sources when absent. */
  source?: AuditSource;
  /** Every account in the database when absent. */
  accountId?: string;
  format: ExportFormat;
  /** Records read per database query (default 1000). */
  pageSize?: number;
}

export interface ExportSummary {
  records: number;
  /** Database queries made: one per page (plus an empty last one when the records fill whole pages). */
  pages: number;
  bySource: Record<AuditSource, number>;
}

export const EXPORT_PAGE_SIZE = 1000;

/** The CSV columns, in order (the header row names them). */
export const CSV_COLUMNS = ['source', 'account_id', 'record_id', 'event_time', 'action_id', 'initiator_name', 'target_name', 'raw'] as const;

/**
 * Writes the archived records in [since, until) to `write`, oldest first, page by page (keyset
 * pagination on (event_time, source, account_id, record_id)): at most one page is held in memory,
 * and each page is written (and `write`'s promise awaited, for back-pressure) before the next is read.
 *
 * - jsonl: one line per record,
 *   `{"source":"ringex","accountId":"…","recordId":"…","eventTime":"<ISO>","record":<the raw record JSON as stored>}`.
 *   (A stored raw that is not JSON, which this bot never writes, comes as `"record":null,"rawText":"…"`.)
 * - csv: RFC 4180, a header row then one row per record, columns {@link CSV_COLUMNS}; `raw` is the
 *   stored record text exactly; `event_time` is ISO 8601 UTC.
 */
export async function exportArchive(
  db: { auditEvents: Pick<AuditEventsRepository, 'archivePage'> },
  options: ExportOptions,
  write: (chunk: string) => void | Promise<void>,
): Promise<ExportSummary> {
  const pageSize = options.pageSize ?? EXPORT_PAGE_SIZE;
  const filter = { since: options.since, until: options.until, source: options.source, accountId: options.accountId };
  const summary: ExportSummary = { records: 0, pages: 0, bySource: { ringex: 0, ringcx: 0 } };
  if (options.format === 'csv') await write(csvRow(CSV_COLUMNS));
  let after: ArchiveKey | undefined;
  for (;;) {
    const page = await db.auditEvents.archivePage(filter, after, pageSize);
    summary.pages += 1;
    if (page.length === 0) break;
    await write(page.map(options.format === 'csv' ? toCsv : toJsonLine).join(''));
    for (const event of page) summary.bySource[event.source] += 1;
    summary.records += page.length;
    if (page.length < pageSize) break;
    after = page[page.length - 1];
  }
  return summary;
}

function parsed(raw: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(raw) as unknown };
  } catch {
    return { ok: false };
  }
}

function toJsonLine(event: ArchivedEvent): string {
  const head = `{"source":${JSON.stringify(event.source)},"accountId":${JSON.stringify(event.accountId)},"recordId":${JSON.stringify(event.recordId)},"eventTime":${JSON.stringify(event.eventTime.toISOString())}`;
  // The stored text itself, not a re-serialization: numbers and key order stay exactly as fetched.
  // Valid JSON holds CR and LF only as whitespace between tokens, so dropping them keeps one line per record.
  if (parsed(event.raw).ok) return `${head},"record":${event.raw.replace(/[\r\n]+/g, ' ')}}\n`;
  return `${head},"record":null,"rawText":${JSON.stringify(event.raw)}}\n`;
}

function toCsv(event: ArchivedEvent): string {
  const record = parsed(event.raw);
  const names = recordNames(event.source, record.ok ? record.value : undefined);
  return csvRow([event.source, event.accountId, event.recordId, event.eventTime.toISOString(), event.actionId, names.initiator, names.target, event.raw]);
}

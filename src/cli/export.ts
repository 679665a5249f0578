import fs from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import dotenv from 'dotenv';
import { DEFAULT_DATABASE_URL } from '../config/load-config';
import { connectDatabase } from '../db/connect';
import { defineModels } from '../db/models';
import { AuditEventsRepository } from '../db/audit-events-repository';
import { exportArchive } from '../archive/export-archive';
import { EXPORT_USAGE, parseExportArguments } from '../archive/export-arguments';

/** Exit codes: 0 done, 1 database (or settings) error, 2 bad arguments. */
const BAD_ARGUMENTS = 2;

/** Writes to stdout, waiting for it to drain when the reader is slower than the database. */
async function writeOut(chunk: string): Promise<void> {
  if (!process.stdout.write(chunk)) await once(process.stdout, 'drain');
}

/**
 * `npm run export`: the raw record archive to stdout for auditors (see EXPORT_USAGE). Needs only
 * DATABASE_URL, and only reads: it neither migrates nor creates a database.
 */
async function run(argv: string[]): Promise<number> {
  const args = parseExportArguments(argv, new Date());
  if (args.kind === 'help') {
    process.stdout.write(EXPORT_USAGE);
    return 0;
  }
  if (args.kind === 'error') {
    process.stderr.write(`${args.message}\nRun with --help for usage.\n`);
    return BAD_ARGUMENTS;
  }
  dotenv.config({ quiet: true });
  const databaseUrl = process.env.DATABASE_URL?.trim() || DEFAULT_DATABASE_URL;
  if (!/^(sqlite:|postgres(ql)?:\/\/)/i.test(databaseUrl)) throw new Error('DATABASE_URL must start with sqlite: or postgres://');
  const sqliteFile = /^sqlite:/i.test(databaseUrl) ? databaseUrl.replace(/^sqlite:(\/\/)?/i, '') : undefined;
  if (sqliteFile !== undefined && sqliteFile !== ':memory:' && !fs.existsSync(path.resolve(sqliteFile))) {
    throw new Error(`there is no database at ${path.resolve(sqliteFile)} (DATABASE_URL=${databaseUrl})`);
  }
  const sequelize = connectDatabase(databaseUrl);
  try {
    const summary = await exportArchive({ auditEvents: new AuditEventsRepository(defineModels(sequelize)) }, args.options, writeOut);
    const { since, until } = args.options;
    process.stderr.write(
      `Exported ${summary.records} record${summary.records === 1 ? '' : 's'} (RingEX ${summary.bySource.ringex}, RingCX ${summary.bySource.ringcx}) from ${since.toISOString()} to ${until.toISOString()}.\n`,
    );
    return 0;
  } finally {
    await sequelize.close();
  }
}

/** The message for a failure, with a hint when the schema is missing. */
function failure(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const noTable = /audit_events/.test(message) && /no such table|does not exist/i.test(message);
  return `Export failed: ${message}${noTable ? ' (has `npm run migrate` been run on this database?)' : ''}`;
}

// A reader that stops early (`| head`) is not an error: stop quietly.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  process.stderr.write(`Export failed: ${error.message}\n`);
  process.exit(1);
});

run(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  })
  .catch((error: unknown) => {
    process.stderr.write(`${failure(error)}\n`);
    process.exitCode = 1;
  });

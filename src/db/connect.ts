import path from 'node:path';
import fs from 'node:fs';
import { Sequelize, Transaction } from 'sequelize';
import type { Logger } from '../logging/create-logger';
import { sqlWithoutValues } from '../logging/redact-log-line';

/**
 * Opens the database named by DATABASE_URL: `sqlite:<file>` (relative to the working directory,
 * created with its folder when missing; `sqlite::memory:` for a throwaway) or `postgres://…`.
 */
export function connectDatabase(databaseUrl: string, logger?: Logger): Sequelize {
  // the statement only: string literals out, bound values (Sequelize's second argument) never logged
  const logging = logger ? (sql: string) => logger.trace({ sql: sqlWithoutValues(sql) }, 'sql') : false;
  if (/^sqlite:/i.test(databaseUrl)) {
    const location = databaseUrl.replace(/^sqlite:(\/\/)?/i, '');
    const storage = location === ':memory:' ? ':memory:' : path.resolve(location);
    if (storage !== ':memory:') fs.mkdirSync(path.dirname(storage), { recursive: true });
    const sequelize = new Sequelize({
      dialect: 'sqlite',
      storage,
      logging,
      pool: { max: 1, min: 0, idle: 10_000 },
      // Every transaction (ours and Sequelize's own, e.g. findOrCreate) takes the write lock at
      // BEGIN; a deferred one could not upgrade from read to write while another connection writes.
      transactionType: Transaction.TYPES.IMMEDIATE,
    });
    configureSqliteConnections(sequelize, storage === ':memory:');
    return sequelize;
  }
  return new Sequelize(databaseUrl, {
    dialect: 'postgres',
    logging,
    pool: { max: 10, min: 0, idle: 10_000 },
  });
}

interface SqliteHandle {
  configure(option: 'busyTimeout', ms: number): void;
  run(sql: string, callback: (err: Error | null) => void): void;
}

/**
 * Sequelize's SQLite dialect opens one connection for ordinary queries and one more per transaction,
 * and offers no hook for either: wrap its getConnection so every new handle waits for the write lock
 * (busy timeout) instead of failing with SQLITE_BUSY, and uses WAL with synchronous=NORMAL (readers
 * never block the writer; a write costs no fsync; a process crash loses nothing committed, an OS
 * crash at most the last commits).
 */
function configureSqliteConnections(sequelize: Sequelize, inMemory: boolean): void {
  const manager = sequelize.connectionManager as unknown as { getConnection(options?: object): Promise<SqliteHandle> };
  const original = manager.getConnection.bind(manager);
  const configured = new WeakSet<SqliteHandle>();
  manager.getConnection = async (options?: object) => {
    const handle = await original(options);
    if (!configured.has(handle)) {
      configured.add(handle);
      handle.configure('busyTimeout', 15_000);
      const run = (sql: string) => new Promise<void>((resolve, reject) => handle.run(sql, (err) => (err ? reject(err) : resolve())));
      if (!inMemory) await run('PRAGMA journal_mode = WAL');
      await run('PRAGMA synchronous = NORMAL');
    }
    return handle;
  };
}

/** True when the database answers a trivial query. */
export async function databaseAnswers(sequelize: Sequelize): Promise<boolean> {
  try {
    await sequelize.query('SELECT 1');
    return true;
  } catch {
    return false;
  }
}

import path from 'node:path';
import fs from 'node:fs';
import { Sequelize, Transaction } from 'sequelize';
import type { Logger } from '../logging/create-logger';

/**
 * Opens the database named by DATABASE_URL: `sqlite:<file>` (relative to the working directory,
 * created with its folder when missing; `sqlite::memory:` for a throwaway) or `postgres://…`.
 */
export function connectDatabase(databaseUrl: string, logger?: Logger): Sequelize {
  const logging = logger ? (sql: string) => logger.trace({ sql }, 'sql') : false;
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
    // Sequelize opens a separate SQLite connection per transaction: wait for the write lock
    // instead of failing with SQLITE_BUSY, and use WAL so readers never block the writer.
    sequelize.addHook('afterConnect', async (connection: unknown) => {
      const db = connection as { configure(option: 'busyTimeout', ms: number): void; run(sql: string, cb: (err: Error | null) => void): void };
      db.configure('busyTimeout', 15_000);
      if (storage !== ':memory:') {
        await new Promise<void>((resolve, reject) => db.run('PRAGMA journal_mode = WAL', (err) => (err ? reject(err) : resolve())));
      }
    });
    return sequelize;
  }
  return new Sequelize(databaseUrl, {
    dialect: 'postgres',
    logging,
    pool: { max: 10, min: 0, idle: 10_000 },
  });
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

import path from 'node:path';
import fs from 'node:fs';
import { Sequelize } from 'sequelize';
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
    return new Sequelize({
      dialect: 'sqlite',
      storage,
      logging,
      // One connection: SQLite serialises writers anyway, and a single handle avoids SQLITE_BUSY.
      pool: { max: 1, min: 0, idle: 10_000 },
      retry: { max: 5, match: [/SQLITE_BUSY/] },
    });
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

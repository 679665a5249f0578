import path from 'node:path';
import fs from 'node:fs';
import { AsyncLocalStorage } from 'node:async_hooks';
import { Sequelize, Transaction } from 'sequelize';
import type { Logger } from '../logging/create-logger';
import { sqlWithoutValues } from '../logging/redact-log-line';

/**
 * Opens the database named by DATABASE_URL: `sqlite:<file>` (relative to the working directory,
 * created with its folder when missing; `sqlite::memory:` for a throwaway) or `postgres://…`.
 */
export function connectDatabase(databaseUrl: string, logger?: Logger, options: { strayQueries?: StrayQueries } = {}): Sequelize {
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
    keepQueriesInTheirTransaction(sequelize, options.strayQueries ?? (process.env.VITEST !== undefined ? 'throw' : 'join'));
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

/** What a query made inside a transaction's callback without naming it does on SQLite (see below). */
export type StrayQueries = 'join' | 'throw';

/**
 * SQLite's one writer: a transaction holds the database's write lock from BEGIN IMMEDIATE to COMMIT.
 * A query made inside its callback without `{ transaction }` goes to the shared connection, where it
 * can queue behind another task's write that is itself waiting for that lock — each waits on the
 * other until the busy timeout ends both with SQLITE_BUSY (what `npm run bench` part (c) hit polling
 * 1,000 accounts four at a time: the poll's noise-policy reads behind a lease update). So on SQLite a
 * query, or a nested transaction, started inside a transaction's callback joins that transaction when
 * it names none. Under the tests (vitest sets VITEST) it throws instead, so the code that forgot the
 * transaction is found and fixed.
 */
function keepQueriesInTheirTransaction(sequelize: Sequelize, mode: StrayQueries): void {
  const open = new AsyncLocalStorage<Transaction>();
  type Query = (sql: unknown, options?: { transaction?: Transaction | null }) => Promise<unknown>;
  type Begin = (options?: unknown, callback?: (t: Transaction) => Promise<unknown>) => Promise<unknown>;
  const target = sequelize as unknown as { query: Query; transaction: Begin };
  const query = target.query.bind(sequelize) as Query;
  const begin = target.transaction.bind(sequelize) as Begin;
  const stray = (what: string, current: Transaction): Transaction => {
    if (mode === 'throw') throw new Error(`${what} inside transaction ${(current as unknown as { id: string }).id} does not name it; pass { transaction } (SQLite would wait on its own write lock)`);
    return current;
  };
  const current = (): Transaction | undefined => {
    const t = open.getStore() as (Transaction & { finished?: string }) | undefined;
    return t && !t.finished ? t : undefined;
  };
  target.query = (sql, options) => {
    const inside = current();
    if (inside && options?.transaction === undefined) {
      const text = typeof sql === 'string' ? sql : String((sql as { query?: unknown })?.query ?? sql);
      return query(sql, { ...options, transaction: stray(`The query "${text.slice(0, 80)}"`, inside) });
    }
    return query(sql, options);
  };
  target.transaction = (options, callback) => {
    if (typeof options === 'function') return target.transaction(undefined, options as (t: Transaction) => Promise<unknown>);
    if (!callback) return begin(options);
    const inside = current();
    const named = options as { transaction?: Transaction } | undefined;
    const joined = inside && named?.transaction === undefined ? { ...named, transaction: stray('A nested transaction', inside) } : named;
    return begin(joined, (t) => open.run(t, () => callback(t)));
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

import type { Transaction } from 'sequelize';

/**
 * Bind parameters for one multi-row SQLite statement: each distinct value is bound once and named by
 * `?n` wherever it recurs (a page's rows share their source, account, admin and destinations), so a
 * 1,000-row INSERT neither escapes nor re-parses its values as SQL text, and stays far below SQLite's
 * 32,766-parameter limit.
 */
export class SqliteBindValues {
  readonly values: (string | number)[] = [];
  private readonly names = new Map<string | number, string>();

  /** The placeholder for `value` (NULL for null). */
  ref(value: string | number | null): string {
    if (value === null) return 'NULL';
    let name = this.names.get(value);
    if (name === undefined) {
      this.values.push(value);
      name = `?${this.values.length}`;
      this.names.set(value, name);
    }
    return name;
  }

  constructor(private readonly escape: (value: Date) => string) {}

  /**
   * A Date as sequelize stores a DATE column on SQLite ('YYYY-MM-DD HH:mm:ss.SSS +00:00'), so stored
   * rows compare alike; a date outside years 0–9999 (or invalid) is left to sequelize's own escaping.
   */
  date(value: Date): string {
    const year = value.getUTCFullYear();
    if (!(year >= 0 && year <= 9999)) return this.escape(value);
    const iso = value.toISOString();
    return this.ref(`${iso.slice(0, 10)} ${iso.slice(11, 23)} +00:00`);
  }
}

/** The sqlite3 connection a sequelize transaction holds (the `?n` parameters go to it directly: sequelize's own bind turns them into named ones, which sqlite3 looks up one by one). */
interface SqliteConnection {
  all(sql: string, params: unknown[], callback: (error: Error | null, rows: unknown[]) => void): void;
}

/** Runs `sql` with `bind`'s values on the connection of `transaction` (SQLite only); the rows it returns. */
export function runBound<T>(transaction: Transaction, sql: string, bind: SqliteBindValues): Promise<T[]> {
  const connection = (transaction as unknown as { connection: SqliteConnection }).connection;
  return new Promise((resolve, reject) => {
    connection.all(sql, bind.values, (error, rows) => (error ? reject(error) : resolve(rows as T[])));
  });
}

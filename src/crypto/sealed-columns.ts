import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import { EncryptionKeyMismatch, type TokenCipher } from './token-cipher';

/** One table's sealed columns (every column named `*_enc`) and its primary key. */
export interface SealedTable {
  table: string;
  primaryKey: string[];
  columns: string[];
}

/**
 * Every column holding a sealed token or secret, found by the `_enc` suffix every migration gives
 * them, so a new sealed column is checked and rotated without being listed anywhere.
 */
export async function findSealedTables(sequelize: Sequelize): Promise<SealedTable[]> {
  const qi = sequelize.getQueryInterface();
  const names = ((await qi.showAllTables()) as (string | { tableName: string })[]).map((t) => (typeof t === 'string' ? t : t.tableName)).sort();
  const tables: SealedTable[] = [];
  for (const table of names) {
    const described = await qi.describeTable(table);
    const columns = Object.keys(described).filter((c) => c.endsWith('_enc')).sort();
    if (columns.length === 0) continue;
    const primaryKey = Object.entries(described).filter(([, d]) => d.primaryKey).map(([c]) => c);
    if (primaryKey.length === 0) throw new Error(`table ${table} has sealed columns but no primary key`);
    tables.push({ table, primaryKey, columns });
  }
  return tables;
}

const quote = (sequelize: Sequelize, name: string) => sequelize.getQueryInterface().quoteIdentifier(name);

/**
 * Checks ENCRYPTION_KEY against the database: opens one stored value of every sealed column. Throws
 * EncryptionKeyMismatch when the key cannot open them, so a wrong key is one clear message at start
 * instead of a cipher error per account at every poll.
 */
export async function checkEncryptionKey(sequelize: Sequelize, cipher: TokenCipher): Promise<void> {
  for (const { table, columns } of await findSealedTables(sequelize)) {
    for (const column of columns) {
      const rows = await sequelize.query<{ v: string }>(
        `SELECT ${quote(sequelize, column)} AS v FROM ${quote(sequelize, table)} WHERE ${quote(sequelize, column)} IS NOT NULL LIMIT 1`,
        { type: QueryTypes.SELECT },
      );
      const sealed = rows[0]?.v;
      if (sealed !== undefined) cipher.decrypt(sealed);
    }
  }
}

/**
 * Re-seals every stored token and secret under `next`, in one transaction: every value is opened
 * with `current` first, and one that cannot be opened rolls everything back (EncryptionKeyMismatch).
 * Returns how many values were re-sealed, per table.
 */
export async function resealAll(sequelize: Sequelize, current: TokenCipher, next: TokenCipher): Promise<Record<string, number>> {
  const tables = await findSealedTables(sequelize);
  return sequelize.transaction(async (transaction: Transaction) => {
    const counts: Record<string, number> = {};
    for (const { table, primaryKey, columns } of tables) {
      const q = (n: string) => quote(sequelize, n);
      const rows = await sequelize.query<Record<string, unknown>>(`SELECT ${[...primaryKey, ...columns].map(q).join(', ')} FROM ${q(table)}`, {
        type: QueryTypes.SELECT,
        transaction,
      });
      let count = 0;
      for (const row of rows) {
        const sets: string[] = [];
        const replacements: Record<string, unknown> = {};
        columns.forEach((column, i) => {
          const sealed = row[column];
          if (typeof sealed !== 'string') return;
          replacements[`v${i}`] = next.encrypt(current.decrypt(sealed));
          sets.push(`${q(column)} = :v${i}`);
          count += 1;
        });
        if (sets.length === 0) continue;
        primaryKey.forEach((key, i) => (replacements[`k${i}`] = row[key]));
        const where = primaryKey.map((key, i) => `${q(key)} = :k${i}`).join(' AND ');
        await sequelize.query(`UPDATE ${q(table)} SET ${sets.join(', ')} WHERE ${where}`, { replacements, transaction });
      }
      counts[table] = count;
    }
    return counts;
  });
}

export { EncryptionKeyMismatch };

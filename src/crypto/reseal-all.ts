import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import type { TokenCipher } from './token-cipher';
import { findSealedTables, quoteName } from './find-sealed-tables';

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
      const q = (n: string) => quoteName(sequelize, n);
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

import { QueryTypes, type Sequelize } from 'sequelize';
import type { TokenCipher } from './token-cipher';
import { findSealedTables, quoteName } from './find-sealed-tables';

/**
 * Checks ENCRYPTION_KEY against the database: opens one stored value of every sealed column. Throws
 * EncryptionKeyMismatch when the key cannot open them, so a wrong key is one clear message at start
 * instead of a cipher error per account at every poll.
 */
export async function checkEncryptionKey(sequelize: Sequelize, cipher: TokenCipher): Promise<void> {
  for (const { table, columns } of await findSealedTables(sequelize)) {
    for (const column of columns) {
      const rows = await sequelize.query<{ v: string }>(
        `SELECT ${quoteName(sequelize, column)} AS v FROM ${quoteName(sequelize, table)} WHERE ${quoteName(sequelize, column)} IS NOT NULL LIMIT 1`,
        { type: QueryTypes.SELECT },
      );
      const sealed = rows[0]?.v;
      if (sealed !== undefined) cipher.decrypt(sealed);
    }
  }
}

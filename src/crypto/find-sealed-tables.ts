import type { Sequelize } from 'sequelize';

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

/** A table or column name quoted for the dialect. */
export const quoteName = (sequelize: Sequelize, name: string) => sequelize.getQueryInterface().quoteIdentifier(name);

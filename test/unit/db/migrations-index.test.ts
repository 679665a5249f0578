import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrations } from '../../../migrations';
import type { Migration } from '../../../migrations/migration';

const MIGRATIONS_DIR = path.resolve(__dirname, '../../../migrations');

/** Timestamped migration files on disk, in file-name (= run) order. */
const files = fs
  .readdirSync(MIGRATIONS_DIR)
  .filter((file) => /^2.*\.ts$/.test(file))
  .sort();

function isMigration(value: unknown): value is Migration {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Migration).name === 'string' &&
    typeof (value as Migration).up === 'function' &&
    typeof (value as Migration).down === 'function'
  );
}

describe('migrations/index.ts', () => {
  it('When the migrations folder is read, then there is at least one timestamped migration', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it('When the list is compared with the folder, then every file appears exactly once, in file-name order', () => {
    expect(migrations.map((m) => m.name)).toEqual(files.map((file) => file.replace(/\.ts$/, '')));
    expect(new Set(migrations).size).toBe(migrations.length);
  });

  it.each(files)('When %s is loaded, then it exports one migration named after its file and that object is the one listed', async (file) => {
    const exports: Record<string, unknown> = await import(path.join(MIGRATIONS_DIR, file));
    const exported = Object.values(exports).filter(isMigration);

    expect(exported).toHaveLength(1);
    const [migration] = exported;
    expect(migration?.name).toBe(file.replace(/\.ts$/, ''));
    expect(migrations[files.indexOf(file)]).toBe(migration);
  });
});

import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';

/** A database for one test file: a fresh SQLite file, or a fresh PostgreSQL database when TEST_DB=postgres. */
export interface TestDatabase {
  url: string;
  /** The SQLite file (undefined for PostgreSQL). */
  file: string | undefined;
  drop(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  if (process.env.TEST_DB === 'postgres') {
    const adminUrl = process.env.TEST_DATABASE_URL;
    if (!adminUrl) throw new Error('TEST_DB=postgres needs TEST_DATABASE_URL=postgres://…');
    const name = `atb_test_${Date.now()}_${randomBytes(4).toString('hex')}`;
    const admin = new Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    return {
      url: url.toString(),
      file: undefined,
      async drop() {
        const c = new Client({ connectionString: adminUrl });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await c.end();
      },
    };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atb-test-'));
  const file = path.join(dir, 'bot.sqlite');
  return {
    url: `sqlite:${file}`,
    file,
    async drop() {
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

import dotenv from 'dotenv';
import { DEFAULT_DATABASE_URL } from '../config/load-config';
import { connectDatabase } from '../db/connect';
import { migrateUp } from '../db/migrate';

/** `npm run migrate`: applies pending migrations to DATABASE_URL (the only setting it needs). */
async function run(): Promise<void> {
  dotenv.config({ quiet: true });
  const databaseUrl = process.env.DATABASE_URL?.trim() || DEFAULT_DATABASE_URL;
  if (!/^(sqlite:|postgres(ql)?:\/\/)/i.test(databaseUrl)) {
    throw new Error('DATABASE_URL must start with sqlite: or postgres://');
  }
  const sequelize = connectDatabase(databaseUrl);
  try {
    const applied = await migrateUp(sequelize);
    process.stdout.write(applied.length ? `Applied: ${applied.join(', ')}\n` : 'Database is up to date.\n');
  } finally {
    await sequelize.close();
  }
}

run().catch((error: unknown) => {
  process.stderr.write(`Migration failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

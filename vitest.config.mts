import { defineConfig } from 'vitest/config';

/**
 * Unit tests once; integration tests against SQLite always, and again against PostgreSQL when
 * TEST_DATABASE_URL names one (.ci/run sets it to the machine's local server).
 */
const integration = (name: string, db: 'sqlite' | 'postgres') => ({
  extends: true as const,
  test: { name, include: ['test/integration/**/*.test.ts'], env: { TEST_DB: db } },
});

export default defineConfig({
  test: {
    // Integration files spend much of their time waiting on sockets and the database: two workers on two cores.
    maxWorkers: 2,
    testTimeout: 20_000,
    hookTimeout: 30_000,
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      integration('integration-sqlite', 'sqlite'),
      ...(process.env.TEST_DATABASE_URL ? [integration('integration-postgres', 'postgres')] : []),
    ],
  },
});

#!/usr/bin/env node
// `npm run fuzz -- --count 100000 [--seed 42]`: the suite's fuzz test (test/integration/fuzz.test.ts)
// with more mutated bodies, on SQLite (add --postgres to run it on TEST_DATABASE_URL instead).
'use strict';
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const args = process.argv.slice(2);
const value = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const count = value('--count') ?? '100000';
const seed = value('--seed') ?? String(Date.now() % 2 ** 31);
if (!/^\d+$/.test(count) || !/^\d+$/.test(seed)) {
  process.stderr.write('Usage: npm run fuzz -- [--count <n>] [--seed <n>] [--postgres]\n');
  process.exit(2);
}
const project = args.includes('--postgres') ? 'integration-postgres' : 'integration-sqlite';
const vitest = path.join(__dirname, '..', 'node_modules', 'vitest', 'vitest.mjs');
const result = spawnSync(process.execPath, [vitest, 'run', '--project', project, '--maxWorkers=1', 'test/integration/fuzz.test.ts'], {
  cwd: path.join(__dirname, '..'),
  stdio: 'inherit',
  env: { ...process.env, FUZZ_COUNT: count, FUZZ_SEED: seed },
});
process.exit(result.status ?? 1);

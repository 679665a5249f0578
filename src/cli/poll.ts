import dotenv from 'dotenv';
import { loadConfig, ConfigError } from '../config/load-config';
import { createLogger } from '../logging/create-logger';
import { createApp } from '../app';
import { runPollCycle } from '../jobs/run-poll-cycle';

/** `npm run poll`: one poll and delivery cycle for every account, then a summary; exit 1 on an internal error. */
async function run(): Promise<number> {
  dotenv.config({ quiet: true });
  const config = loadConfig(process.env);
  const app = await createApp(config, { logger: createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel) });
  try {
    process.stdout.write(`${(await runPollCycle(app.deps)).join('\n')}\n`);
    return 0;
  } finally {
    await app.close();
  }
}

run()
  .then((code) => process.exit(code))
  .catch((error: unknown) => {
    process.stderr.write(`${error instanceof ConfigError ? error.message : `Poll failed: ${error instanceof Error ? error.message : String(error)}`}\n`);
    process.exit(1);
  });

import dotenv from 'dotenv';
import { loadConfig, ConfigError } from '../config/load-config';
import { createLogger } from '../logging/create-logger';
import { createApp } from '../app';
import { pollOnce } from '../jobs/poll-audit-trail';
import { deliverDue } from '../jobs/deliver-due';

/** `npm run poll`: one poll and delivery cycle for every account, then a summary; exit 1 on an internal error. */
async function run(): Promise<number> {
  dotenv.config({ quiet: true });
  const config = loadConfig(process.env);
  const app = await createApp(config, { logger: createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel) });
  try {
    const poll = await pollOnce(app.deps);
    const delivery = await deliverDue(app.deps);
    const lines = [
      `Accounts: ${poll.accounts} (polled ${poll.polled}, skipped ${poll.skipped}, failed ${poll.failed})`,
      `Audit requests: ${poll.requests}`,
      `Records fetched: ${poll.records}`,
      `New events: ${poll.newEvents}`,
      `Deliveries queued: ${poll.deliveries}`,
      `Deliveries sent: ${delivery.sent}, retrying: ${delivery.retrying}, failed: ${delivery.dead}`,
      ...poll.results.filter((r) => r.status !== 'ok').map((r) => `  account ${r.accountId}: ${r.status}${r.reason ? ` (${r.reason})` : ''}`),
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
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

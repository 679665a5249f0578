import dotenv from 'dotenv';
import { loadConfig, ConfigError } from '../config/load-config';
import { createLogger } from '../logging/create-logger';
import { createApp } from '../app';
import { pollOnce } from '../jobs/poll-audit-trail';
import { deliverDue } from '../jobs/deliver-due';
import { pollRingcxOnce } from '../jobs/poll-ringcx';

/** `npm run poll`: one poll and delivery cycle for every account, then a summary; exit 1 on an internal error. */
async function run(): Promise<number> {
  dotenv.config({ quiet: true });
  const config = loadConfig(process.env);
  const app = await createApp(config, { logger: createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel) });
  try {
    const poll = await pollOnce(app.deps);
    const ringcx = await pollRingcxOnce(app.deps);
    const delivery = await deliverDue(app.deps);
    const lines = [
      `Accounts: ${poll.accounts} (polled ${poll.polled}, skipped ${poll.skipped}, failed ${poll.failed})`,
      `Audit requests: ${poll.requests}`,
      `Records fetched: ${poll.records}`,
      `New events: ${poll.newEvents}`,
      `Deliveries queued: ${poll.deliveries}`,
      `RingCX accounts: ${ringcx.accounts} (polled ${ringcx.polled}, skipped ${ringcx.skipped}, failed ${ringcx.failed}); windows: ${ringcx.windows}, requests: ${ringcx.requests}, records: ${ringcx.records}, new events: ${ringcx.newEvents}, malformed: ${ringcx.malformed}, deliveries queued: ${ringcx.deliveries}`,
      `Deliveries sent: ${delivery.sent}, retrying: ${delivery.retrying}, failed: ${delivery.dead}`,
      ...poll.results.filter((r) => r.status !== 'ok').map((r) => `  account ${r.accountId}: ${r.status}${r.reason ? ` (${r.reason})` : ''}`),
      ...ringcx.results.filter((r) => r.status === 'failed').map((r) => `  RingCX account ${r.accountId}: ${r.status}${r.reason ? ` (${r.reason})` : ''}`),
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

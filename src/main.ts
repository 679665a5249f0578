import dotenv from 'dotenv';
import type { Server } from 'node:http';
import { loadConfig, ConfigError } from './config/load-config';
import { configSecrets, createLogger } from './logging/create-logger';
import { createApp } from './app';
import { startSchedules } from './jobs/schedule';
import { EncryptionKeyMismatch } from './crypto/token-cipher';

/** How long a stop may take (runs under way, background work, open requests) before the process gives up waiting. */
const STOP_TIMEOUT_MS = 60_000;
/** Open HTTP requests get this long to be answered once a stop begins; then their connections are closed. */
const DRAIN_MS = 10_000;

/**
 * Starts the bot: settings, database (migrated, key checked), HTTP server, schedules. SIGTERM or
 * SIGINT stops it cleanly: no new connections or job runs, the runs under way (a send in flight)
 * and background work finish, the database closes, exit 0.
 */
async function main(): Promise<void> {
  dotenv.config({ quiet: true });
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\nSee .env.example for every setting.\n`);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel, undefined, { secrets: configSecrets(config) });
  const app = await createApp(config, { logger, startTransport: true, listenForSmsReplies: true });
  const stopSchedules = startSchedules(app.deps);
  const server: Server = app.http.listen(config.port, () => {
    logger.info({ port: config.port, appServer: config.appServer, transport: config.transport }, 'Audit Trail Bot listening');
  });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping: finishing the work under way');
    setTimeout(() => {
      logger.error({ waitedMs: STOP_TIMEOUT_MS }, 'stop did not finish in time; exiting');
      process.exit(1);
    }, STOP_TIMEOUT_MS).unref();
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    const drained = setTimeout(() => server.closeAllConnections(), DRAIN_MS);
    await stopSchedules();
    await closed;
    clearTimeout(drained);
    await app.close(); // the transports stop, background work finishes, then the database closes
    logger.info({ signal }, 'stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  const message = error instanceof EncryptionKeyMismatch ? error.message : `Audit Trail Bot failed to start: ${error instanceof Error ? error.message : String(error)}`;
  process.stderr.write(`${message}\n`);
  process.exit(1);
});

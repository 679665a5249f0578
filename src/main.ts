import dotenv from 'dotenv';
import type { Server } from 'node:http';
import { loadConfig, ConfigError } from './config/load-config';
import { configSecrets, createLogger } from './logging/create-logger';
import { createApp } from './app';
import { startSchedules } from './jobs/schedule';

/** Starts the bot: settings, database (migrated), HTTP server, schedules; stops cleanly on SIGINT/SIGTERM. */
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
    logger.info({ signal }, 'stopping');
    await stopSchedules();
    server.close();
    server.closeAllConnections();
    await app.close(); // stops the WebSocket transport first when it runs
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(`Audit Trail Bot failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

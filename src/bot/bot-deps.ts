import type { Config } from '../config/load-config';
import type { Database } from '../db/database';
import type { Logger } from '../logging/create-logger';
import type { RingCentralApi } from '../ringcentral/ringcentral-api';
import type { TaskQueue } from './task-queue';

/** Everything the bot's handlers need, built once in the composition root and passed down. */
export interface BotDeps {
  config: Config;
  db: Database;
  api: RingCentralApi;
  logger: Logger;
  tasks: TaskQueue;
  now: () => Date;
  /** Waits between retries; tests pass a fast one. */
  sleep: (ms: number) => Promise<void>;
}

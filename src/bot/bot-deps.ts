import type { Config } from '../config/load-config';
import type { Database } from '../db/database';
import type { Logger } from '../logging/create-logger';
import type { RingCentralApi } from '../ringcentral/ringcentral-api';
import type { TaskQueue } from './task-queue';
import type { RequestRateLimiter } from '../ringcentral/request-rate-limiter';
import type { RequestPacer } from '../ringcentral/request-pacer';
import type { RingcxClient } from '../ringcx/ringcx-client';
import type { RingcxTokenManager } from '../ringcx/ringcx-token-manager';
import type { Metrics } from '../metrics/metrics';
import type { RingCentralCallListeners } from '../ringcentral/call-listeners';

/** Everything the bot's handlers need, built once in the composition root and passed down. */
export interface BotDeps {
  config: Config;
  db: Database;
  api: RingCentralApi;
  logger: Logger;
  tasks: TaskQueue;
  now: () => Date;
  /** Our own budget for Heavy-group calls (the audit trail): 10 a minute per admin. */
  heavyLimiter: RequestRateLimiter;
  /** The per-(token, rate-limit group) pacer every platform call goes through (RestClient's and the WebSocket SDKs'). */
  pacer: RequestPacer;
  /** Every finished RingCentral platform call (group, status, error code): subscribe here to count them. */
  ringCentralCalls: RingCentralCallListeners;
  /** Waits between retries; tests pass a fast one. */
  sleep: (ms: number) => Promise<void>;
  /** RingCX audit logs: the client, one cached token per account, and the per-account request budget. */
  ringcx: { client: RingcxClient; tokens: RingcxTokenManager; limiter: RequestRateLimiter };
  /** Prometheus counters and histograms (GET /metrics); the jobs and the HTTP edge feed them. */
  metrics: Metrics;
  /** Whether the recurring jobs are scheduled in this process (set by src/jobs/schedule.ts; /readyz reads it). */
  schedules: { running: boolean };
  /**
   * Set when chat events come over WebSocket (RINGCENTRAL_TRANSPORT=websocket): installing connects the
   * installation here instead of creating a WebHook subscription.
   */
  webSocket?: { connect(accountId: string): Promise<void>; disconnect(accountId: string): Promise<void> };
  /**
   * Set when the app listens for SMS replies (STOP/START) on admins' numbers: call `refresh()` after a change
   * that starts or ends an admin's SMS alerts (login, logout, sms on/off, sender) so it connects or disconnects.
   */
  smsListener?: { refresh(): Promise<void> };
}

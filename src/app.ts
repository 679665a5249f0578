import express, { type Express } from 'express';
import type { Config } from './config/load-config';
import { TokenCipher } from './crypto/token-cipher';
import { checkEncryptionKey } from './crypto/check-encryption-key';
import { openDatabase } from './db/database';
import { configSecrets, createLogger, type Logger } from './logging/create-logger';
import { RestClient } from './ringcentral/rest-client';
import { RingcxClient } from './ringcx/ringcx-client';
import { RingcxTokenManager, RINGCX_EXCHANGES_PER_MINUTE } from './ringcx/ringcx-token-manager';
import { RingCentralApi } from './ringcentral/ringcentral-api';
import type { BotDeps } from './bot/bot-deps';
import { TaskQueue, type TaskQueueLimits } from './bot/task-queue';
import { RequestRateLimiter } from './ringcentral/request-rate-limiter';
import { RequestPacer } from './ringcentral/request-pacer';
import { SharedRateLedger } from './ringcentral/shared-rate-ledger';
import { RATE_GROUP_LIMITS } from './ringcentral/rate-group';
import { RingCentralCallListeners } from './ringcentral/call-listeners';
import { createBot, type Bot } from './bot/create-bot';
import { botOAuthRoutes } from './http/routes/bot-oauth-routes';
import { botWebhookRoute } from './http/routes/bot-webhook-route';
import { interactiveMessagesRoute } from './http/routes/interactive-messages-route';
import { healthzRoute } from './http/routes/healthz-route';
import { readyzRoute } from './http/routes/readyz-route';
import { adminOAuthRoutes } from './http/routes/admin-oauth-routes';
import { loginFollowUp } from './admin/login-follow-up';
import { errorHandler } from './http/error-handler';
import { refuseOversizeBody } from './http/refuse-oversize-body';
import { startWebSocketTransport, type WebSocketTransport } from './transport/websocket-transport';
import { startAdminSmsListener, type AdminSmsListener } from './transport/admin-sms-listener';
import { Metrics } from './metrics/metrics';
import { readPipelineState } from './metrics/read-pipeline-state';
import { metricsRoute } from './http/routes/metrics-route';
import { timeHandling } from './metrics/time-handling';

export interface AppOptions {
  logger?: Logger;
  now?: () => Date;
  sleep?: (ms: number) => Promise<void>;
  /** Per-call time limit for RingCentral requests. */
  requestTimeoutMs?: number;
  /** Start the WebSocket transport when `config.transport` is 'websocket' (main.ts and tests that need it). */
  startTransport?: boolean;
  /** Listen for SMS replies (STOP/START) on the numbers of admins with SMS alerts on (main.ts; default off). */
  listenForSmsReplies?: boolean;
  /** Concurrency and bound of the queue behind the webhook and card submits (defaults: 8 running, 1,000 waiting). */
  taskQueueLimits?: Partial<TaskQueueLimits>;
}

/** The assembled bot: an express handler plus everything behind it. */
export interface App {
  http: Express;
  deps: BotDeps;
  bot: Bot;
  /** The running WebSocket transport (RINGCENTRAL_TRANSPORT=websocket and `startTransport`). */
  transport: WebSocketTransport | undefined;
  /** The running SMS reply listener (`listenForSmsReplies`). */
  smsListener: AdminSmsListener | undefined;
  /** Stops the transport, waits for background work, then closes the database. */
  close(): Promise<void>;
}

/** The composition root: builds config-driven dependencies once and wires them together. */
export async function createApp(config: Config, options: AppOptions = {}): Promise<App> {
  const logger = options.logger ?? createLogger(config.logLevel, undefined, { secrets: configSecrets(config) });
  const cipher = new TokenCipher(config.encryptionKey);
  const db = await openDatabase(config.databaseUrl, cipher, { logger });
  try {
    await checkEncryptionKey(db.sequelize, cipher);
  } catch (error) {
    await db.close();
    throw error;
  }
  const timeoutMs = options.requestTimeoutMs ?? config.requestTimeoutMs;
  const now = options.now ?? (() => new Date());
  const metrics = new Metrics(() => readPipelineState(db.sequelize, now()));
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  // One pacer for every platform call of both apps: lanes are per (token or app, rate-limit group).
  // On PostgreSQL several instances may share the tokens: each lane's budget and penalty are kept in the database too.
  const ledger = db.sequelize.getDialect() === 'postgres' ? new SharedRateLedger(db.sequelize, now) : undefined;
  const pacer = new RequestPacer(now, sleep, RATE_GROUP_LIMITS, ledger ? { ledger, logger } : undefined);
  const ringCentralCalls = new RingCentralCallListeners();
  ringCentralCalls.on((call) => metrics.recordRingCentralCall(call));
  const paced = { timeoutMs, pacer, now, onCall: (call: Parameters<RingCentralCallListeners['emit']>[0]) => ringCentralCalls.emit(call) };
  const botClient = new RestClient({ server: config.ringcentralServer, ...config.bot, ...paced });
  const adminClient = new RestClient({ server: config.ringcentralServer, ...config.adminApp, ...paced });
  const ringcxDeps = (): BotDeps['ringcx'] => {
    const client = RingcxClient.create(config.ringcxServer, timeoutMs);
    const exchangeLimiter = new RequestRateLimiter(RINGCX_EXCHANGES_PER_MINUTE, now, sleep);
    return { client, tokens: new RingcxTokenManager(client, db.ringcx.tokens, now, exchangeLimiter, logger), limiter: new RequestRateLimiter(config.ringcxRequestsPerMinute, now, sleep) };
  };
  const deps: BotDeps = {
    config,
    db,
    api: new RingCentralApi(botClient, adminClient),
    logger,
    tasks: new TaskQueue(logger, options.taskQueueLimits),
    now,
    sleep,
    heavyLimiter: new RequestRateLimiter(10, now, sleep),
    pacer,
    ringCentralCalls,
    ringcx: ringcxDeps(),
    metrics,
    schedules: { running: false },
  };
  const bot = createBot(deps);

  const http = express();
  http.disable('x-powered-by');
  http.use(refuseOversizeBody());
  http.use(healthzRoute(deps));
  http.use(readyzRoute(deps));
  http.use(metricsRoute(metrics, config.metricsToken));
  http.use(timeHandling(metrics));
  http.use(botOAuthRoutes(deps));
  http.use(botWebhookRoute(deps, bot));
  http.use(interactiveMessagesRoute(deps, bot.cardActions));
  http.use(
    adminOAuthRoutes(deps, async (outcome) => {
      // a new login may start (or resume) listening for SMS replies on the admin's numbers
      if (outcome.ok && deps.smsListener) deps.tasks.run('sms listener refresh', () => deps.smsListener?.refresh() ?? Promise.resolve());
      await loginFollowUp(deps, outcome);
    }),
  );
  http.use((req, res) => {
    res.status(404).json({ error: 'not_found', message: `Nothing at ${req.method} ${req.path}.` });
  });
  http.use(errorHandler(logger));

  let transport: WebSocketTransport | undefined;
  if (options.startTransport === true && config.transport === 'websocket') {
    transport = await startWebSocketTransport(deps, bot);
    deps.webSocket = transport;
  }
  let smsListener: AdminSmsListener | undefined;
  if (options.listenForSmsReplies === true) {
    smsListener = await startAdminSmsListener(deps);
    deps.smsListener = smsListener;
  }

  return {
    http,
    deps,
    bot,
    transport,
    smsListener,
    async close() {
      await smsListener?.stop();
      await transport?.stop();
      await deps.tasks.idle();
      await ledger?.idle();
      await db.close();
    },
  };
}

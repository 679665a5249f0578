import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { createApp, type App, type AppOptions } from '../../src/app';
import { loadConfig, type Config } from '../../src/config/load-config';
import { createLogger } from '../../src/logging/create-logger';
import { RingCentralSimulator } from '../../src/simulator';
import { createTestDatabase, type TestDatabase } from './test-database';

export const BOT_CLIENT_ID = 'atb-bot-client-id';
export const BOT_CLIENT_SECRET = 'atb-bot-client-secret-0123456789';
export const ADMIN_CLIENT_ID = 'atb-admin-client-id';
export const ADMIN_CLIENT_SECRET = 'atb-admin-client-secret-9876543210';
export const SHARED_SECRET = 'atb-interactive-messages-shared-secret';
export const ENCRYPTION_KEY = 'q2ZkYk5Nb3dKc1hNc0Y3eGJqY1BrVmZ2V1dxR3lBcUs=';

/** Every log line the app wrote, for asserting what operators see (and that no secret leaks). */
export class LogCapture extends Writable {
  readonly lines: string[] = [];
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void): void {
    this.lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    done();
  }
  text(): string {
    return this.lines.join('\n');
  }
}

/** The real app on a port-0 server, wired to a RingCentral simulator and a fresh database. */
export interface Harness {
  sim: RingCentralSimulator;
  app: App;
  config: Config;
  db: TestDatabase;
  logs: LogCapture;
  /** Base URL of the bot, e.g. http://127.0.0.1:41234 */
  url: string;
  /** The bot's clock (the simulator keeps real time unless a test moves both). */
  clock: { advance(ms: number): void; now(): Date };
  /** Waits until the bot's background work (and the simulator's deliveries) have settled. */
  settle(): Promise<void>;
  /** Stops the app (not the simulator nor the database) and starts a new one on the same port and database. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export async function startHarness(
  options: {
    env?: Record<string, string>;
    /** Start the WebSocket transport (with RINGCENTRAL_TRANSPORT=websocket in env); the bot app then has WebSocketsSubscription. */
    startTransport?: boolean; simulator?: { rateLimits?: boolean };
    /** Start the SMS reply listener (createApp's `listenForSmsReplies`). */
    listenForSmsReplies?: boolean;
    /** The app's log level (default debug); the redaction test runs at trace. */
    logLevel?: string;
    /** Limits of the app's background task queue. */
    taskQueueLimits?: AppOptions['taskQueueLimits'] } = {},
): Promise<Harness> {
  let simOffsetMs = 0;
  const sim = await RingCentralSimulator.start({
    now: () => Date.now() + simOffsetMs,
    ...options.simulator,
    apps: [
      {
        clientId: BOT_CLIENT_ID,
        clientSecret: BOT_CLIENT_SECRET,
        kind: 'bot',
        ...(options.startTransport === true ? { permissions: ['WebSocketsSubscription'] } : {}),
      },
      { clientId: ADMIN_CLIENT_ID, clientSecret: ADMIN_CLIENT_SECRET, kind: 'admin' },
    ],
    sharedSecret: SHARED_SECRET,
  });
  const db = await createTestDatabase();
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const config = loadConfig({
    RINGCENTRAL_SERVER: sim.url,
    RINGCX_SERVER: sim.ringcxUrl,
    RINGCENTRAL_BOT_CLIENT_ID: BOT_CLIENT_ID,
    RINGCENTRAL_BOT_CLIENT_SECRET: BOT_CLIENT_SECRET,
    RINGCENTRAL_CLIENT_ID: ADMIN_CLIENT_ID,
    RINGCENTRAL_CLIENT_SECRET: ADMIN_CLIENT_SECRET,
    RINGCENTRAL_SHARED_SECRET: SHARED_SECRET,
    APP_SERVER: url,
    DATABASE_URL: db.url,
    ENCRYPTION_KEY,
    LOG_LEVEL: options.logLevel ?? 'debug',
    ...options.env,
  });
  const logs = new LogCapture();
  let offsetMs = 0;
  const clock = { advance: (ms: number) => void (offsetMs += ms), now: () => new Date(Date.now() + offsetMs) };
  // The bot's waits (backoff, rate-limit pauses) pass instantly by moving both clocks forward.
  const sleep = async (ms: number) => {
    offsetMs += ms;
    simOffsetMs += ms;
  };
  const build = () => createApp(config, { logger: createLogger(options.logLevel ?? 'debug', logs), sleep, requestTimeoutMs: 5_000, now: clock.now, startTransport: options.startTransport === true, listenForSmsReplies: options.listenForSmsReplies === true, ...(options.taskQueueLimits ? { taskQueueLimits: options.taskQueueLimits } : {}) });
  let app = await build();
  let sentBeforeApp = 0; // WebSocket notifications the simulator sent before this app instance started
  let handler: http.RequestListener = app.http;
  server.on('request', (req, res) => handler(req, res));

  // A WebSocket notification is "delivered" once written to the socket: wait (bounded) until the bot has read as many.
  const webSocketReceived = async () => {
    const transport = app.transport;
    const smsListener = app.smsListener;
    if (!transport && !smsListener) return;
    const received = () => (transport?.notificationsReceived ?? 0) + (smsListener?.notificationsReceived ?? 0);
    const deadline = Date.now() + 2_000;
    while (received() < sim.webSocketNotificationsSent - sentBeforeApp && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  };

  const harness: Harness = {
    sim,
    get app() {
      return app;
    },
    config,
    db,
    logs,
    url,
    clock: {
      advance(ms) {
        clock.advance(ms);
        simOffsetMs += ms;
      },
      now: clock.now,
    },
    async settle() {
      // Bot work can cause deliveries that cause bot work: loop until both sides are quiet.
      for (let i = 0; i < 20; i += 1) {
        await sim.settle();
        await webSocketReceived();
        await app.deps.tasks.idle();
        await new Promise((resolve) => setTimeout(resolve, 5));
        if (app.deps.tasks.size === 0) {
          await sim.settle();
          if (app.deps.tasks.size === 0) return;
        }
      }
    },
    async restart() {
      await app.close();
      sentBeforeApp = sim.webSocketNotificationsSent;
      app = await build();
      handler = app.http;
    },
    async stop() {
      await app.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await sim.stop();
      await db.drop();
    },
  };
  return harness;
}

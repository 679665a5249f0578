import { createNodeSdk } from '../ringcentral/create-node-sdk';
import { tokenPaceKey } from '../ringcentral/rest-client';
import type { BotDeps } from '../bot/bot-deps';
import { CHAT_EVENT_FILTERS } from '../bot/chat-subscription';
import { handleWebhookEvent, type BotHandlers } from '../bot/handle-webhook-event';
import { parseWebhookEvent } from '../events/webhook-event';
import type { Logger } from '../logging/create-logger';
import { memoryStorage } from './memory-storage';
import { errorMessage, statusOf, withTimeout, type WsExtension } from './ws-extension';
import { registerWsSubscription } from './register-ws-subscription';

/** Chat events over WebSocket for every installed installation (RINGCENTRAL_TRANSPORT=websocket). */
export interface WebSocketTransport {
  /** Revokes every WebSocket subscription and closes every connection. */
  stop(): Promise<void>;
  /** Re-reads the installations: connects new ones (or ones with a new bot token), disconnects uninstalled ones. */
  refresh(): Promise<void>;
  /** Connects (or reconnects with its current token) one installation. */
  connect(accountId: string): Promise<void>;
  /** Disconnects one installation. */
  disconnect(accountId: string): Promise<void>;
  /** Account ids with a registered WebSocket subscription. */
  connectedAccounts(): string[];
  /** Notifications received so far (tests compare it with what was sent). */
  readonly notificationsReceived: number;
}

/** Bound on revoking one connection at shutdown (the library waits up to 60 s for an answer). */
const REVOKE_TIMEOUT_MS = 5_000;

interface Connection {
  accountId: string;
  botId: string;
  token: string;
  wse: WsExtension | undefined;
  registered: boolean;
  closed: boolean;
}

/**
 * Starts the WebSocket transport: one @ringcentral/subscriptions connection per installation, acting with
 * its bot token, subscribed to exactly CHAT_EVENT_FILTERS; every notification goes through
 * parseWebhookEvent into handleWebhookEvent, as the webhook route does. The library's autoRecover
 * reconnects (and re-subscribes when the session cannot be recovered).
 */
export async function startWebSocketTransport(deps: BotDeps, bot: BotHandlers): Promise<WebSocketTransport> {
  const log = deps.logger.child({ transport: 'websocket' });
  const connections = new Map<string, Connection>();
  const pending = new Map<string, Promise<void>>();
  let received = 0;
  let stopped = false;

  const closeConnection = async (connection: Connection, reason: string): Promise<void> => {
    connection.closed = true;
    if (connections.get(connection.accountId) === connection) connections.delete(connection.accountId);
    const wse = connection.wse;
    if (!wse) return;
    try {
      await withTimeout(wse.revoke(), REVOKE_TIMEOUT_MS);
    } catch (error) {
      log.info({ accountId: connection.accountId, err: errorMessage(error) }, 'WebSocket subscription not revoked');
    } finally {
      // revoke() skips these when its DELETE fails: make sure no reconnect timer survives us
      if (wse.intervalHandle) clearInterval(wse.intervalHandle);
      if (wse.pingServerHandle) clearTimeout(wse.pingServerHandle);
      wse.disable();
      wse.ws?.close();
    }
    log.info({ accountId: connection.accountId, reason }, 'WebSocket connection closed');
  };

  const onNotification = (connection: Connection, json: unknown): void => {
    received += 1;
    if (connection.closed) return;
    const parsed = parseWebhookEvent(json);
    if (!parsed.ok) {
      log.warn({ accountId: connection.accountId, error: parsed.error }, 'WebSocket notification ignored');
      return;
    }
    const event = parsed.event;
    if (event.ownerId !== undefined && event.ownerId !== connection.botId) {
      log.warn({ accountId: connection.accountId, ownerId: event.ownerId }, 'WebSocket notification for another bot ignored');
      return;
    }
    if (event.kind === 'subscription-reminder') {
      // WebSocket subscriptions renew themselves while the session lives (spec: renewSubscription); a WebHook must not be created here
      log.debug({ accountId: connection.accountId }, 'renewal reminder ignored on WebSocket');
      return;
    }
    deps.tasks.offer(
      'websocket event',
      async () => {
        const installation = await deps.db.installations.findInstalledByBotId(connection.botId);
        if (!installation || installation.accountId !== connection.accountId) return;
        await handleWebhookEvent(deps, bot, installation, event);
        // an extension Delete uninstalls the bot: stop listening for it
        if (event.kind === 'extension') await sync(connection.accountId);
      },
      { accountId: connection.accountId, uuid: event.uuid },
    );
  };

  const open = async (accountId: string): Promise<void> => {
    const installation = await deps.db.installations.findByAccount(accountId);
    const token = installation?.status === 'installed' ? await deps.db.installations.botToken(accountId) : undefined;
    const current = connections.get(accountId);
    if (!installation || !token || stopped) {
      if (current) await closeConnection(current, 'not installed');
      return;
    }
    if (current && current.token === token && current.botId === installation.botId) return;
    if (current) await closeConnection(current, 'bot token changed');

    const connection: Connection = { accountId, botId: installation.botId, token, wse: undefined, registered: false, closed: false };
    connections.set(accountId, connection);
    const connectionLog = log.child({ accountId, botId: installation.botId });
    const sdk = createNodeSdk({
      server: deps.config.ringcentralServer,
      ...deps.config.bot,
      timeoutMs: 30_000,
      // its own REST set-up call (POST /restapi/oauth/wstoken) goes in the token's pacer lanes too
      pace: { pacer: deps.pacer, key: tokenPaceKey(token), now: deps.now, onCall: (call) => deps.ringCentralCalls.emit(call) },
      cache: { prefix: `atb-ws-${accountId}-`, storage: memoryStorage() },
    });
    try {
      const registered = await registerWsSubscription({
        sdk,
        token,
        filters: CHAT_EVENT_FILTERS,
        watch: (wse) => watch(wse, connection, connectionLog),
        onNotification: (json) => onNotification(connection, json),
      });
      connection.wse = registered.wse;
      connection.registered = true;
      connectionLog.info({ subscriptionId: registered.subscriptionId }, 'WebSocket subscription registered');
    } catch (error) {
      connectionLog.error({ err: errorMessage(error), status: statusOf(error) }, 'WebSocket connection failed');
      await closeConnection(connection, 'connection failed');
      return;
    }
    if (connection.closed || stopped) await closeConnection(connection, 'closed while connecting');
  };

  /** autoRecover logging, and a stop when RingCentral refuses the token (the library would rethrow that from a timer). */
  const watch = (wse: WsExtension, connection: Connection, connectionLog: Logger): void => {
    connection.wse = wse;
    wse.eventEmitter.on('newWebSocketObject', (ws: NodeJS.EventEmitter) => {
      ws.on('error', (error: unknown) => connectionLog.warn({ err: errorMessage(error) }, 'WebSocket error'));
    });
    wse.eventEmitter.on('autoRecoverError', (error: unknown) => connectionLog.warn({ err: errorMessage(error) }, 'WebSocket reconnect failed; retrying'));
    wse.eventEmitter.on('autoRecoverSuccess', () => connectionLog.info('WebSocket session recovered'));
    wse.eventEmitter.on('autoRecoverFailed', () => connectionLog.info('WebSocket reconnected with a new session; subscription recreated'));
    const recover = wse.recover.bind(wse);
    wse.recover = async () => {
      try {
        await recover();
      } catch (error) {
        const status = statusOf(error);
        if (status === undefined) throw error;
        // An HTTP refusal (say 401 on /restapi/oauth/wstoken) is thrown out of @rc-ex/ws's setInterval callback
        // as an unhandled rejection: stop this connection instead; maintenance or a reinstall settles the rest.
        connectionLog.error({ status, err: errorMessage(error) }, 'RingCentral refused the WebSocket reconnect; connection stopped');
        void closeConnection(connection, 'reconnect refused');
      }
    };
  };

  /** Serialises work per account so a refresh and an install never race on one connection. */
  const sync = (accountId: string): Promise<void> => {
    const previous = pending.get(accountId) ?? Promise.resolve();
    const next = previous.then(() => open(accountId)).catch((error: unknown) => {
      log.error({ accountId, err: errorMessage(error) }, 'WebSocket transport sync failed');
    });
    pending.set(accountId, next);
    void next.finally(() => {
      if (pending.get(accountId) === next) pending.delete(accountId);
    });
    return next;
  };

  const transport: WebSocketTransport = {
    async refresh() {
      const installed = await deps.db.installations.listInstalled();
      const accounts = new Set([...installed.map((i) => i.accountId), ...connections.keys()]);
      await Promise.all([...accounts].map((accountId) => sync(accountId)));
    },
    connect: (accountId) => sync(accountId),
    async disconnect(accountId) {
      await (pending.get(accountId) ?? Promise.resolve());
      const connection = connections.get(accountId);
      if (connection) await closeConnection(connection, 'disconnected');
    },
    async stop() {
      stopped = true;
      await Promise.all([...pending.values()]);
      await Promise.all([...connections.values()].map((c) => closeConnection(c, 'transport stopped')));
    },
    connectedAccounts: () => [...connections.values()].filter((c) => c.registered && !c.closed).map((c) => c.accountId),
    get notificationsReceived() {
      return received;
    },
  };
  await transport.refresh();
  log.info({ accounts: transport.connectedAccounts().length }, 'WebSocket transport started');
  return transport;
}

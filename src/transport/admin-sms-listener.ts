import { createNodeSdk } from '../ringcentral/create-node-sdk';
import { tokenPaceKey } from '../ringcentral/rest-client';
import { z } from 'zod';
import type { BotDeps } from '../bot/bot-deps';
import { adminAccessToken, NeedsReauthorization } from '../admin/admin-tokens';
import { handleInboundSms } from '../delivery/handle-inbound-sms';
import { maskPhone, type Logger } from '../logging/create-logger';
import { memoryStorage } from './memory-storage';
import { errorMessage, statusOf, withTimeout, type WsExtension } from './ws-extension';
import { registerWsSubscription } from './register-ws-subscription';

/** Inbound SMS on the admin's own extension (RINGCENTRAL.md §9); `~` = the token's owner. */
export const INSTANT_SMS_FILTER = '/restapi/v1.0/account/~/extension/~/message-store/instant?type=SMS';

/**
 * Replies to our alert texts, heard over WebSocket: one @ringcentral/subscriptions connection per admin
 * whose SMS alerts are on, acting with that admin's token.
 */
export interface AdminSmsListener {
  /** Revokes every subscription and closes every connection. */
  stop(): Promise<void>;
  /** Re-reads admins and settings: connects admins who now send SMS (or have a new token), disconnects the others. */
  refresh(): Promise<void>;
  /** Admins with a registered subscription. */
  connectedAdmins(): { accountId: string; extensionId: string }[];
  /** Notifications read from the sockets so far (tests compare it with what the gateway wrote). */
  readonly notificationsReceived: number;
}

/** Bound on revoking one connection (the library waits up to 60 s for an answer). */
const REVOKE_TIMEOUT_MS = 5_000;
/** Message ids remembered to drop the copy a second subscription delivers while a connection is being replaced. */
const REMEMBERED_MESSAGES = 500;

/**
 * The InstantMessageEvent notification, parsed leniently: only what an opt-out needs is required
 * (spec: InstantMessageEvent; body `from.phoneNumber`, `to[].phoneNumber`, `subject`).
 */
const instantSmsSchema = z.object({
  uuid: z.string().optional(),
  event: z.string().optional(),
  ownerId: z.union([z.string(), z.number()]).transform(String).optional(),
  body: z.object({
    id: z.union([z.string(), z.number()]).transform(String).optional(),
    type: z.string().optional(),
    direction: z.string().optional(),
    from: z.object({ phoneNumber: z.string().min(1) }),
    to: z.array(z.object({ phoneNumber: z.string().nullish() })).nullish(),
    subject: z.string().nullish(),
  }),
});

interface Connection {
  key: string;
  accountId: string;
  extensionId: string;
  token: string;
  wse: WsExtension | undefined;
  registered: boolean;
  closed: boolean;
}

interface AdminRef {
  accountId: string;
  extensionId: string;
}

const keyOf = (admin: AdminRef) => `${admin.accountId}:${admin.extensionId}`;

/**
 * Starts listening for SMS replies (STOP / START, RINGCENTRAL.md §9) on the numbers of every active admin
 * whose SMS alerts are on (sms on with a sender). Each notification goes to handleInboundSms for the
 * admin's account. Tokens come from adminAccessToken only; when RingCentral refuses one (wstoken 401,
 * or the gateway's Error frame), the connection is rebuilt with a fresh one. An admin who must log in
 * again is skipped, logged once, until they do.
 */
export async function startAdminSmsListener(deps: BotDeps): Promise<AdminSmsListener> {
  const log = deps.logger.child({ listener: 'admin-sms' });
  const connections = new Map<string, Connection>();
  const pending = new Map<string, Promise<void>>();
  /** Admins skipped for needing re-authorization (logged once each). */
  const skipped = new Set<string>();
  /** Admins already given their one immediate reconnect after a refusal since the last refresh (no tight loops). */
  const reconnectedAfterRefusal = new Set<string>();
  const handled = new Set<string>();
  let received = 0;
  let stopped = false;

  const closeConnection = async (connection: Connection, reason: string): Promise<void> => {
    if (connection.closed && connection.wse === undefined) return;
    connection.closed = true;
    if (connections.get(connection.key) === connection) connections.delete(connection.key);
    const wse = connection.wse;
    connection.wse = undefined;
    if (!wse) return;
    try {
      await withTimeout(wse.revoke(), REVOKE_TIMEOUT_MS);
    } catch (error) {
      log.info({ accountId: connection.accountId, extensionId: connection.extensionId, err: errorMessage(error) }, 'SMS reply subscription not revoked');
    } finally {
      // revoke() skips these when its DELETE fails: make sure no reconnect timer survives us
      if (wse.intervalHandle) clearInterval(wse.intervalHandle);
      if (wse.pingServerHandle) clearTimeout(wse.pingServerHandle);
      wse.disable();
      wse.ws?.close();
    }
    log.info({ accountId: connection.accountId, extensionId: connection.extensionId, reason }, 'SMS reply connection closed');
  };

  const onNotification = (connection: Connection, json: unknown): void => {
    received += 1;
    if (connection.closed) return;
    const parsed = instantSmsSchema.safeParse(json);
    if (!parsed.success) {
      log.warn({ accountId: connection.accountId, error: parsed.error.issues[0]?.message }, 'SMS notification ignored: unexpected shape');
      return;
    }
    const { ownerId, body } = parsed.data;
    if (ownerId !== undefined && ownerId !== connection.extensionId) {
      log.warn({ accountId: connection.accountId, extensionId: connection.extensionId }, 'SMS notification for another extension ignored');
      return;
    }
    if ((body.direction !== undefined && body.direction !== 'Inbound') || (body.type !== undefined && body.type !== 'SMS')) return;
    if (body.id !== undefined) {
      const messageKey = `${connection.accountId}:${body.id}`;
      if (handled.has(messageKey)) return;
      handled.add(messageKey);
      if (handled.size > REMEMBERED_MESSAGES) handled.delete(handled.values().next().value as string);
    }
    const from = body.from.phoneNumber;
    deps.tasks.run(
      'inbound SMS',
      async () => {
        const to = body.to?.find((t) => t.phoneNumber)?.phoneNumber;
        const outcome = await handleInboundSms(deps, connection.accountId, { from, to, text: body.subject ?? '', extensionId: connection.extensionId });
        log.info({ accountId: connection.accountId, extensionId: connection.extensionId, from: maskPhone(from), outcome }, 'SMS reply handled');
      },
      { accountId: connection.accountId, extensionId: connection.extensionId },
    );
  };

  /** Should this admin be listened to, judged from the database now? */
  const wanted = async (admin: AdminRef): Promise<'yes' | 'no' | 'needs-reauth'> => {
    if (stopped) return 'no';
    const installation = await deps.db.installations.findByAccount(admin.accountId);
    if (installation?.status !== 'installed') return 'no';
    const settings = await deps.db.settings.find(admin.accountId, admin.extensionId);
    if (!settings?.smsEnabled || !settings.smsSender) return 'no';
    const authorization = await deps.db.admins.find(admin.accountId, admin.extensionId);
    if (authorization?.status === 'needs_reauth') return 'needs-reauth';
    return authorization?.status === 'active' ? 'yes' : 'no';
  };

  const skip = async (admin: AdminRef, key: string): Promise<void> => {
    const current = connections.get(key);
    if (current) await closeConnection(current, 'admin needs re-authorization');
    if (skipped.has(key)) return;
    skipped.add(key);
    log.warn({ accountId: admin.accountId, extensionId: admin.extensionId }, 'SMS replies not heard for this admin until they log in again');
  };

  const open = async (admin: AdminRef): Promise<void> => {
    const key = keyOf(admin);
    const current = connections.get(key);
    const decision = await wanted(admin);
    if (decision === 'needs-reauth') return skip(admin, key);
    if (decision === 'no') {
      skipped.delete(key);
      if (current) await closeConnection(current, stopped ? 'listener stopped' : 'SMS alerts off or admin gone');
      return;
    }
    let token: string;
    try {
      token = await adminAccessToken(deps, admin.accountId, admin.extensionId);
    } catch (error) {
      if (error instanceof NeedsReauthorization) return skip(admin, key);
      // a network failure or 5xx while refreshing: keep what runs, try again at the next refresh
      log.warn({ accountId: admin.accountId, extensionId: admin.extensionId, err: errorMessage(error) }, 'no admin token for the SMS reply connection; retrying at the next refresh');
      return;
    }
    skipped.delete(key);
    if (current && !current.closed && current.token === token) return;

    // Make before break: the new subscription is registered before the old one goes (a reply heard twice is handled once).
    const connection: Connection = { key, ...admin, token, wse: undefined, registered: false, closed: false };
    const connectionLog = log.child({ accountId: admin.accountId, extensionId: admin.extensionId });
    const sdk = createNodeSdk({
      server: deps.config.ringcentralServer,
      ...deps.config.adminApp,
      timeoutMs: 30_000,
      // its own REST set-up call (POST /restapi/oauth/wstoken) goes in the token's pacer lanes too
      pace: { pacer: deps.pacer, key: tokenPaceKey(token), now: deps.now, onCall: (call) => deps.ringCentralCalls.emit(call) },
      cache: { prefix: `atb-sms-${key}-`, storage: memoryStorage() },
    });
    const platform = sdk.platform();
    // Never let the SDK refresh by itself: the stored pair rotates in adminAccessToken only
    // (https://medium.com/ringcentral-developers/how-to-disable-auto-token-refreshment-for-ringcentral-javascript-sdk-461d7982ed35).
    platform.ensureLoggedIn = async () => null;
    platform.refresh = () => Promise.reject(new Error('token refresh is done by adminAccessToken'));
    try {
      const registered = await registerWsSubscription({
        sdk,
        token,
        filters: [INSTANT_SMS_FILTER],
        watch: (wse) => watch(wse, connection, connectionLog),
        onNotification: (json) => onNotification(connection, json),
      });
      connection.wse = registered.wse;
      connection.registered = true;
    } catch (error) {
      connectionLog.error({ err: errorMessage(error), status: statusOf(error) }, 'SMS reply connection failed; retrying at the next refresh');
      await closeConnection(connection, 'connection failed');
      return;
    }
    if (stopped) {
      await closeConnection(connection, 'closed while connecting');
      return;
    }
    connections.set(key, connection);
    connectionLog.info(current ? 'SMS reply subscription registered with a new admin token' : 'SMS reply subscription registered');
    if (current) await closeConnection(current, 'replaced');
  };

  /** autoRecover logging; a refused token (HTTP 401 on wstoken, or the gateway's 401) rebuilds the connection with a fresh one. */
  const watch = (wse: WsExtension, connection: Connection, connectionLog: Logger): void => {
    connection.wse = wse;
    wse.eventEmitter.on('newWebSocketObject', (ws: NodeJS.EventEmitter) => {
      ws.on('error', (error: unknown) => connectionLog.warn({ err: errorMessage(error) }, 'SMS reply WebSocket error'));
    });
    wse.eventEmitter.on('autoRecoverError', (error: unknown) => {
      if (connection.registered && !connection.closed && gatewayRefusedToken(error)) {
        refused(connection, connectionLog, 401, 'the WebSocket gateway refused the token');
        return;
      }
      connectionLog.warn({ err: errorMessage(error) }, 'SMS reply WebSocket reconnect failed; retrying');
    });
    wse.eventEmitter.on('autoRecoverSuccess', () => connectionLog.info('SMS reply WebSocket session recovered'));
    wse.eventEmitter.on('autoRecoverFailed', () => connectionLog.info('SMS reply WebSocket reconnected with a new session; subscription recreated'));
    const recover = wse.recover.bind(wse);
    wse.recover = async () => {
      try {
        await recover();
      } catch (error) {
        const status = statusOf(error);
        if (status === undefined) throw error;
        // An HTTP refusal is thrown out of @rc-ex/ws's setInterval callback as an unhandled rejection: handle it here.
        refused(connection, connectionLog, status, errorMessage(error));
      }
    };
  };

  const refused = (connection: Connection, connectionLog: Logger, status: number, detail: string): void => {
    if (connection.closed) return;
    const retryNow = (status === 401 || status === 403) && !reconnectedAfterRefusal.has(connection.key) && !stopped;
    connectionLog.warn({ status, err: detail }, retryNow ? 'RingCentral refused the SMS reply connection; reconnecting with a fresh admin token' : 'RingCentral refused the SMS reply connection; retrying at the next refresh');
    const admin = { accountId: connection.accountId, extensionId: connection.extensionId };
    void closeConnection(connection, 'refused').then(() => {
      if (!retryNow) return;
      reconnectedAfterRefusal.add(connection.key);
      return sync(admin);
    });
  };

  /** Serialises work per admin so a refresh, a settings change and a reconnect never race on one connection. */
  const sync = (admin: AdminRef): Promise<void> => {
    const key = keyOf(admin);
    const previous = pending.get(key) ?? Promise.resolve();
    const next = previous.then(() => open(admin)).catch((error: unknown) => {
      log.error({ accountId: admin.accountId, extensionId: admin.extensionId, err: errorMessage(error) }, 'SMS reply listener sync failed');
    });
    pending.set(key, next);
    void next.finally(() => {
      if (pending.get(key) === next) pending.delete(key);
    });
    return next;
  };

  const listener: AdminSmsListener = {
    async refresh() {
      if (stopped) return;
      reconnectedAfterRefusal.clear();
      const admins = new Map<string, AdminRef>();
      for (const installation of await deps.db.installations.listInstalled()) {
        for (const settings of await deps.db.settings.listByAccount(installation.accountId)) {
          if (settings.smsEnabled && settings.smsSender) admins.set(keyOf(settings), { accountId: settings.accountId, extensionId: settings.extensionId });
        }
      }
      for (const connection of connections.values()) admins.set(connection.key, { accountId: connection.accountId, extensionId: connection.extensionId });
      await Promise.all([...admins.values()].map((admin) => sync(admin)));
    },
    async stop() {
      stopped = true;
      await Promise.all([...pending.values()]);
      await Promise.all([...connections.values()].map((c) => closeConnection(c, 'listener stopped')));
    },
    connectedAdmins: () =>
      [...connections.values()].filter((c) => c.registered && !c.closed).map((c) => ({ accountId: c.accountId, extensionId: c.extensionId })),
    get notificationsReceived() {
      return received;
    },
  };
  await listener.refresh();
  log.info({ admins: listener.connectedAdmins().length }, 'SMS reply listener started');
  return listener;
}

/**
 * Did the WebSocket gateway refuse the ws_access_token (expired or revoked)? @rc-ex/ws reports the
 * gateway's Error frame as a ConnectionException; its exact body is UNCONFIRMED, so: status 401 in the
 * frame, or an error code naming the token.
 */
function gatewayRefusedToken(error: unknown): boolean {
  const wsgError = (error as { wsgError?: { errorCode?: unknown } } | undefined)?.wsgError;
  if (wsgError === undefined) return false;
  const code = typeof wsgError.errorCode === 'string' ? wsgError.errorCode : '';
  if (/401|Token(Expired|Invalid)|Unauthorized/i.test(code)) return true;
  const data = (error as { wsgEvent?: { data?: unknown } }).wsgEvent?.data;
  try {
    const frame: unknown = JSON.parse(typeof data === 'string' ? data : String(data));
    return Array.isArray(frame) && (frame[0] as { status?: unknown } | undefined)?.status === 401;
  } catch {
    return false;
  }
}

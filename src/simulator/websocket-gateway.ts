import crypto from 'node:crypto';
import type http from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import type { WebSocketDelivery } from './notification-hub';
import { SimHttpError, invalidParameter, rcError } from './rc-errors';
import type { TimerSet } from './request-pipeline';
import { checkFilters, ownSubscription, subscriptionInfo } from './routes/subscription-routes';
import { reportViolation, type SimContext } from './sim-context';
import type { SimRequestLogEntry, SimSubscription } from './sim-types';
import type { AccessToken } from './token-store';

/** Where the simulated WebSocket gateway listens, on the simulator's own HTTP server. */
export const WS_PATH = '/ws';
/** Life of a ws_access_token; 600 s is the default @rc-ex/ws documents. */
export const WS_TOKEN_TTL_SECONDS = 600;
/** The app permission POST /restapi/oauth/wstoken needs (RINGCENTRAL.md §3). */
export const WS_PERMISSION = 'WebSocketsSubscription';
/** expiresIn reported for WebSocket subscriptions (UNCONFIRMED); they are renewed while the session lives. */
export const WS_SUBSCRIPTION_EXPIRES_IN = 900;

/** The ConnectionDetails body; the numbers are UNCONFIRMED (RingCentral's guide shows the fields, not fixed values). */
export const CONNECTION_LIMITS = {
  maxConnectionsPerSession: 5,
  recoveryBufferSize: 100,
  recoveryTimeout: 180,
  idleTimeout: 1200,
  absoluteTimeout: 86_400,
  maxActiveRequests: 10,
};

/** Pause between a recovered ConnectionDetails and the replay of what the session missed. */
export const REPLAY_DELAY_MS = 100;

interface WsToken {
  token: string;
  /** The REST access token it was issued for: the session acts as its owner. */
  accessToken: string;
  expiresAt: number;
}

interface Session {
  id: string;
  /** `wsc.token`: lets a client recover the session (and its subscriptions) after a disconnect. */
  wscToken: string;
  sequence: number;
  accessToken: string;
  socket: WebSocket | undefined;
  disconnectedAt: number | undefined;
  /** Notifications for a disconnected session, replayed on a successful recovery. */
  buffer: object[];
  subscriptionIds: Set<string>;
}

type Frame = [Record<string, unknown>, ...unknown[]];

/**
 * RingCentral's WebSocket gateway (WSG) as @rc-ex/ws speaks to it
 * (https://developers.ringcentral.com/guide/notifications/websockets): every frame is a JSON array
 * `[meta, body?]`; the server opens with ConnectionDetails (carrying `wsc` for session recovery), answers
 * ClientRequest frames (subscription create / update / delete here, any other REST call proxied) and
 * Heartbeat frames, and pushes ServerNotification frames whose body is the webhook envelope.
 */
export class WebSocketGateway implements WebSocketDelivery {
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly tokens = new Map<string, WsToken>();
  private readonly sessions = new Map<string, Session>();
  private readonly sessionOfSubscription = new Map<string, Session>();
  private readonly inFlight = new Set<Promise<unknown>>();
  /** ServerNotification frames written to sockets so far. */
  notificationsSent = 0;

  constructor(
    private readonly ctx: SimContext,
    private readonly timers: TimerSet,
  ) {
    ctx.state.keepAlive = (sub) => {
      const session = this.sessionOfSubscription.get(sub.id);
      return session !== undefined && this.alive(session);
    };
  }

  /** The `uri` handed out with ws_access_token. */
  uri(): string {
    return `${this.ctx.baseUrl().replace(/^http/, 'ws')}${WS_PATH}`;
  }

  /** Issues a ws_access_token for a REST access token (POST /restapi/oauth/wstoken). */
  issueToken(accessToken: string): { ws_access_token: string; uri: string; expires_in: number } {
    const token = `ws-${crypto.randomBytes(24).toString('base64url')}`;
    this.tokens.set(token, { token, accessToken, expiresAt: this.ctx.state.now() + WS_TOKEN_TTL_SECONDS * 1000 });
    return { ws_access_token: token, uri: this.uri(), expires_in: WS_TOKEN_TTL_SECONDS };
  }

  /** Accept WebSocket upgrades on {@link WS_PATH}. */
  attach(server: http.Server): void {
    server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (url.pathname !== WS_PATH) {
        socket.destroy();
        return;
      }
      this.wss.handleUpgrade(req, socket, head, (ws) => this.onConnection(ws, url.searchParams));
    });
  }

  /** Sends a notification of a WebSocket subscription; buffers it while its session is recoverable. */
  deliver(sub: SimSubscription, envelope: object): Promise<boolean> {
    const session = this.sessionOfSubscription.get(sub.id);
    if (session === undefined || !this.alive(session)) return Promise.resolve(false);
    // a socket that is going away counts as disconnected: keep the notification for a recovery
    if (session.socket === undefined || session.socket.readyState !== WebSocket.OPEN) {
      session.buffer.push(envelope);
      if (session.buffer.length > CONNECTION_LIMITS.recoveryBufferSize) session.buffer.shift();
      return Promise.resolve(false);
    }
    const uuid = (envelope as { uuid?: string }).uuid ?? crypto.randomUUID();
    return this.track(this.send(session, [{ type: 'ServerNotification', messageId: uuid, status: 200, headers: headers(), wsc: this.nextWsc(session) }, envelope], true));
  }

  /** Waits until every frame sent so far has been written. */
  async settle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  /** Drops every connection (stop()). */
  close(): void {
    for (const client of this.wss.clients) client.terminate();
    this.wss.close();
  }

  /** Cuts open sockets (of one owner, or all) as a network failure would; sessions stay recoverable. */
  dropConnections(ownerId?: string): number {
    let dropped = 0;
    for (const session of this.sessions.values()) {
      if (session.socket === undefined) continue;
      if (ownerId !== undefined && this.ctx.tokens.peek(session.accessToken)?.extensionId !== ownerId) continue;
      session.socket.terminate();
      dropped += 1;
    }
    return dropped;
  }

  /** Sessions with an open socket, for tests: the owner and their WebSocket subscriptions. */
  connections(): { ownerId: string; subscriptionIds: string[] }[] {
    return [...this.sessions.values()]
      .filter((s) => s.socket !== undefined)
      .map((s) => ({ ownerId: this.ctx.tokens.peek(s.accessToken)?.extensionId ?? '', subscriptionIds: [...s.subscriptionIds] }));
  }

  private onConnection(ws: WebSocket, params: URLSearchParams): void {
    const wsToken = this.tokens.get(params.get('access_token') ?? '');
    const auth = wsToken === undefined || wsToken.expiresAt <= this.ctx.state.now() ? undefined : this.authenticate(wsToken.accessToken);
    if (wsToken === undefined || auth === undefined) {
      // UNCONFIRMED: how the WSG refuses a bad or expired ws_access_token; @rc-ex/ws turns an Error frame into a ConnectionException
      ws.send(JSON.stringify([{ type: 'Error', messageId: crypto.randomUUID(), status: 401, headers: headers() }, { errorCode: 'WSG-401', message: 'Invalid or expired ws_access_token' }]), () => ws.close(4401));
      return;
    }
    const wsc = params.get('wsc');
    const previous = wsc === null ? undefined : this.sessions.get(wsc);
    const recovered = previous !== undefined && previous.socket === undefined && this.alive(previous) && previous.accessToken === wsToken.accessToken;
    const session: Session = recovered
      ? previous
      : { id: crypto.randomUUID(), wscToken: crypto.randomBytes(16).toString('hex'), sequence: 0, accessToken: wsToken.accessToken, socket: undefined, disconnectedAt: undefined, buffer: [], subscriptionIds: new Set() };
    session.socket = ws;
    session.disconnectedAt = undefined;
    this.sessions.set(session.wscToken, session);
    ws.on('message', (data: RawData) => void this.onMessage(session, ws, data));
    ws.on('close', () => this.onClose(session, ws));
    ws.on('error', () => undefined);

    const details = {
      creationTime: this.ctx.state.iso(),
      ...CONNECTION_LIMITS,
      ...(wsc === null ? {} : recovered ? { recoveryState: 'Successful' } : { recoveryState: 'Failed', recoveryErrorCode: 'WSG-901' }),
    };
    void this.send(session, [{ type: 'ConnectionDetails', messageId: crypto.randomUUID(), status: 200, headers: headers(), wsc: this.nextWsc(session) }, details]);
    if (recovered) {
      // Replay a moment after ConnectionDetails: @rc-ex/ws re-attaches its subscription listener only after reading it
      // (UNCONFIRMED how soon the real gateway replays).
      this.track(
        new Promise<void>((resolve) => {
          const timer = setTimeout(() => {
            this.timers.delete(timer);
            const buffered = session.buffer.splice(0);
            const sends = buffered.map((envelope) => {
              const uuid = (envelope as { uuid?: string }).uuid ?? crypto.randomUUID();
              return this.send(session, [{ type: 'ServerNotification', messageId: uuid, status: 200, headers: headers(), wsc: this.nextWsc(session) }, envelope], true);
            });
            void Promise.all(sends).then(() => resolve());
          }, REPLAY_DELAY_MS);
          timer.unref();
          this.timers.add(timer);
        }),
      ).catch(() => undefined);
    }
  }

  private onClose(session: Session, ws: WebSocket): void {
    if (session.socket !== ws) return;
    session.socket = undefined;
    session.disconnectedAt = this.ctx.state.now();
    // After recoveryTimeout the session and its subscriptions are gone (real time; the fake clock is checked too, in alive()).
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (session.socket === undefined) this.drop(session);
    }, CONNECTION_LIMITS.recoveryTimeout * 1000);
    timer.unref();
    this.timers.add(timer);
  }

  private drop(session: Session): void {
    for (const id of session.subscriptionIds) {
      this.ctx.state.removeSubscription(id);
      this.sessionOfSubscription.delete(id);
    }
    this.sessions.delete(session.wscToken);
  }

  private alive(session: Session): boolean {
    if (!this.sessions.has(session.wscToken)) return false;
    return session.disconnectedAt === undefined || this.ctx.state.now() - session.disconnectedAt <= CONNECTION_LIMITS.recoveryTimeout * 1000;
  }

  private async onMessage(session: Session, ws: WebSocket, data: RawData): Promise<void> {
    let frame: unknown;
    try {
      frame = JSON.parse(rawText(data));
    } catch {
      frame = undefined;
    }
    const meta = Array.isArray(frame) && typeof frame[0] === 'object' && frame[0] !== null ? (frame[0] as Record<string, unknown>) : undefined;
    const messageId = typeof meta?.messageId === 'string' ? meta.messageId : crypto.randomUUID();
    if (meta === undefined || (meta.type !== 'ClientRequest' && meta.type !== 'Heartbeat')) {
      await this.send(session, [{ type: 'Error', messageId, status: 400, headers: headers(), wsc: this.nextWsc(session) }, { errorCode: 'WSG-400', message: 'Malformed frame' }], false, ws);
      return;
    }
    if (meta.type === 'Heartbeat') {
      await this.send(session, [{ type: 'Heartbeat', messageId, status: 200, headers: headers(), wsc: this.nextWsc(session) }], false, ws);
      return;
    }
    const body = (frame as unknown[])[1];
    const answer = await this.clientRequest(session, meta, body);
    const out: Frame = [{ type: 'ClientRequest', messageId, status: answer.status, headers: { ...headers(), 'Content-Type': 'application/json' }, wsc: this.nextWsc(session) }];
    if (answer.body !== undefined) out.push(answer.body);
    await this.send(session, out, false, ws);
  }

  /** One REST call over the socket: subscriptions are handled here, anything else is proxied to the REST API. */
  private async clientRequest(session: Session, meta: Record<string, unknown>, body: unknown): Promise<{ status: number; body?: unknown }> {
    const method = typeof meta.method === 'string' ? meta.method.toUpperCase() : 'GET';
    const path = typeof meta.path === 'string' ? meta.path : '/';
    const log: SimRequestLogEntry = { method, path, status: 0, at: this.ctx.state.now(), transport: 'WebSocket' };
    this.ctx.state.requests.push(log);
    const auth = this.authenticate(session.accessToken);
    if (auth !== undefined) log.userId = auth.extensionId;
    let answer: { status: number; body?: unknown };
    try {
      if (auth === undefined) answer = { status: 401, body: rcError('TokenInvalid', 'Access token is invalid') };
      else if (path === '/restapi/v1.0/subscription' && method === 'POST') answer = this.createSubscription(session, auth, body);
      else if (/^\/restapi\/v1\.0\/subscription\/[^/]+$/.test(path) && ['GET', 'PUT', 'DELETE'].includes(method)) answer = this.ownSubscriptionRequest(session, auth, method, path, body);
      else answer = await this.proxy(session, method, path, meta.query, body);
    } catch (error) {
      if (!(error instanceof SimHttpError)) throw error;
      answer = { status: error.status, body: error.body };
    }
    log.status = answer.status;
    return answer;
  }

  private createSubscription(session: Session, auth: AccessToken, body: unknown): { status: number; body: unknown } {
    // The public spec's CreateSubscriptionRequest lists only WebHook delivery (WebSocket ones are created over the WSG): checked by hand.
    const request = (body ?? {}) as { eventFilters?: unknown; deliveryMode?: { transportType?: unknown } };
    if (!Array.isArray(request.eventFilters) || request.eventFilters.length === 0 || !request.eventFilters.every((f) => typeof f === 'string')) {
      invalidParameter('eventFilters');
    }
    if (request.deliveryMode?.transportType !== 'WebSocket') invalidParameter('deliveryMode.transportType', 'only WebSocket subscriptions can be created over WebSocket');
    const filters = request.eventFilters as string[];
    checkFilters(auth, filters);
    const now = this.ctx.state.now();
    const sub: SimSubscription = {
      id: this.ctx.state.nextId(),
      ownerId: auth.extensionId,
      accountId: auth.accountId,
      clientId: auth.clientId,
      eventFilters: [...filters],
      deliveryMode: { transportType: 'WebSocket', address: this.uri() },
      status: 'Active',
      createdAt: now,
      expiresAt: now + WS_SUBSCRIPTION_EXPIRES_IN * 1000,
      expiresIn: WS_SUBSCRIPTION_EXPIRES_IN,
      failedDeliveries: 0,
    };
    this.ctx.state.subscriptions.push(sub);
    session.subscriptionIds.add(sub.id);
    this.sessionOfSubscription.set(sub.id, session);
    return { status: 200, body: this.validated('POST', '/restapi/v1.0/subscription', subscriptionInfo(this.ctx, sub)) };
  }

  private ownSubscriptionRequest(session: Session, auth: AccessToken, method: string, path: string, body: unknown): { status: number; body?: unknown } {
    const sub = ownSubscription(this.ctx, auth, path.split('/').pop() ?? '');
    if (method === 'DELETE') {
      this.ctx.state.removeSubscription(sub.id);
      this.sessionOfSubscription.delete(sub.id);
      session.subscriptionIds.delete(sub.id);
      return { status: 204 };
    }
    if (method === 'PUT') {
      const update = (body ?? {}) as { eventFilters?: unknown };
      if (Array.isArray(update.eventFilters)) {
        const filters = update.eventFilters.filter((f): f is string => typeof f === 'string');
        checkFilters(auth, filters);
        sub.eventFilters = filters;
      }
      sub.expiresAt = this.ctx.state.now() + sub.expiresIn * 1000;
    }
    return { status: 200, body: this.validated(method, path, subscriptionInfo(this.ctx, sub)) };
  }

  /** Any other REST call over the socket (`restOverWebSocket`): forwarded to the simulator's REST API as the session's owner. */
  private async proxy(session: Session, method: string, path: string, query: unknown, body: unknown): Promise<{ status: number; body?: unknown }> {
    const url = new URL(path, this.ctx.baseUrl());
    if (typeof query === 'object' && query !== null) {
      for (const [name, value] of Object.entries(query)) {
        for (const item of Array.isArray(value) ? value : [value]) if (item !== undefined && item !== null) url.searchParams.append(name, String(item));
      }
    }
    const response = await fetch(url, {
      method,
      headers: { Authorization: `Bearer ${session.accessToken}`, Accept: 'application/json', ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = text;
    }
    return { status: response.status, ...(parsed === undefined ? {} : { body: parsed }) };
  }

  private validated(method: string, path: string, body: object): object {
    const match = this.ctx.validator.match(method, path);
    if (match !== undefined) {
      const errors = this.ctx.validator.validateResponse(match, 200, body);
      if (errors.length > 0) reportViolation(this.ctx, { method, path: `${path} (WebSocket)`, direction: 'response', errors });
    }
    return body;
  }

  private authenticate(accessToken: string): AccessToken | undefined {
    const auth = this.ctx.tokens.authenticate(accessToken);
    return auth.ok ? auth.token : undefined;
  }

  private nextWsc(session: Session): { token: string; sequence: number } {
    session.sequence += 1;
    return { token: session.wscToken, sequence: session.sequence };
  }

  /** Writes a frame; resolves true once written. `via` pins the socket a request came in on. */
  private send(session: Session, frame: Frame, notification = false, via?: WebSocket): Promise<boolean> {
    const ws = via ?? session.socket;
    if (ws === undefined || ws.readyState !== WebSocket.OPEN) return Promise.resolve(false);
    return new Promise((resolve) => {
      ws.send(JSON.stringify(frame), (error) => {
        if (error === undefined || error === null) {
          if (notification) this.notificationsSent += 1;
          resolve(true);
        } else {
          resolve(false);
        }
      });
    });
  }

  private track<T>(promise: Promise<T>): Promise<T> {
    this.inFlight.add(promise);
    void promise.finally(() => this.inFlight.delete(promise)).catch(() => undefined);
    return promise;
  }
}

function headers(): Record<string, string> {
  return { RCRequestId: crypto.randomUUID() };
}

function rawText(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}

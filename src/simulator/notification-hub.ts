import crypto from 'node:crypto';
import type { SimState } from './sim-state';
import type { SimCard, SimChat, SimLogger, SimPost, SimSubscription } from './sim-types';

/** RingCentral gives a webhook 3 s to answer (handshake and notifications). */
export const WEBHOOK_TIMEOUT_MS = 3000;
/** Consecutive failed deliveries before the subscription is blacklisted (RingCentral's exact count is UNCONFIRMED). */
export const BLACKLIST_AFTER_FAILURES = 3;

/** The handshake answer (status line, headers and body) must stay within 1 KB; we count headers and body. */
export const MAX_HANDSHAKE_RESPONSE_BYTES = 1024;

export const POSTS_FILTER = '/team-messaging/v1/posts';
export const CHATS_FILTER = '/team-messaging/v1/chats';
export const EXTENSION_FILTER = '/restapi/v1.0/account/~/extension/~';
export const REMINDER_FILTER_PREFIX = '/restapi/v1.0/subscription/~?threshold=';
export const DEFAULT_REMINDER_FILTER = '/restapi/v1.0/subscription/~?threshold=60&interval=15';
export const INSTANT_SMS_FILTER = '/restapi/v1.0/account/~/extension/~/message-store/instant?type=SMS';

/** Carries notifications of `WebSocket` subscriptions (the simulated WebSocket gateway). */
export interface WebSocketDelivery {
  /** Sends the envelope as a ServerNotification frame; resolves true once written to an open socket. */
  deliver(sub: SimSubscription, envelope: object): Promise<boolean>;
}

export type HandshakeResult = { ok: true } | { ok: false; errorCode: string; message: string };

export interface NotificationHubDeps {
  state: SimState;
  logger?: SimLogger;
  /** checks a notification payload against a spec component schema; returns errors */
  validate: (schemaName: string, payload: unknown) => string[];
  /** real-time deadline for webhook answers (default 3000 ms, RingCentral's) */
  timeoutMs?: number;
}

/**
 * Sends what RingCentral pushes to webhooks: the subscription handshake and event notifications, with
 * RingCentral's envelope, headers, 3 s deadline and blacklisting after repeated failures.
 */
export class NotificationHub {
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly controllers = new Set<AbortController>();
  private webSocket: WebSocketDelivery | undefined;

  constructor(private readonly deps: NotificationHubDeps) {}

  /** Route notifications of WebSocket subscriptions through `delivery` instead of HTTP POST. */
  useWebSocket(delivery: WebSocketDelivery): void {
    this.webSocket = delivery;
  }

  private get timeoutMs(): number {
    return this.deps.timeoutMs ?? WEBHOOK_TIMEOUT_MS;
  }

  /**
   * The creation handshake: POST an empty body with `Validation-Token`; the receiver must answer 200
   * within 3 s echoing the header (https://developers.ringcentral.com/guide/notifications/webhooks/creating-webhooks).
   * The SUB-5xx codes below are UNCONFIRMED.
   */
  async handshake(address: string): Promise<HandshakeResult> {
    const token = crypto.randomUUID();
    const answer = await this.post(address, { 'Validation-Token': token }, '');
    if (answer.kind === 'timeout') return { ok: false, errorCode: 'SUB-523', message: `WebHook did not respond within ${this.timeoutMs / 1000} seconds` };
    if (answer.kind === 'error') return { ok: false, errorCode: 'SUB-521', message: `Cannot reach WebHook address: ${answer.message}` };
    if (answer.status !== 200) return { ok: false, errorCode: 'SUB-521', message: `WebHook responds with incorrect HTTP status. HTTP status is ${answer.status}` };
    if (answer.validationToken !== token) return { ok: false, errorCode: 'SUB-522', message: 'WebHook responds with invalid Validation-Token header' };
    // Why: RingCentral refuses handshake answers over 1024 bytes (RINGCENTRAL.md §3)
    if (answer.bytes > MAX_HANDSHAKE_RESPONSE_BYTES) return { ok: false, errorCode: 'SUB-521', message: 'WebHook response is too large' };
    return { ok: true };
  }

  /** Deliver one notification; counts failures and blacklists. Resolves true when the receiver answered 2xx in time. */
  async deliver(sub: SimSubscription, event: string, body: object, schemaName?: string): Promise<boolean> {
    if (sub.status !== 'Active') return false;
    const envelope = {
      uuid: crypto.randomUUID(),
      event,
      timestamp: this.deps.state.iso(),
      subscriptionId: sub.id,
      ownerId: sub.ownerId,
      body,
    };
    if (schemaName !== undefined) {
      const errors = this.deps.validate(schemaName, envelope);
      if (errors.length > 0) {
        this.deps.state.specViolations.push({ method: 'POST', path: sub.deliveryMode.address, direction: 'notification', errors });
        this.deps.logger?.warn({ event, errors }, 'simulator sent a notification that violates the RingCentral spec');
      }
    }
    // WebSocket subscriptions get the same envelope as a ServerNotification frame; no blacklisting there
    if (sub.deliveryMode.transportType === 'WebSocket') return this.webSocket?.deliver(sub, envelope) ?? false;
    const headers: Record<string, string> = { 'Content-Type': 'application/json' };
    if (sub.deliveryMode.verificationToken !== undefined) headers['Verification-Token'] = sub.deliveryMode.verificationToken;
    const answer = await this.post(sub.deliveryMode.address, headers, JSON.stringify(envelope));
    this.deps.state.webhookDeliveries.push({ subscriptionId: sub.id, event, status: answer.kind === 'http' ? answer.status : 0, at: this.deps.state.now() });
    if (answer.kind === 'http' && answer.status >= 200 && answer.status < 300) {
      sub.failedDeliveries = 0;
      return true;
    }
    sub.failedDeliveries += 1;
    const reason =
      answer.kind === 'timeout'
        ? `Webhook did not respond within ${this.timeoutMs / 1000} seconds`
        : answer.kind === 'error'
          ? `Cannot reach webhook: ${answer.message}`
          : `Webhook responds with incorrect HTTP status. HTTP status is ${answer.status}`;
    if (sub.failedDeliveries >= BLACKLIST_AFTER_FAILURES && sub.status === 'Active') {
      sub.status = 'Blacklisted';
      sub.blacklistedData = { reason, blacklistedAt: this.deps.state.iso() };
      this.deps.logger?.warn({ subscriptionId: sub.id, reason }, 'simulator blacklisted a subscription');
    }
    return false;
  }

  /** Deliver to every active subscription `eventFor` picks (returns the event string, or undefined to skip). */
  publish(eventFor: (sub: SimSubscription) => string | undefined, body: object | ((sub: SimSubscription) => object), schemaName?: string): Promise<void> {
    this.deps.state.pruneExpiredSubscriptions();
    const deliveries: Promise<boolean>[] = [];
    for (const sub of [...this.deps.state.subscriptions]) {
      if (sub.status !== 'Active') continue;
      const event = eventFor(sub);
      if (event === undefined) continue;
      deliveries.push(this.deliver(sub, event, typeof body === 'function' ? body(sub) : body, schemaName));
    }
    return this.track(Promise.all(deliveries).then(() => undefined));
  }

  /** PostAdded for a text post or a card, to subscribers who are members of the chat (the poster included). */
  publishPost(chat: SimChat, post: SimPost | { card: SimCard }): Promise<void> {
    const body = 'card' in post ? cardPostBody(this.deps.state, post.card) : textPostBody(this.deps.state, post);
    return this.publish((sub) => (chat.memberIds.includes(sub.ownerId) && hasFilter(sub, POSTS_FILTER) ? POSTS_FILTER : undefined), body);
  }

  /** GroupJoined to the subscriptions of members who just joined. */
  publishGroupJoined(chat: SimChat, joinedIds: string[]): Promise<void> {
    return this.publishChatEvent(chat, joinedIds, 'GroupJoined');
  }

  /** GroupLeft (or another chat event) to the subscriptions of the people concerned. */
  publishChatEvent(chat: SimChat, personIds: string[], eventType: 'GroupJoined' | 'GroupLeft' | 'GroupChanged' | 'GroupRenamed'): Promise<void> {
    const body = this.chatEventBody(chat, eventType);
    return this.publish((sub) => (personIds.includes(sub.ownerId) && hasFilter(sub, CHATS_FILTER) ? CHATS_FILTER : undefined), body);
  }

  /** One chat event to one subscription (the events RingCentral sends as soon as a subscription exists). */
  deliverChatEvent(sub: SimSubscription, chat: SimChat, eventType: 'GroupJoined'): Promise<boolean> {
    return this.track(this.deliver(sub, CHATS_FILTER, this.chatEventBody(chat, eventType)));
  }

  private chatEventBody(chat: SimChat, eventType: 'GroupJoined' | 'GroupLeft' | 'GroupChanged' | 'GroupRenamed'): object {
    return {
      id: chat.id,
      name: chat.name ?? null,
      description: null,
      type: chat.type,
      status: 'Active',
      // UNCONFIRMED: chat events carry member ids as plain strings (the REST chat record uses [{id}])
      members: [...chat.memberIds],
      isPublic: chat.type === 'Team' ? chat.public : null,
      creationTime: this.deps.state.iso(chat.createdAt),
      lastModifiedTime: this.deps.state.iso(chat.updatedAt),
      eventType,
    };
  }

  /** The extension event (e.g. Delete on bot uninstall) to the extension's own subscriptions. */
  publishExtensionEvent(extensionId: string, accountId: string, eventType: 'Update' | 'Delete'): Promise<void> {
    return this.publish(
      (sub) => (sub.ownerId === extensionId && sub.eventFilters.some((f) => isExtensionFilter(f, accountId, extensionId))
        ? `/restapi/v1.0/account/${accountId}/extension/${extensionId}`
        : undefined),
      { extensionId, eventType, ownerId: extensionId },
      'ExtensionInfoEvent',
    );
  }

  /** Wait until every notification sent so far got its answer (or timed out). */
  async settle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  /** Abort every outstanding webhook call (used by stop()). */
  abortAll(): void {
    for (const controller of this.controllers) controller.abort();
  }

  track<T>(promise: Promise<T>): Promise<T> {
    this.inFlight.add(promise);
    void promise.finally(() => this.inFlight.delete(promise)).catch(() => undefined);
    return promise;
  }

  private async post(address: string, headers: Record<string, string>, body: string): Promise<
    { kind: 'http'; status: number; validationToken: string | null; bytes: number } | { kind: 'timeout' } | { kind: 'error'; message: string }
  > {
    const controller = new AbortController();
    this.controllers.add(controller);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.timeoutMs);
    timer.unref();
    try {
      const response = await fetch(address, { method: 'POST', headers, body, signal: controller.signal });
      const answered = await response.arrayBuffer().catch(() => new ArrayBuffer(0));
      let bytes = answered.byteLength;
      response.headers.forEach((value, name) => {
        bytes += name.length + value.length + 4;
      });
      return { kind: 'http', status: response.status, validationToken: response.headers.get('validation-token'), bytes };
    } catch (error) {
      if (timedOut) return { kind: 'timeout' };
      return { kind: 'error', message: error instanceof Error ? error.message : String(error) };
    } finally {
      clearTimeout(timer);
      this.controllers.delete(controller);
    }
  }
}

/** Does the subscription carry this filter (ignoring a query string)? */
export function hasFilter(sub: SimSubscription, filter: string): boolean {
  return sub.eventFilters.some((f) => f.split('?')[0] === filter);
}

/** `/restapi/v1.0/account/~/extension/~` with `~` or the explicit ids. */
export function isExtensionFilter(filter: string, accountId: string, extensionId: string): boolean {
  const match = /^\/restapi\/v1\.0\/account\/([^/]+)\/extension\/([^/?]+)$/.exec(filter);
  return match !== null && (match[1] === '~' || match[1] === accountId) && (match[2] === '~' || match[2] === extensionId);
}

/** `/restapi/v1.0/account/~/extension/~/message-store/instant?type=SMS` with `~` or the explicit ids. */
export function isInstantSmsFilter(filter: string, accountId: string, extensionId: string): boolean {
  const [path = '', query = ''] = filter.split('?');
  if (!path.endsWith('/message-store/instant') || !new URLSearchParams(query).getAll('type').includes('SMS')) return false;
  return isExtensionFilter(path.slice(0, -'/message-store/instant'.length), accountId, extensionId);
}

function textPostBody(state: SimState, post: SimPost): object {
  return {
    id: post.id,
    groupId: post.chatId,
    type: post.type,
    text: post.text,
    creatorId: post.creatorId,
    // UNCONFIRMED: RingCentral sends unused fields as null rather than leaving them out
    addedPersonIds: null,
    mentions: post.mentions,
    attachments: null,
    activity: null,
    title: null,
    iconUri: null,
    iconEmoji: null,
    creationTime: state.iso(post.createdAt),
    lastModifiedTime: state.iso(post.createdAt),
    eventType: 'PostAdded',
  };
}

function cardPostBody(state: SimState, card: SimCard): object {
  return {
    id: card.postId,
    groupId: card.chatId,
    type: 'Card',
    text: '',
    creatorId: card.creatorId,
    addedPersonIds: null,
    mentions: [],
    attachments: [{ id: card.id, type: 'Card' }],
    activity: null,
    title: null,
    iconUri: null,
    iconEmoji: null,
    creationTime: state.iso(card.createdAt),
    lastModifiedTime: state.iso(card.updatedAt),
    eventType: 'PostAdded',
  };
}

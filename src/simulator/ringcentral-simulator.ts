import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type NextFunction, type Request, type Response } from 'express';
import { installPrivate, installPublic, uninstall, type InstallInput } from './bot-install';
import { buildSubmit, glipSignature, submitData } from './card-submit';
import { addChatMembers, createPost } from './chat-actions';
import { FailureInjector } from './failure-injector';
import { DEFAULT_REMINDER_FILTER, NotificationHub, REMINDER_FILTER_PREFIX, isInstantSmsFilter } from './notification-hub';
import { loadSpec } from './openapi/load-spec';
import { SpecValidator } from './openapi/spec-validator';
import { RateLimiter } from './rate-limiter';
import { SimHttpError, rcError } from './rc-errors';
import { requestLog, requestPipeline, type TimerSet } from './request-pipeline';
import { auditTrailRoutes } from './routes/audit-trail-routes';
import { extensionRoutes } from './routes/extension-routes';
import { appScope, AuthorizationRequests, approveAuthorization, checkAuthorizeParams, oauthRoutes } from './routes/oauth-routes';
import { ringcxRoutes } from './routes/ringcx-routes';
import { smsRoutes } from './routes/sms-routes';
import { subscriptionInfo, subscriptionRoutes } from './routes/subscription-routes';
import { teamMessagingRoutes } from './routes/team-messaging-routes';
import { webSocketRoutes } from './routes/websocket-routes';
import { WebSocketGateway } from './websocket-gateway';
import type { SimContext } from './sim-context';
import { SimState } from './sim-state';
import type {
  AuditRecord,
  Failure,
  FailureMatch,
  RingcxAuditRecord,
  SimAccount,
  SimCard,
  SimChat,
  SimChatType,
  SimExtension,
  SimPost,
  SimRequestLogEntry,
  SimConsent,
  SimSentSms,
  SimSmsConfiguration,
  SimSmsOutcome,
  SimSpecViolation,
  SimSubscription,
  SimulatorOptions,
} from './sim-types';
import { messageRecord } from './routes/sms-routes';
import { ACCESS_TOKEN_TTL_SECONDS, REFRESH_TOKEN_TTL_SECONDS, TokenStore } from './token-store';

/** Whole-word opt-out / opt-in replies (RINGCENTRAL.md §9). */
const OPT_OUT = ['STOP', 'UNSUBSCRIBE', 'QUIT', 'CANCEL', 'END'];
const OPT_IN = ['START', 'UNSTOP', 'SUBSCRIBE', 'RESUME', 'CONTINUE'];

/**
 * An in-process RingCentral: platform REST API, Team Messaging, webhooks and RingCX, on 127.0.0.1,
 * speaking the real protocol shapes (validated against the public OpenAPI spec).
 */
export class RingCentralSimulator {
  /** Base URL, used as RINGCENTRAL_SERVER. */
  readonly url: string;
  /** RingCX base URL (the same server: RingCX paths do not collide with platform ones). */
  readonly ringcxUrl: string;

  private readonly extensionNumbers = new Map<string, number>();

  private constructor(
    private readonly ctx: SimContext,
    private readonly server: http.Server,
    private readonly failures: FailureInjector,
    private readonly timers: TimerSet,
    private readonly gateway: WebSocketGateway,
  ) {
    this.url = ctx.baseUrl();
    this.ringcxUrl = this.url;
  }

  /** Start a simulator on 127.0.0.1, port 0. */
  static async start(options: SimulatorOptions = {}): Promise<RingCentralSimulator> {
    const doc = await loadSpec(options.specPath);
    const ringcxDoc = await loadSpec(options.ringcxSpecPath, 'ringcx');
    const now = options.now ?? Date.now;
    const state = new SimState(now);
    for (const app of options.apps ?? []) state.apps.set(app.clientId, { ...app });
    const validator = SpecValidator.for(doc);
    let baseUrl = '';
    const ctx: SimContext = {
      state,
      tokens: new TokenStore(now),
      hub: new NotificationHub({
        state,
        ...(options.logger ? { logger: options.logger } : {}),
        ...(options.webhookTimeoutMs === undefined ? {} : { timeoutMs: options.webhookTimeoutMs }),
        validate: (name, payload) => validator.validateComponent(name, payload),
      }),
      validator,
      ringcxValidator: SpecValidator.for(ringcxDoc),
      limiter: new RateLimiter(now),
      options: {
        ...(options.sharedSecret === undefined ? {} : { sharedSecret: options.sharedSecret }),
        ...(options.logger === undefined ? {} : { logger: options.logger }),
        rateLimits: options.rateLimits ?? true,
        ringcxExchangePerMinute: options.ringcxExchangePerMinute ?? 5,
        ringcxRequestsPerMinute: options.ringcxRequestsPerMinute ?? 10,
      },
      baseUrl: () => baseUrl,
    };
    const failures = new FailureInjector();
    const timers: TimerSet = new Set();
    const authorizations = new AuthorizationRequests();
    const gateway = new WebSocketGateway(ctx, timers);
    ctx.hub.useWebSocket(gateway);
    const app = express();
    app.disable('x-powered-by');
    app.use(requestLog(ctx));
    app.use(express.json({ limit: '10mb' }));
    app.use(express.urlencoded({ extended: false }));
    app.use(requestPipeline(ctx, failures, timers));
    app.use(oauthRoutes(ctx, authorizations));
    app.use(webSocketRoutes(ctx, gateway));
    app.use(extensionRoutes(ctx));
    app.use(subscriptionRoutes(ctx));
    app.use(teamMessagingRoutes(ctx));
    app.use(smsRoutes(ctx));
    app.use(auditTrailRoutes(ctx));
    app.use(ringcxRoutes(ctx));
    app.use((req: Request, res: Response) => {
      res.status(404).json(rcError('CMN-102', `Resource for parameter [path] is not found (not simulated): ${req.method} ${req.path}`));
    });
    app.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
      if (error instanceof SimHttpError) {
        for (const [name, value] of Object.entries(error.headers)) res.setHeader(name, value);
        res.status(error.status).json(error.body);
        return;
      }
      const status = typeof error === 'object' && error !== null && typeof (error as { status?: unknown }).status === 'number' ? (error as { status: number }).status : 500;
      if (status >= 500) options.logger?.warn({ err: error, path: req.path }, 'RingCentral simulator: handler failed');
      res.status(status).json(rcError(status === 400 ? 'CMN-101' : 'CMN-201', error instanceof Error ? error.message : 'Internal error'));
    });

    const server = http.createServer(app);
    gateway.attach(server);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return new RingCentralSimulator(ctx, server, failures, timers, gateway);
  }

  /** Stop listening, drop every connection and outstanding timer. */
  async stop(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.ctx.hub.abortAll();
    this.gateway.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // --- the world ---

  /** Add a customer account (RingEX company), optionally with RingCX. */
  addAccount(input: { id?: string; name?: string; timezone?: string; countryIsoCode?: string; ringcx?: boolean | { subAccounts: { accountId: string; accountName: string }[] } } = {}): SimAccount {
    const id = input.id ?? this.ctx.state.nextId();
    if (this.ctx.state.accounts.has(id)) throw new Error(`simulator: account ${id} exists`);
    const name = input.name ?? `Company ${id}`;
    const account: SimAccount = {
      id,
      name,
      timezone: input.timezone ?? 'America/Los_Angeles',
      countryIsoCode: input.countryIsoCode ?? 'US',
      createdAt: this.ctx.state.now(),
    };
    if (input.ringcx !== undefined && input.ringcx !== false) {
      const subAccounts = input.ringcx === true ? [{ accountId: this.ctx.state.nextId(), accountName: `${name} Contact Center` }] : input.ringcx.subAccounts.map((s) => ({ ...s }));
      account.ringcx = { mainAccountId: this.ctx.state.nextId(), subAccounts };
    }
    this.ctx.state.accounts.set(id, account);
    this.ctx.state.auditRecords.set(id, []);
    return account;
  }

  /** Add a user extension (also a Team Messaging person with the same id). */
  addExtension(
    accountId: string,
    input: {
      id?: string;
      firstName: string;
      lastName: string;
      email?: string;
      extensionNumber?: string;
      admin?: boolean;
      auditTrailAccess?: boolean;
      ringcxAuditAccess?: boolean;
      phoneNumbers?: { id?: string; phoneNumber: string; features: string[]; usageType?: string; smsConfiguration?: SimSmsConfiguration | null }[];
    },
  ): SimExtension {
    this.ctx.state.requireAccount(accountId);
    const id = input.id ?? this.ctx.state.nextId();
    if (this.ctx.state.extensions.has(id)) throw new Error(`simulator: extension ${id} exists`);
    const number = (this.extensionNumbers.get(accountId) ?? 100) + 1;
    this.extensionNumbers.set(accountId, number);
    const admin = input.admin ?? false;
    const extension: SimExtension = {
      id,
      accountId,
      firstName: input.firstName,
      lastName: input.lastName,
      email: input.email ?? `${input.firstName}.${input.lastName}@example.com`.toLowerCase().replace(/\s+/g, ''),
      extensionNumber: input.extensionNumber ?? String(number),
      admin,
      auditTrailAccess: input.auditTrailAccess ?? admin,
      ringcxAuditAccess: input.ringcxAuditAccess ?? admin,
      type: 'User',
      status: 'Enabled',
      phoneNumbers: (input.phoneNumbers ?? []).map((n) => ({
        id: n.id ?? this.ctx.state.nextId(),
        phoneNumber: n.phoneNumber,
        features: [...n.features],
        usageType: n.usageType ?? 'DirectNumber',
        ...(n.smsConfiguration !== undefined ? { smsConfiguration: n.smsConfiguration } : {}),
      })),
      createdAt: this.ctx.state.now(),
    };
    this.ctx.state.extensions.set(id, extension);
    return extension;
  }

  /** Add a chat; bots among the members get GroupJoined (see settle()). */
  addChat(accountId: string, input: { id?: string; type: SimChatType; name?: string; memberIds: string[]; public?: boolean }): SimChat {
    this.ctx.state.requireAccount(accountId);
    for (const id of input.memberIds) this.ctx.state.requireExtension(id);
    const now = this.ctx.state.now();
    const chat: SimChat = {
      id: input.id ?? this.ctx.state.nextId(),
      accountId,
      type: input.type,
      ...(input.name === undefined ? {} : { name: input.name }),
      memberIds: [],
      public: input.public ?? false,
      createdAt: now,
      updatedAt: now,
    };
    if (this.ctx.state.chats.has(chat.id)) throw new Error(`simulator: chat ${chat.id} exists`);
    this.ctx.state.chats.set(chat.id, chat);
    void addChatMembers(this.ctx, chat, input.memberIds).delivered;
    return chat;
  }

  /** Add people to a chat as an admin would in the app; new bot members get GroupJoined. Resolves after delivery. */
  async addChatMembers(chatId: string, memberIds: string[]): Promise<void> {
    const chat = this.requireChat(chatId);
    for (const id of memberIds) this.ctx.state.requireExtension(id);
    await addChatMembers(this.ctx, chat, memberIds).delivered;
  }

  /** Remove people from a chat (someone removed the bot, or it left); they get GroupLeft. Resolves after delivery. */
  async removeChatMembers(chatId: string, memberIds: string[]): Promise<void> {
    const chat = this.requireChat(chatId);
    const removed = memberIds.filter((id) => chat.memberIds.includes(id));
    chat.memberIds = chat.memberIds.filter((id) => !removed.includes(id));
    chat.updatedAt = this.ctx.state.now();
    await this.ctx.hub.publishChatEvent(chat, removed, 'GroupLeft');
  }

  // --- installing the bot ---

  /** Private bot install: create the bot and POST its token to `redirectUri`. */
  installBotPrivate(input: InstallInput & { form?: boolean }): Promise<{ status: number; botId: string; accessToken: string }> {
    return installPrivate(this.ctx, input);
  }

  /** Public bot install: create the bot and GET `redirectUri` with a one-time code. */
  installBotPublic(input: InstallInput): Promise<{ status: number; botId: string }> {
    return installPublic(this.ctx, input);
  }

  /** Uninstall: Delete event to the bot's subscriptions, then remove it and revoke its token. */
  uninstallBot(accountId: string, clientId: string): Promise<void> {
    return uninstall(this.ctx, accountId, clientId);
  }

  botId(accountId: string, clientId: string): string | undefined {
    return this.ctx.state.bots.get(`${accountId}|${clientId}`);
  }

  // --- admin OAuth ---

  /** Log in and consent as `asExtensionId` for an /authorize URL; returns `redirect_uri?code=...&state=...` (not fetched). */
  async authorize(authorizeUrl: string, asExtensionId: string): Promise<string> {
    let pending;
    try {
      pending = checkAuthorizeParams(this.ctx, new URL(authorizeUrl).searchParams);
    } catch (error) {
      if (error instanceof SimHttpError) throw new Error(`simulator: authorize refused: ${JSON.stringify(error.body)}`);
      throw error;
    }
    return approveAuthorization(this.ctx, pending, asExtensionId);
  }

  /** Issue an admin token pair directly (skipping the browser), as if OAuth had completed. */
  issueTokens(input: { extensionId: string; clientId: string; accessTtl?: number; refreshTtl?: number }): { accessToken: string; refreshToken: string } {
    const extension = this.ctx.state.requireExtension(input.extensionId);
    const app = this.ctx.state.apps.get(input.clientId);
    if (app === undefined) throw new Error(`simulator: unknown app ${input.clientId}`);
    const scope = appScope(app);
    const pair = this.ctx.tokens.issuePair({
      accountId: extension.accountId,
      extensionId: extension.id,
      clientId: app.clientId,
      scope,
      accessTtl: input.accessTtl ?? ACCESS_TOKEN_TTL_SECONDS,
      refreshTtl: input.refreshTtl ?? REFRESH_TOKEN_TTL_SECONDS,
    });
    return { accessToken: pair.access.token, refreshToken: pair.refresh.token };
  }

  expireAccessToken(token: string): void {
    this.ctx.tokens.expire(token);
  }

  revokeAllTokensOf(extensionId: string): void {
    this.ctx.tokens.revokeAllOf(extensionId);
  }

  // --- user actions ---

  /** A user posts in a chat; subscribers in the chat get PostAdded. Resolves after every delivery got its answer. */
  async sendChatMessage(input: { chatId: string; fromId: string; text: string; mentionIds?: string[] }): Promise<SimPost> {
    const chat = this.requireChat(input.chatId);
    if (!chat.memberIds.includes(input.fromId)) throw new Error(`simulator: ${input.fromId} is not a member of chat ${chat.id}`);
    // Why: a mention in the RingCentral app puts `![:Person](id)` markup into the text itself (RINGCENTRAL.md §3).
    const missing = (input.mentionIds ?? []).filter((id) => !input.text.includes(`![:Person](${id})`));
    const text = [...missing.map((id) => `![:Person](${id})`), input.text].join(' ');
    const { post, delivered } = createPost(this.ctx, chat, input.fromId, text);
    await delivered;
    return post;
  }

  /** A user clicks an Action.Submit: POST the signed button_submit body to the bot's interactive-messages URL. */
  async clickCard(input: {
    cardId: string;
    userId: string;
    action?: string;
    inputs?: Record<string, string | boolean>;
    url: string;
    signature?: 'sha1=' | 'bare' | 'forged' | 'none';
  }): Promise<{ status: number; body: string }> {
    const card = this.ctx.state.cards.find((c) => c.id === input.cardId);
    if (card === undefined) throw new Error(`simulator: no card ${input.cardId}`);
    const chat = this.requireChat(card.chatId);
    const user = this.ctx.state.requireExtension(input.userId);
    if (!chat.memberIds.includes(user.id)) throw new Error(`simulator: ${user.id} cannot see chat ${chat.id}`);
    const creator = this.ctx.state.extension(card.creatorId);
    const data = submitData(card.body, { ...(input.action === undefined ? {} : { action: input.action }), ...(input.inputs === undefined ? {} : { inputs: input.inputs }) });
    const payload = buildSubmit({ card, chat, user, appId: creator?.clientId ?? '', data, timestamp: this.ctx.state.iso() });
    const raw = JSON.stringify(payload);
    const headers: Record<string, string> = { 'Content-Type': 'application/json' };
    const mode = input.signature ?? 'sha1=';
    if (mode !== 'none') {
      const secret = this.ctx.options.sharedSecret;
      if (secret === undefined) throw new Error('simulator: clickCard needs options.sharedSecret');
      const digest = glipSignature(mode === 'forged' ? `${secret}-forged` : secret, raw);
      // Why both: the docs show a `sha1=` prefix, RingCentral's sample compares the bare digest (RINGCENTRAL.md §4).
      headers['X-Glip-Signature'] = mode === 'bare' ? digest : `sha1=${digest}`;
    }
    const response = await fetch(input.url, { method: 'POST', headers, body: raw });
    return { status: response.status, body: await response.text() };
  }

  /** Store a RingEX audit trail record (defaults: now, UPDATE, first admin as initiator, the account as target). */
  addAuditRecord(accountId: string, record: Partial<AuditRecord> & { actionId: string }): AuditRecord {
    const account = this.ctx.state.requireAccount(accountId);
    const initiator = [...this.ctx.state.extensions.values()].find((e) => e.accountId === accountId && e.admin);
    const full: AuditRecord = {
      id: record.id ?? crypto.randomUUID(),
      eventTime: record.eventTime ?? this.ctx.state.iso(),
      actionId: record.actionId,
      eventType: record.eventType ?? 'UPDATE',
      accountId: account.id,
      accountName: record.accountName ?? account.name,
      clientIp: record.clientIp ?? '203.0.113.10',
      ...(record.comment === undefined ? {} : { comment: record.comment }),
      initiator: record.initiator ?? {
        extensionId: initiator?.id ?? '',
        extensionNumber: initiator?.extensionNumber ?? '',
        name: initiator === undefined ? '' : this.ctx.state.fullName(initiator),
        role: 'Super Admin',
      },
      target: record.target ?? { objectId: account.id, objectType: 'Account', name: account.name },
      details: record.details ?? { parameters: [] },
    };
    const list = this.ctx.state.auditRecords.get(accountId) ?? [];
    list.push(full);
    this.ctx.state.auditRecords.set(accountId, list);
    return full;
  }

  /** Store a RingCX audit log entry for a RingCX (sub-)account. */
  addRingcxAuditRecord(ringcxAccountId: string, record: Partial<RingcxAuditRecord>): RingcxAuditRecord {
    const account = [...this.ctx.state.accounts.values()].find((a) => a.ringcx?.subAccounts.some((s) => s.accountId === ringcxAccountId) ?? false);
    if (account === undefined) throw new Error(`simulator: no RingCX account ${ringcxAccountId}`);
    const createTime = record.createTime ?? this.ctx.state.now();
    const full: RingcxAuditRecord = {
      id: record.id ?? crypto.randomUUID(),
      // sourceId is the actor's IP address (audit-logs.md: "sourceId (IP address)")
      authUser: record.authUser ?? { userName: 'admin@example.com', firstName: 'Ada', lastName: 'Admin', userId: '1001', sourceId: '203.0.113.10' },
      createTime,
      createTimeAsDateTime: record.createTimeAsDateTime ?? ringcxDateTime(createTime),
      auditedClass: record.auditedClass ?? 'Agent',
      auditedEntityId: record.auditedEntityId ?? this.ctx.state.nextId(),
      auditedEntityDescription: record.auditedEntityDescription ?? 'Agent',
      actionType: record.actionType ?? 'UPDATE',
      accountId: ringcxAccountId,
      auditLogResultList: record.auditLogResultList ?? [],
      affectedEntityJson: record.affectedEntityJson ?? '{}',
    };
    const list = this.ctx.state.ringcxAuditRecords.get(ringcxAccountId) ?? [];
    list.push(full);
    this.ctx.state.ringcxAuditRecords.set(ringcxAccountId, list);
    return full;
  }

  /** An inbound SMS to one of our numbers: handles STOP/START opt-outs and notifies instant-message subscribers. */
  async receiveSms(input: { to: string; from: string; text: string }): Promise<void> {
    const owner = [...this.ctx.state.extensions.values()].find((e) => e.phoneNumbers.some((n) => n.phoneNumber === input.to));
    const word = input.text.trim().toUpperCase();
    // whole keyword only: "stop the alerts" is a message, not an opt-out; RingCentral keeps the pair's consent
    if (OPT_OUT.includes(word)) this.setConsent({ from: input.to, to: input.from, optStatus: 'OptOut', source: 'Recipient' });
    if (OPT_IN.includes(word)) this.setConsent({ from: input.to, to: input.from, optStatus: 'OptIn', source: 'Recipient' });
    if (owner === undefined) return;
    const id = this.ctx.state.nextId();
    const now = this.ctx.state.iso();
    const body = {
      id,
      to: [{ phoneNumber: input.to, name: this.ctx.state.fullName(owner), target: true }],
      from: { phoneNumber: input.from },
      type: 'SMS',
      creationTime: now,
      lastModifiedTime: now,
      readStatus: 'Unread',
      priority: 'Normal',
      attachments: [{ id: Number(id), uri: `${this.url}/restapi/v1.0/account/${owner.accountId}/extension/${owner.id}/message-store/${id}/content/${id}`, type: 'Text', contentType: 'text/plain' }],
      direction: 'Inbound',
      availability: 'Alive',
      subject: input.text,
      messageStatus: 'Received',
      conversationId: this.ctx.state.nextId(),
      ownerId: owner.id,
    };
    await this.ctx.hub.publish(
      (sub) => (sub.ownerId === owner.id && sub.eventFilters.some((f) => isInstantSmsFilter(f, owner.accountId, owner.id))
        ? `/restapi/v1.0/account/${owner.accountId}/extension/${owner.id}/message-store/instant?type=SMS`
        : undefined),
      body,
      'InstantMessageEvent',
    );
  }

  /**
   * Sets the consent record between our number `from` and recipient `to`, as RingCentral's consent list
   * holds it (`PATCH /restapi/v2/accounts/~/sms/consents` or a reply); no notification is sent.
   */
  setConsent(consent: Omit<SimConsent, 'lastModifiedTime'>): void {
    this.ctx.state.consents.set(`${consent.from}|${consent.to}`, { ...consent, lastModifiedTime: this.ctx.state.now() });
  }

  /**
   * The next `count` SMS to `to` end as `outcome` (default: Delivered 3 s after the POST). Codes are the
   * documented `deliveryErrorCode`s (RINGCENTRAL.md §9); `count` Infinity = every later SMS.
   */
  injectSmsOutcome(to: string, outcome: SimSmsOutcome, count = 1): void {
    const queue = this.ctx.state.smsOutcomes.get(to) ?? [];
    queue.push({ outcome, remaining: count });
    this.ctx.state.smsOutcomes.set(to, queue);
  }

  /** A sent SMS's message record as `GET .../message-store/{id}` would answer now. */
  messageRecord(messageId: string): Record<string, unknown> | undefined {
    const message = this.ctx.state.messages.get(messageId);
    const owner = message && this.ctx.state.extension(message.extensionId);
    return message && owner ? (messageRecord(this.ctx, message, this.ctx.state.fullName(owner)) as Record<string, unknown>) : undefined;
  }

  /** Deliver the subscription renewal reminder (event = the subscription's reminder filter). */
  async sendRenewalReminder(subscriptionId: string): Promise<void> {
    const sub = this.ctx.state.subscription(subscriptionId);
    if (sub === undefined) throw new Error(`simulator: no subscription ${subscriptionId}`);
    const event = sub.eventFilters.find((f) => f.startsWith(REMINDER_FILTER_PREFIX)) ?? DEFAULT_REMINDER_FILTER;
    // UNCONFIRMED body: the subscription's own info
    await this.ctx.hub.track(this.ctx.hub.deliver(sub, event, subscriptionInfo(this.ctx, sub)));
  }

  /** Mark a subscription Blacklisted as RingCentral does after failed deliveries. */
  blacklistSubscription(subscriptionId: string, reason = 'Webhook responds with incorrect HTTP status'): void {
    const sub = this.ctx.state.subscription(subscriptionId);
    if (sub === undefined) throw new Error(`simulator: no subscription ${subscriptionId}`);
    sub.status = 'Blacklisted';
    sub.blacklistedData = { reason, blacklistedAt: this.ctx.state.iso() };
  }

  /** Remove a subscription behind the bot's back. */
  deleteSubscription(id: string): void {
    if (!this.ctx.state.removeSubscription(id)) throw new Error(`simulator: no subscription ${id}`);
  }

  // --- what the bot did ---

  get sentSms(): readonly SimSentSms[] {
    return this.ctx.state.sentSms;
  }

  get posts(): readonly SimPost[] {
    return this.ctx.state.posts;
  }

  get cards(): readonly SimCard[] {
    return this.ctx.state.cards;
  }

  get subscriptions(): readonly SimSubscription[] {
    this.ctx.state.pruneExpiredSubscriptions();
    return this.ctx.state.subscriptions;
  }

  get requests(): readonly SimRequestLogEntry[] {
    return this.ctx.state.requests;
  }

  /** Every WebHook notification sent, with the HTTP status the receiver answered (0: no answer). */
  get webhookDeliveries(): readonly { subscriptionId: string; event: string; status: number; at: number }[] {
    return this.ctx.state.webhookDeliveries;
  }

  /** Requests that arrived while their caller was in a rate-limit penalty, each of which restarted it (RINGCENTRAL.md §6). */
  get requestsDuringPenalty(): number {
    return this.ctx.limiter.requestsDuringPenalty;
  }

  get specViolations(): readonly SimSpecViolation[] {
    return this.ctx.state.specViolations;
  }

  /** The violations recorded so far, forgotten from then on (for a test that provokes one on purpose). */
  takeSpecViolations(): SimSpecViolation[] {
    return this.ctx.state.specViolations.splice(0);
  }

  chat(id: string): SimChat | undefined {
    return this.ctx.state.chats.get(id);
  }

  extension(id: string): SimExtension | undefined {
    return this.ctx.state.extension(id);
  }

  account(id: string): SimAccount | undefined {
    return this.ctx.state.account(id);
  }

  /** Poll until `predicate` returns something truthy; rejects with a readable message after `timeoutMs` (default 5000). */
  async waitFor<T>(predicate: () => T | undefined | false, timeoutMs = 5000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = predicate();
      if (value !== undefined && value !== false && value !== null && (value as unknown) !== 0 && (value as unknown) !== '') return value;
      if (Date.now() >= deadline) {
        throw new Error(`simulator.waitFor timed out after ${timeoutMs} ms waiting for: ${predicate.toString().replace(/\s+/g, ' ').slice(0, 200)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  /** Wait until every webhook delivery started so far got its answer (WebSocket notifications: written to the socket). */
  async settle(): Promise<void> {
    await this.ctx.hub.settle();
    await this.gateway.settle();
  }

  /** ServerNotification frames written to WebSocket connections so far (a receiver can wait until it has read as many). */
  get webSocketNotificationsSent(): number {
    return this.gateway.notificationsSent;
  }

  /** Cut the WebSocket connections of `ownerId` (or all) as a network failure would; returns how many. Sessions stay recoverable. */
  dropWebSocketConnections(ownerId?: string): number {
    return this.gateway.dropConnections(ownerId);
  }

  /** Open WebSocket gateway connections: whose they are and their WebSocket subscriptions. */
  get webSocketConnections(): { ownerId: string; subscriptionIds: string[] }[] {
    return this.gateway.connections();
  }

  // --- failure injection ---

  /** Answer the next `count` matching requests with `failure`. */
  failNext(match: FailureMatch, failure: Failure, count = 1): void {
    this.failures.failNext(match, failure, count);
  }

  /** Fail matching requests at random with probability `rate` until clearFailures(). */
  failRate(match: FailureMatch, rate: number, failures: Failure[], random?: () => number): void {
    this.failures.failRate(match, rate, failures, random);
  }

  clearFailures(): void {
    this.failures.clear();
  }

  private requireChat(id: string): SimChat {
    const chat = this.ctx.state.chats.get(id);
    if (chat === undefined) throw new Error(`simulator: no chat ${id}`);
    return chat;
  }
}

/** `2026-01-13T00:00:00.000+0000`: how RingCX renders `createTimeAsDateTime` (docs/analytics/audit-logs.md, example response). */
export function ringcxDateTime(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+0000');
}

/**
 * The plain data types of the simulated RingCentral world. Field names follow RINGCENTRAL.md and the
 * public OpenAPI spec so that tests can compare them with what the bot sent or received.
 */

/** Minimal logger the simulator reports through (pino-compatible). */
export interface SimLogger {
  warn(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
}

/** A registered RingCentral app (Developer Console registration). */
export interface SimApp {
  clientId: string;
  clientSecret: string;
  kind: 'bot' | 'admin';
  /** App permissions granted beyond the kind's defaults, e.g. `['WebSocketsSubscription']` (RINGCENTRAL.md §3, §7). */
  permissions?: string[];
}

/** Options of {@link RingCentralSimulator.start}. */
export interface SimulatorOptions {
  /** Fake clock, ms since epoch. Drives token expiry, rate-limit windows, default event times, subscription expiry. */
  now?: () => number;
  /** OpenAPI spec path. Defaults to ../shared/ringcentral-openapi/rc-public-openapi.yml, else the committed subset. */
  specPath?: string;
  /** RingCX's OpenAPI spec path. Defaults to ../shared/ringcx-openapi/engage-voice_openapi3.json, else the committed subset. */
  ringcxSpecPath?: string;
  apps?: SimApp[];
  /** Interactive Messages signing secret used by clickCard. */
  sharedSecret?: string;
  /** Enforce RingCentral's per-user-per-app rate limits (default true). */
  rateLimits?: boolean;
  /** RingCX token exchange limit per minute (default 5). */
  ringcxExchangePerMinute?: number;
  /** RingCX API requests per minute per RingCX account (default 10). */
  ringcxRequestsPerMinute?: number;
  logger?: SimLogger;
  /** Real-time deadline for webhook answers (handshake and notifications); default 3000 ms like RingCentral. */
  webhookTimeoutMs?: number;
}

export interface SimRingcxSubAccount {
  accountId: string;
  accountName: string;
}

export interface SimAccount {
  id: string;
  name: string;
  /** IANA zone name. */
  timezone: string;
  countryIsoCode: string;
  /** Present when the account has RingCX (contact center). */
  ringcx?: { mainAccountId: string; subAccounts: SimRingcxSubAccount[] };
  createdAt: number;
}

export interface SimPhoneNumber {
  id: string;
  phoneNumber: string;
  /** e.g. SmsSender, CallerId, A2PSmsSender. */
  features: string[];
  usageType: string;
  /**
   * What `GET .../phone-number/{id}/sms-configuration` answers (SmsConfigurationResource). Absent: an SmsSender
   * number has a Confirmed 10DLC campaign (a fixture default); `null`: the number has none, 404.
   */
  smsConfiguration?: SimSmsConfiguration | null;
}

/** SmsConfigurationResource's campaign / brand part (spec: CampaignStatusInfo values). */
export interface SimSmsConfiguration {
  smsCampaignInfo?: { id?: string; status?: string; useCases?: string[] };
  smsBrandInfo?: { id?: string; status?: string };
}

export interface SimExtension {
  id: string;
  accountId: string;
  firstName: string;
  lastName: string;
  email: string;
  extensionNumber: string;
  admin: boolean;
  auditTrailAccess: boolean;
  ringcxAuditAccess: boolean;
  type: 'User' | 'Bot';
  status: 'Enabled';
  phoneNumbers: SimPhoneNumber[];
  /** For bot extensions: the bot app that owns it. */
  clientId?: string;
  createdAt: number;
}

export type SimChatType = 'Team' | 'Group' | 'Direct' | 'Personal' | 'Everyone';

export interface SimChat {
  id: string;
  accountId: string;
  type: SimChatType;
  name?: string;
  memberIds: string[];
  public: boolean;
  createdAt: number;
  updatedAt: number;
}

export interface SimMention {
  id: string;
  type: 'Person' | 'Team';
  name: string;
}

export interface SimPost {
  id: string;
  chatId: string;
  creatorId: string;
  text: string;
  type: 'TextMessage';
  mentions: SimMention[];
  createdAt: number;
}

export interface SimCard {
  id: string;
  /** The post that carries the card in the chat (RingCentral reports it as `post.id` on submits). */
  postId: string;
  chatId: string;
  creatorId: string;
  /** The card JSON as posted or last updated. */
  body: Record<string, unknown>;
  createdAt: number;
  updatedAt: number;
  /** 1 after creation, +1 on every update. */
  versions: number;
}

export interface SimSubscription {
  id: string;
  ownerId: string;
  accountId: string;
  clientId: string;
  eventFilters: string[];
  /** For `WebSocket` subscriptions (created over the simulated WebSocket gateway) `address` is the gateway URI. */
  deliveryMode: { transportType: 'WebHook' | 'WebSocket'; address: string; verificationToken?: string };
  status: 'Active' | 'Blacklisted' | 'Suspended';
  createdAt: number;
  expiresAt: number;
  /** expiresIn requested at creation / last update, seconds. */
  expiresIn: number;
  blacklistedData?: { reason: string; blacklistedAt: string };
  /** Consecutive failed deliveries. */
  failedDeliveries: number;
}

/** One RingEX audit trail record, shaped as the spec's AccountHistoryPublicRecord. */
export interface AuditRecord {
  id: string;
  eventTime: string;
  actionId: string;
  eventType: string;
  accountId: string;
  accountName: string;
  clientIp: string;
  comment?: string;
  initiator: { extensionId: string; extensionNumber: string; name: string; role: string };
  target: {
    objectId: string;
    objectType: 'Extension' | 'Account' | 'Company' | 'Template';
    name: string;
    extensionNumber?: string;
    siteId?: string;
  };
  details: { parameters: { key: string; value: string }[] };
}

/** One RingCX audit log entry, shaped as RINGCENTRAL.md §10 describes. */
/** One RingCX audit log entry (RingCX spec: AuditLog; docs/analytics/audit-logs.md for the field meanings). */
export interface RingcxAuditRecord {
  /** A UUID string (audit-logs.md: "The unique identifier (UUID)"; spec: AuditLog.id string). */
  id: string;
  /** `userId` is a string (spec: AuditLogAuthenticatedUser.userId; the document's example "userId": "00000"). */
  authUser: { userName: string; firstName: string; lastName: string; userId: string; sourceId: string; simulatedByUserId?: string | null; simulatedByUserName?: string | null; simulatedFromIP?: string | null };
  /** ms since epoch (spec: AuditLog.createTime int64; the document's example "createTime": 1111111111111). */
  createTime: number;
  /** ISO-8601 with an offset without a colon, in UTC (the document's example "2026-01-13T00:00:00.000+0000"). */
  createTimeAsDateTime: string;
  auditedClass: string;
  auditedEntityId: string;
  auditedEntityDescription: string;
  actionType: 'CREATE' | 'UPDATE' | 'DELETE';
  accountId: string;
  auditLogResultList: { attributeName: string; originalValue: string | null; newValue: string | null; classType: string }[];
  affectedEntityJson: string | null;
}

export interface SimSentSms {
  id: string;
  accountId: string;
  extensionId: string;
  from: string;
  to: string[];
  text: string;
  at: number;
}

/**
 * Where one recipient's copy of an SMS ends up, and when (ms after the POST, on the simulator clock).
 * `Sent` with `SMS-CAR-104` is a carrier that never reports.
 */
export interface SimSmsOutcome {
  messageStatus: 'Delivered' | 'Sent' | 'SendingFailed' | 'DeliveryFailed' | 'Queued';
  deliveryErrorCode?: string;
  afterMs?: number;
}

/** The message record behind a sent SMS: each recipient moves from Queued to its outcome over time. */
export interface SimMessage {
  id: string;
  accountId: string;
  extensionId: string;
  from: string;
  text: string;
  createdAt: number;
  recipients: { phoneNumber: string; outcome: Required<Pick<SimSmsOutcome, 'messageStatus' | 'afterMs'>> & { deliveryErrorCode?: string } }[];
}

/** One consent record (SmsOptRecord) between our number and a recipient. */
export interface SimConsent {
  from: string;
  to: string;
  optStatus: 'OptOut' | 'OptIn';
  source: 'Recipient' | 'Api' | 'Upstream' | 'Carrier';
  lastModifiedTime: number;
}

export interface SimRequestLogEntry {
  method: string;
  path: string;
  /** Set for requests that came in as ClientRequest frames over the WebSocket gateway. */
  transport?: 'WebSocket';
  status: number;
  group?: string;
  userId?: string;
  at: number;
  /** The request came while its caller was in a rate-limit penalty (and so restarted it, RINGCENTRAL.md §6). */
  duringPenalty?: boolean;
}

export interface SimSpecViolation {
  method: string;
  path: string;
  /** 'notification' = a webhook body the simulator sent that the spec describes. */
  direction: 'request' | 'response' | 'notification';
  errors: string[];
}

/** A failure the simulator can inject instead of handling a request. */
export type Failure =
  | { kind: 'status'; status: 500 | 502 | 503 | 504 }
  | { kind: '429'; retryAfterSeconds: number }
  | { kind: 'timeout'; ms?: number }
  /** The request is handled (a post or SMS is made), then, after `ms` (default 0), the connection drops before the answer: the caller cannot know it landed. */
  | { kind: 'lost-answer'; ms?: number }
  | { kind: 'expired-token' }
  | { kind: 'body'; status: number; body: object };

/** Which requests a failure applies to. */
export interface FailureMatch {
  method?: string;
  /** A path template such as '/restapi/v1.0/account/{accountId}/extension/{extensionId}/sms', a literal path, or a RegExp on the actual path. */
  path: RegExp | string;
}

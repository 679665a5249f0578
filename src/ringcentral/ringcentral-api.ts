import { z } from 'zod';
import { RestClient, RingCentralError } from './rest-client';

const id = z.union([z.string(), z.number()]).transform(String);

const tokenSchema = z.object({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  expires_in: z.coerce.number().optional(),
  refresh_token: z.string().optional(),
  refresh_token_expires_in: z.coerce.number().optional(),
  scope: z.string().optional(),
  owner_id: id.optional(),
  endpoint_id: z.string().optional(),
});
export type TokenResponse = z.infer<typeof tokenSchema>;

const extensionSchema = z.object({
  id: id,
  extensionNumber: z.string().optional(),
  name: z.string().optional(),
  type: z.string().optional(),
  status: z.string().optional(),
  contact: z
    .object({ firstName: z.string().optional(), lastName: z.string().optional(), email: z.string().optional() })
    .optional(),
  account: z.object({ id: id }),
  permissions: z.object({ admin: z.object({ enabled: z.boolean() }).optional() }).optional(),
  regionalSettings: z
    .object({
      timezone: z.object({ name: z.string().optional() }).optional(),
      homeCountry: z.object({ isoCode: z.string().optional() }).optional(),
    })
    .optional(),
});
export type ExtensionInfo = z.infer<typeof extensionSchema>;

const subscriptionSchema = z.object({
  id: z.string(),
  status: z.string().optional(),
  expirationTime: z.string().optional(),
  expiresIn: z.number().optional(),
  eventFilters: z.array(z.string()).optional(),
  deliveryMode: z.object({ transportType: z.string().optional(), address: z.string().optional() }).optional(),
  blacklistedData: z.object({ reason: z.string().optional(), blacklistedAt: z.string().optional() }).optional(),
  /** Filters RingCentral will not deliver (spec: DisabledFilterInfo {filter, reason, message?}). */
  disabledFilters: z.array(z.object({ filter: z.string(), reason: z.string().optional(), message: z.string().optional() })).optional(),
});
export type SubscriptionInfo = z.infer<typeof subscriptionSchema>;

const chatSchema = z.object({
  id: id,
  type: z.string().optional(),
  name: z.string().nullish(),
  members: z.array(z.object({ id: id }).or(id.transform((m) => ({ id: m })))).optional(),
});
export type ChatInfo = z.infer<typeof chatSchema>;

const createdSchema = z.object({ id: id });

const phoneNumberSchema = z.object({
  id: id.optional(),
  phoneNumber: z.string(),
  features: z.array(z.string()).nullish().transform((f) => f ?? []),
  usageType: z.string().optional(),
  /** The number's own name, when someone gave it one ("IT Helpdesk"). */
  label: z.string().nullish(),
  paymentType: z.string().optional(),
});
export type PhoneNumberInfo = z.infer<typeof phoneNumberSchema>;
const phoneNumberListSchema = z.object({
  records: z.array(phoneNumberSchema),
  paging: z.object({ totalPages: z.number().optional() }).optional(),
});

const auditPageSchema = z.object({
  records: z.array(z.unknown()).nullish().transform((r) => r ?? []),
  paging: z.object({ total: z.number().optional(), totalFound: z.number().optional() }).nullish(),
});

const smsSchema = z.object({ id: id, messageStatus: z.string().optional() });

/** A message record (GetSingleMessageInfoResponse): what an SMS became. */
const messageRecordSchema = z.object({
  id: id,
  messageStatus: z.string().optional(),
  deliveryErrorCode: z.string().nullish(),
  from: z.object({ phoneNumber: z.string().nullish() }).nullish(),
  smsDeliveryTime: z.string().nullish(),
  lastModifiedTime: z.string().optional(),
});
export type MessageRecord = z.infer<typeof messageRecordSchema>;

/** SmsConfigurationResource: the number's 10DLC / TCR registration as RingCentral reports it. */
const smsConfigurationSchema = z.object({
  phoneNumberId: z.string().optional(),
  phoneNumber: z.string().optional(),
  smsCampaignInfo: z.object({ id: z.string().optional(), status: z.string().optional(), useCases: z.array(z.string()).optional() }).nullish(),
  smsBrandInfo: z.object({ id: z.string().optional(), status: z.string().optional() }).nullish(),
});
export type SmsConfiguration = z.infer<typeof smsConfigurationSchema>;

/** OptRecordList: consent records (`from` is absent for other coverages than PhoneNumber/Account). */
const consentListSchema = z.object({
  records: z.array(
    z.object({
      to: z.string(),
      from: z.string().optional(),
      optStatus: z.string(),
      coverage: z.string().optional(),
      source: z.string().optional(),
      lastModifiedTime: z.string().optional(),
    }),
  ),
  paging: z.object({ nextPageToken: z.string().optional() }).optional(),
});
export type ConsentRecord = z.infer<typeof consentListSchema>['records'][number];

const chatListSchema = z.object({
  records: z.array(chatSchema),
  navigation: z.object({ nextPageToken: z.string().nullish() }).optional(),
});

const personSchema = z.object({
  id: id,
  firstName: z.string().nullish(),
  lastName: z.string().nullish(),
  email: z.string().nullish(),
});
export type PersonInfo = z.infer<typeof personSchema>;

const postListSchema = z.object({
  records: z.array(
    z.object({
      id: id,
      creatorId: id.nullish(),
      creationTime: z.string().nullish(),
      attachments: z.array(z.object({ id: id.nullish(), type: z.string().nullish() })).nullish(),
    }),
  ),
  navigation: z.object({ nextPageToken: z.string().nullish() }).nullish(),
});
export type ChatPostPage = z.infer<typeof postListSchema>;

// `actions`: an alert card names its audit record in its buttons' data (isSameAlertCard).
const cardSchema = z.object({ id: id, fallbackText: z.string().nullish(), actions: z.array(z.unknown()).nullish(), creator: z.object({ id: id }).nullish(), creationTime: z.string().nullish() });
export type CardInfo = z.infer<typeof cardSchema>;

const messageListSchema = z.object({
  records: z.array(
    z.object({
      id: id,
      direction: z.string().nullish(),
      type: z.string().nullish(),
      subject: z.string().nullish(),
      creationTime: z.string().nullish(),
      from: z.object({ phoneNumber: z.string().nullish() }).nullish(),
      to: z.array(z.object({ phoneNumber: z.string().nullish() })).nullish(),
    }),
  ),
  paging: z.object({ totalPages: z.number().nullish() }).nullish(),
});
export type MessagePage = z.infer<typeof messageListSchema>;

/** Parses a RingCentral answer at the boundary: an unexpected shape is a RingCentralError, not a crash later. */
function parse<S extends z.ZodType>(schema: S, value: unknown, what: string): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new RingCentralError(200, 'UnexpectedResponse', `RingCentral's ${what} answer has an unexpected shape: ${z.prettifyError(parsed.error)}`, undefined, value);
  }
  return parsed.data;
}

/** What a webhook subscription needs. */
export interface WebhookSubscriptionRequest {
  eventFilters: string[];
  address: string;
  verificationToken: string;
  expiresIn: number;
}

/**
 * The RingCentral operations the bot performs, each with the token it acts as.
 * Narrow on purpose: this is the seam tests and the simulator are checked against.
 */
export class RingCentralApi {
  constructor(
    private readonly botClient: RestClient,
    private readonly adminClient: RestClient = botClient,
  ) {}

  /** Public bot install: exchanges the code RingCentral sent to /bot/oauth for the permanent bot token. */
  async exchangeBotCode(code: string, redirectUri: string): Promise<TokenResponse> {
    const body = await this.botClient.callWithClientCredentials({
      method: 'POST',
      path: '/restapi/oauth/token',
      body: { grant_type: 'authorization_code', code, redirect_uri: redirectUri },
    });
    return parse(tokenSchema, body, 'token');
  }

  async getOwnExtension(token: string): Promise<ExtensionInfo> {
    const body = await this.botClient.call(token, { method: 'GET', path: '/restapi/v1.0/account/~/extension/~' });
    return parse(extensionSchema, body, 'extension');
  }

  async createWebhookSubscription(token: string, request: WebhookSubscriptionRequest): Promise<SubscriptionInfo> {
    const body = await this.botClient.call(token, {
      method: 'POST',
      path: '/restapi/v1.0/subscription',
      body: {
        eventFilters: request.eventFilters,
        deliveryMode: {
          transportType: 'WebHook',
          address: request.address,
          verificationToken: request.verificationToken,
        },
        expiresIn: request.expiresIn,
      },
    });
    return parse(subscriptionSchema, body, 'subscription');
  }

  async renewSubscription(token: string, subscriptionId: string): Promise<SubscriptionInfo> {
    const body = await this.botClient.call(token, {
      method: 'POST',
      path: `/restapi/v1.0/subscription/${encodeURIComponent(subscriptionId)}/renew`,
    });
    return parse(subscriptionSchema, body, 'subscription renewal');
  }

  async listSubscriptions(token: string): Promise<SubscriptionInfo[]> {
    const body = await this.botClient.call(token, { method: 'GET', path: '/restapi/v1.0/subscription' });
    return parse(z.object({ records: z.array(subscriptionSchema) }), body, 'subscription list').records;
  }

  async deleteSubscription(token: string, subscriptionId: string): Promise<void> {
    await this.botClient.call(token, {
      method: 'DELETE',
      path: `/restapi/v1.0/subscription/${encodeURIComponent(subscriptionId)}`,
    });
  }

  async getChat(token: string, chatId: string): Promise<ChatInfo> {
    const body = await this.botClient.call(token, {
      method: 'GET',
      path: `/team-messaging/v1/chats/${encodeURIComponent(chatId)}`,
    });
    return parse(chatSchema, body, 'chat');
  }

  async getPerson(token: string, personId: string): Promise<PersonInfo> {
    const body = await this.botClient.call(token, {
      method: 'GET',
      path: `/team-messaging/v1/persons/${encodeURIComponent(personId)}`,
    });
    return parse(personSchema, body, 'person');
  }

  /** Finds or creates the direct conversation between the token's owner and `personId`. */
  async openConversation(token: string, personId: string): Promise<{ id: string }> {
    const body = await this.botClient.call(token, {
      method: 'POST',
      path: '/team-messaging/v1/conversations',
      body: { members: [{ id: personId }] },
    });
    return parse(createdSchema, body, 'conversation');
  }

  async postText(token: string, chatId: string, text: string): Promise<{ id: string }> {
    const body = await this.botClient.call(token, {
      method: 'POST',
      path: `/team-messaging/v1/chats/${encodeURIComponent(chatId)}/posts`,
      body: { text },
    });
    return parse(createdSchema, body, 'post');
  }

  async postCard(token: string, chatId: string, card: object): Promise<{ id: string }> {
    const body = await this.botClient.call(token, {
      method: 'POST',
      path: `/team-messaging/v1/chats/${encodeURIComponent(chatId)}/adaptive-cards`,
      body: card,
    });
    return parse(createdSchema, body, 'adaptive card');
  }

  async updateCard(token: string, cardId: string, card: object): Promise<void> {
    await this.botClient.call(token, {
      method: 'PUT',
      path: `/team-messaging/v1/adaptive-cards/${encodeURIComponent(cardId)}`,
      body: card,
    });
  }

  /** Where to send an admin's browser to authorize (admin app, PKCE). */
  adminLoginUrl(state: string, redirectUri: string): { url: string; codeVerifier: string } {
    return this.adminClient.loginUrl({ state, redirectUri });
  }

  /** Admin login: exchanges the authorization code with the PKCE verifier. */
  async exchangeAdminCode(code: string, redirectUri: string, codeVerifier: string): Promise<TokenResponse> {
    const body = await this.adminClient.callWithClientCredentials({
      method: 'POST',
      path: '/restapi/oauth/token',
      body: { grant_type: 'authorization_code', code, redirect_uri: redirectUri, code_verifier: codeVerifier },
    });
    return parse(tokenSchema, body, 'token');
  }

  /** Refresh tokens are single-use: the answer carries the next pair, which must be stored before use. */
  async refreshAdminToken(refreshToken: string): Promise<TokenResponse> {
    const body = await this.adminClient.callWithClientCredentials({
      method: 'POST',
      path: '/restapi/oauth/token',
      body: { grant_type: 'refresh_token', refresh_token: refreshToken },
    });
    return parse(tokenSchema, body, 'token refresh');
  }

  async revokeAdminToken(token: string): Promise<void> {
    await this.adminClient.callWithClientCredentials({ method: 'POST', path: '/restapi/oauth/revoke', body: { token } });
  }

  /** The admin's own numbers (with their features), all pages. */
  async listOwnPhoneNumbers(token: string): Promise<PhoneNumberInfo[]> {
    const numbers: PhoneNumberInfo[] = [];
    for (let page = 1; page <= 20; page += 1) {
      const body = await this.adminClient.call(token, {
        method: 'GET',
        path: '/restapi/v1.0/account/~/extension/~/phone-number',
        query: { page, perPage: 100 },
      });
      const parsed = parse(phoneNumberListSchema, body, 'phone number list');
      numbers.push(...parsed.records);
      const totalPages = parsed.paging?.totalPages;
      if (!totalPages || page >= totalPages) break;
    }
    return numbers;
  }

  /** Team and group chats the token's owner can see (RingCentral also lists public teams they are not in). */
  async listTeamAndGroupChats(token: string): Promise<ChatInfo[]> {
    const chats: ChatInfo[] = [];
    let pageToken: string | undefined;
    for (let i = 0; i < 20; i += 1) {
      const body = await this.adminClient.call(token, {
        method: 'GET',
        path: '/team-messaging/v1/chats',
        query: { type: ['Team', 'Group'], recordCount: 250, pageToken },
      });
      const parsed = parse(chatListSchema, body, 'chat list');
      chats.push(...parsed.records);
      pageToken = parsed.navigation?.nextPageToken ?? undefined;
      if (!pageToken) break;
    }
    return chats;
  }

  /** Adds `memberId` (the bot) to a team, acting as an admin who is in it. */
  async addTeamMember(token: string, chatId: string, memberId: string): Promise<void> {
    await this.adminClient.call(token, {
      method: 'POST',
      path: `/team-messaging/v1/teams/${encodeURIComponent(chatId)}/add`,
      body: { members: [{ id: memberId }] },
    });
  }

  /** Probes the audit trail with the smallest search: 403 means the admin may not read it. */
  async probeAuditTrail(token: string, now: Date): Promise<void> {
    await this.adminClient.call(token, {
      method: 'POST',
      path: '/restapi/v1.0/account/~/audit-trail/search',
      body: {
        eventTimeFrom: new Date(now.getTime() - 24 * 3600 * 1000).toISOString(),
        eventTimeTo: now.toISOString(),
        page: 1,
        perPage: 1,
      },
    });
  }

  /**
   * One page of the RingEX audit trail (Heavy group). Records come back unparsed: the poller parses
   * each at its edge so one odd record never fails the page.
   */
  async searchAuditTrail(
    token: string,
    query: { from: Date; to: Date; page: number; perPage: number },
  ): Promise<{ records: unknown[]; totalPages: number | undefined; totalFound: number | undefined }> {
    const body = await this.adminClient.call(token, {
      method: 'POST',
      path: '/restapi/v1.0/account/~/audit-trail/search',
      body: {
        eventTimeFrom: query.from.toISOString(),
        eventTimeTo: query.to.toISOString(),
        page: query.page,
        perPage: query.perPage,
        // The predecessor and RingCentral's own sample ask for these too (RINGCENTRAL.md §8).
        includeAdmins: true,
        includeHidden: true,
      },
    });
    const parsed = parse(auditPageSchema, body, 'audit trail search');
    return { records: parsed.records, totalPages: parsed.paging?.total, totalFound: parsed.paging?.totalFound };
  }

  /** Sends one SMS from the admin's own number (Medium group). */
  async sendSms(token: string, input: { from: string; to: string; text: string }): Promise<{ id: string; messageStatus?: string | undefined }> {
    const body = await this.adminClient.call(token, {
      method: 'POST',
      path: '/restapi/v1.0/account/~/extension/~/sms',
      body: { from: { phoneNumber: input.from }, to: [{ phoneNumber: input.to }], text: input.text },
    });
    return parse(smsSchema, body, 'SMS');
  }

  /**
   * One message record (Light group): an SMS POST only means "accepted"; the record says Delivered or
   * why it failed (RINGCENTRAL.md §9, developer guide "Handling SMS Messaging Errors").
   */
  async getMessage(token: string, messageId: string): Promise<MessageRecord> {
    const body = await this.adminClient.call(token, {
      method: 'GET',
      path: `/restapi/v1.0/account/~/extension/~/message-store/${encodeURIComponent(messageId)}`,
    });
    return parse(messageRecordSchema, body, 'message record');
  }

  /** A number's SMS registration (10DLC campaign / brand), Light group (RINGCENTRAL.md §9). */
  async getSmsConfiguration(token: string, phoneNumberId: string): Promise<SmsConfiguration> {
    const body = await this.adminClient.call(token, {
      method: 'GET',
      path: `/restapi/v1.0/account/~/extension/~/phone-number/${encodeURIComponent(phoneNumberId)}/sms-configuration`,
    });
    return parse(smsConfigurationSchema, body, 'SMS configuration');
  }

  /**
   * RingCentral's SMS consent records between our numbers and the recipients (Light group, SMS
   * permission), all pages (bounded). `from` and `to` hold at most 20 numbers each (spec).
   */
  async searchSmsConsents(token: string, query: { from: string[]; to: string[] }): Promise<ConsentRecord[]> {
    const records: ConsentRecord[] = [];
    let pageToken: string | undefined;
    for (let i = 0; i < 20; i += 1) {
      const body = await this.adminClient.call(token, {
        method: 'POST',
        path: '/restapi/v2/accounts/~/sms/consents/search',
        body: { from: query.from.slice(0, 20), to: query.to.slice(0, 20), perPage: 1000, ...(pageToken ? { pageToken } : {}) },
      });
      const parsed = parse(consentListSchema, body, 'SMS consent search');
      records.push(...parsed.records);
      pageToken = parsed.paging?.nextPageToken;
      if (!pageToken) break;
    }
    return records;
  }

  /** getOwnExtension with the admin app's client (same endpoint, admin token). */
  async getAdminExtension(token: string): Promise<ExtensionInfo> {
    const body = await this.adminClient.call(token, { method: 'GET', path: '/restapi/v1.0/account/~/extension/~' });
    return parse(extensionSchema, body, 'extension');
  }

  /** One page of a chat's posts (Medium group), as the bot sees them; card posts carry a `Card` attachment. */
  async listChatPosts(token: string, chatId: string, query: { recordCount: number; pageToken?: string | undefined }): Promise<ChatPostPage> {
    const body = await this.botClient.call(token, {
      method: 'GET',
      path: `/team-messaging/v1/chats/${encodeURIComponent(chatId)}/posts`,
      query: { recordCount: query.recordCount, pageToken: query.pageToken },
    });
    return parse(postListSchema, body, 'post list');
  }

  /** One adaptive card the bot can see. */
  async getCard(token: string, cardId: string): Promise<CardInfo> {
    const body = await this.botClient.call(token, { method: 'GET', path: `/team-messaging/v1/adaptive-cards/${encodeURIComponent(cardId)}` });
    return parse(cardSchema, body, 'adaptive card');
  }

  /** The admin's outbound SMS since `since` (message store list, Light group), one page. */
  async listSentSms(token: string, query: { since: Date; page: number; perPage: number }): Promise<MessagePage> {
    const body = await this.adminClient.call(token, {
      method: 'GET',
      path: '/restapi/v1.0/account/~/extension/~/message-store',
      query: { messageType: ['SMS'], direction: ['Outbound'], dateFrom: query.since.toISOString(), page: query.page, perPage: query.perPage },
    });
    return parse(messageListSchema, body, 'message list');
  }
}

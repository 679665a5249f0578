/** Every spec operation the simulator implements, as `METHOD path-template`. The subset file holds exactly these. */
export const SIMULATED_OPERATIONS: readonly string[] = [
  'GET /restapi/oauth/authorize',
  'POST /restapi/oauth/token',
  'POST /restapi/oauth/revoke',
  'POST /restapi/oauth/wstoken',
  'GET /restapi/v1.0/account/{accountId}/extension/{extensionId}',
  'GET /restapi/v1.0/account/{accountId}/extension/{extensionId}/phone-number',
  'POST /restapi/v1.0/account/{accountId}/extension/{extensionId}/sms',
  'GET /restapi/v1.0/account/{accountId}/extension/{extensionId}/message-store/{messageId}',
  'GET /restapi/v1.0/account/{accountId}/extension/{extensionId}/phone-number/{phoneNumberId}/sms-configuration',
  'POST /restapi/v2/accounts/{accountId}/sms/consents/search',
  'GET /restapi/v1.0/account/{accountId}/extension/{extensionId}/message-store',
  'POST /restapi/v1.0/account/{accountId}/audit-trail/search',
  'GET /restapi/v1.0/subscription',
  'POST /restapi/v1.0/subscription',
  'GET /restapi/v1.0/subscription/{subscriptionId}',
  'PUT /restapi/v1.0/subscription/{subscriptionId}',
  'DELETE /restapi/v1.0/subscription/{subscriptionId}',
  'POST /restapi/v1.0/subscription/{subscriptionId}/renew',
  'GET /team-messaging/v1/chats',
  'GET /team-messaging/v1/chats/{chatId}',
  'POST /team-messaging/v1/conversations',
  'GET /team-messaging/v1/persons/{personId}',
  'POST /team-messaging/v1/teams/{chatId}/join',
  'POST /team-messaging/v1/teams/{chatId}/add',
  'GET /team-messaging/v1/chats/{chatId}/posts',
  'POST /team-messaging/v1/chats/{chatId}/posts',
  'POST /team-messaging/v1/chats/{chatId}/adaptive-cards',
  'GET /team-messaging/v1/adaptive-cards/{cardId}',
  'PUT /team-messaging/v1/adaptive-cards/{cardId}',
];

/** Component schemas the simulator validates outgoing notifications against. */
export const NOTIFICATION_SCHEMAS: readonly string[] = ['InstantMessageEvent', 'ExtensionInfoEvent'];

/**
 * Every RingCX operation the simulator implements, from RingCX's own spec (engage-voice_openapi3.json).
 * `POST /api/auth/token/refresh` is simulated too but is not in that spec, so it is not validated.
 */
export const RINGCX_SIMULATED_OPERATIONS: readonly string[] = [
  'POST /api/auth/login/rc/accesstoken',
  'GET /voice/api/v1/admin/accounts',
  'GET /voice/api/v1/admin/auditLogs/auditable',
  'PUT /voice/api/v1/admin/auditLogs/search',
];

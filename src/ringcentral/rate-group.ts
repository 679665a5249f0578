/**
 * RingCentral's rate-limit groups and their per-user-per-app budgets per minute (RINGCENTRAL.md §6;
 * each operation's group is its `x-throttling-group` in the public OpenAPI spec).
 */
export type RateGroup = 'Light' | 'Medium' | 'Heavy' | 'Auth';

export const RATE_GROUP_LIMITS: Readonly<Record<RateGroup, number>> = { Light: 50, Medium: 40, Heavy: 10, Auth: 5 };

/** When RingCentral answers 429 without Retry-After, wait this long (RINGCENTRAL.md §6). */
export const DEFAULT_RETRY_AFTER_SECONDS = 30;

/**
 * The group of a platform call, from its method and path as the OpenAPI spec assigns them. Callers may
 * name the group themselves (`RestRequest.group`); this covers every call that does not. RingCX paths
 * are not RingCentral platform calls and have no group here.
 */
export function rateGroupOf(method: string, path: string): RateGroup | undefined {
  const m = method.toUpperCase();
  if (path.startsWith('/restapi/oauth/')) return 'Auth';
  if (path.includes('/audit-trail/')) return 'Heavy';
  if (path.startsWith('/team-messaging/')) {
    // reading one chat or person is Light; listing chats and every write is Medium (spec: x-throttling-group)
    if (m === 'GET' && /^\/team-messaging\/v1\/(chats|persons)\/[^/]+$/.test(path)) return 'Light';
    return 'Medium';
  }
  if (path.startsWith('/restapi/v1.0/subscription')) {
    if (m === 'GET' || /\/renew$/.test(path)) return 'Light';
    return 'Medium';
  }
  if (/\/extension\/[^/]+\/sms$/.test(path) && m === 'POST') return 'Medium';
  // the SMS consent list is searched with a POST, in the Light group
  if (m === 'POST' && /^\/restapi\/v2\/accounts\/[^/]+\/sms\/consents\/search$/.test(path)) return 'Light';
  if (path.startsWith('/restapi/')) return m === 'GET' ? 'Light' : 'Medium';
  return undefined;
}

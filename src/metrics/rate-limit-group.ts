/** RingCentral's API rate-limit groups (RINGCENTRAL.md §6). */
export type RateLimitGroup = 'Light' | 'Medium' | 'Heavy' | 'Auth' | 'NoThrottling';

const GROUPS = new Set<string>(['Light', 'Medium', 'Heavy', 'Auth', 'NoThrottling']);

/**
 * The group a call counted against. RingCentral names it in `X-Rate-Limit-Group` on every throttled
 * answer (RINGCENTRAL.md §6); when no answer came (timeout, network error) the group is inferred from
 * the path as that section lists it: OAuth Auth, the audit trail Heavy, posts, cards, chats, SMS and
 * subscription create Medium, anything else Light.
 */
export function rateLimitGroup(method: string, path: string, header: string | null | undefined): RateLimitGroup {
  if (header && GROUPS.has(header)) return header as RateLimitGroup;
  if (path.startsWith('/restapi/oauth/')) return 'Auth';
  if (path.includes('/audit-trail/')) return 'Heavy';
  if (method !== 'GET' && (path.startsWith('/team-messaging/') || path.endsWith('/sms') || path === '/restapi/v1.0/subscription')) return 'Medium';
  return 'Light';
}

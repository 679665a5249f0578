import { RingCentralError } from '../ringcentral/rest-client';

/** RingCentral's daily API posting limit per user, the bot included (RINGCENTRAL.md §5). */
export const DAILY_POST_CAP = 2500;

/**
 * True when RingCentral refused a post because the bot reached its daily posting limit. RingCentral's
 * developer guide (team-messaging/posting, "Posting limits imposed on REST API") states the limit;
 * RINGCENTRAL.md §5 gives the answer: HTTP 500 "You have exceeded your limits for this action." The
 * error code (CMN-201) is also used for plain server errors, so the message decides.
 */
export function isDailyPostCap(error: unknown): boolean {
  return error instanceof RingCentralError && error.status === 500 && /exceeded your limits/i.test(error.message);
}

/**
 * When a capped chat may be posted to again: the next midnight UTC. RingCentral says "per day" and
 * publishes no reset time (UNCONFIRMED); should the limit turn out to be a rolling 24 hours, the first
 * post after midnight is refused again and the chat is simply capped until the midnight after.
 */
export function capReopensAt(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1));
}

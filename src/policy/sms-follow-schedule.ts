/**
 * When an accepted SMS's message record is read (RINGCENTRAL.md §9: the outcome arrives later on the
 * record). Reads back off so a slow carrier costs few Light-group calls; after FOLLOW_FOR_MS a record that
 * never settled ends as "sent, unconfirmed" (a carrier that never reports, SMS-CAR-104/199).
 */
export const FIRST_CHECK_MS = 5_000;
const MAX_CHECK_GAP_MS = 5 * 60_000;
export const FOLLOW_FOR_MS = 2 * 60 * 60_000;

/** The wait before the next read, after `checks` reads of this send: 5 s, 10 s, 20 s … at most 5 minutes. */
export function nextCheckDelay(checks: number): number {
  return Math.min(MAX_CHECK_GAP_MS, FIRST_CHECK_MS * 2 ** Math.max(0, checks));
}

/** True when a send accepted at `acceptedAt` has been followed long enough. */
export function followedLongEnough(acceptedAt: Date, now: Date): boolean {
  return now.getTime() - acceptedAt.getTime() >= FOLLOW_FOR_MS;
}

import { atLeast, type Severity } from './severity';
import { instantOf, wallClock } from './wall-clock';

/** `chats digest <off|hourly|daily>` / `sms digest …`. */
export type DigestInterval = 'off' | 'hourly' | 'daily';
export const DIGEST_INTERVALS: readonly DigestInterval[] = ['off', 'hourly', 'daily'];
/** A daily digest goes out at this time in the admin's time zone. */
export const DAILY_DIGEST_AT = '09:00';

export function isDigestInterval(value: string): value is DigestInterval {
  return (DIGEST_INTERVALS as readonly string[]).includes(value);
}

/**
 * The digest policy for one alert on one channel at `at`: null when it goes out now (digest off, or
 * high and critical alerts, which are always immediate); otherwise when its digest goes out — the next
 * full hour, or the next 09:00, in `timeZone`.
 */
export function digestRelease(at: Date, severity: Severity, interval: DigestInterval, timeZone: string): Date | null {
  if (interval === 'off' || atLeast(severity, 'high')) return null;
  const now = wallClock(at, timeZone);
  if (interval === 'hourly') {
    const nextHour = (Math.floor(now.minutes / 60) + 1) * 60;
    const day = new Date(Date.UTC(now.y, now.mo - 1, now.d + (nextHour >= 24 * 60 ? 1 : 0)));
    return instantOf(day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate(), nextHour % (24 * 60), timeZone);
  }
  const nine = 9 * 60;
  const day = new Date(Date.UTC(now.y, now.mo - 1, now.d + (now.minutes < nine ? 0 : 1)));
  return instantOf(day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate(), nine, timeZone);
}

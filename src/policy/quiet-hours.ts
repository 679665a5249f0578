/** `sms quiet 22:00-07:00`: minutes after midnight in the admin's time zone; `end` may be before `start` (over midnight). */
import { instantOf, wallClock } from './wall-clock';

export interface QuietHours {
  start: string;
  end: string;
}

/** The forms `parseQuietHours` accepts, for refusals. */
export const QUIET_FORMS = 'sms quiet <HH:MM>-<HH:MM> in your time zone (24-hour clock, e.g. sms quiet 22:00-07:00), or sms quiet off';

const minutesOf = (hhmm: string): number | undefined => {
  const match = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(hhmm.trim());
  return match ? Number(match[1]) * 60 + Number(match[2]) : undefined;
};

const pad = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/**
 * "22:00-07:00" → the range; or why not: a time that does not read, an empty range (start = end), or
 * more than one range (one range per admin; two would overlap or leave a gap to explain).
 */
export function parseQuietHours(text: string): { ok: true; quiet: QuietHours } | { ok: false; reason: string } {
  const ranges = text.trim().split(/[\s,;]+/).filter(Boolean);
  if (ranges.length !== 1) return { ok: false, reason: ranges.length === 0 ? 'Give one range.' : 'Give one range only (one quiet period a day).' };
  const [from = '', to = '', ...rest] = ranges[0]!.split(/[-–]/);
  const start = minutesOf(from);
  const end = minutesOf(to);
  if (rest.length > 0 || start === undefined || end === undefined) return { ok: false, reason: `"${ranges[0]}" is not a range of two times.` };
  if (start === end) return { ok: false, reason: `${pad(start)}-${pad(end)} is an empty range (it starts when it ends).` };
  return { ok: true, quiet: { start: pad(start), end: pad(end) } };
}

/**
 * The quiet-hours policy: when `at` falls inside the quiet hours (in `timeZone`), the instant they end,
 * when held texts go out; otherwise null (send now).
 */
export function quietHoursRelease(at: Date, quiet: QuietHours | null, timeZone: string): Date | null {
  if (quiet === null) return null;
  const start = minutesOf(quiet.start);
  const end = minutesOf(quiet.end);
  if (start === undefined || end === undefined || start === end) return null;
  const now = wallClock(at, timeZone);
  const inside = start < end ? now.minutes >= start && now.minutes < end : now.minutes >= start || now.minutes < end;
  if (!inside) return null;
  // The end is today when it is still ahead on the clock, otherwise tomorrow (a range over midnight, after its start).
  const day = new Date(Date.UTC(now.y, now.mo - 1, now.d + (now.minutes < end ? 0 : 1)));
  return instantOf(day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate(), end, timeZone);
}

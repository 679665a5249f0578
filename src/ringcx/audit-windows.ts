/** One closed search window, start inclusive and end exclusive. */
export interface AuditWindow {
  start: Date;
  end: Date;
}

/**
 * The closed windows due now, oldest first: windows of `windowMs` aligned to the epoch (so they stay
 * contiguous whatever the time zone or a DST change does to the wall clock), starting at `cursor`,
 * each requested only `delayMs` after it closes, because RingCX records appear about 5 minutes after
 * the change (RINGCENTRAL.md §10). At most `max` windows.
 */
export function dueWindows(input: { cursor: Date; now: Date; windowMs: number; delayMs: number; max?: number }): AuditWindow[] {
  const windows: AuditWindow[] = [];
  let start = input.cursor.getTime();
  const max = input.max ?? Number.POSITIVE_INFINITY;
  while (windows.length < max) {
    // The first window may start mid-window (a cursor set by hand): it ends at the next boundary.
    const end = (Math.floor(start / input.windowMs) + 1) * input.windowMs;
    if (end + input.delayMs > input.now.getTime()) break;
    windows.push({ start: new Date(start), end: new Date(end) });
    start = end;
  }
  return windows;
}

/** The start of the window holding `time`: where a freshly enabled admin's polling begins. */
export function windowStartOf(time: Date, windowMs: number): Date {
  return new Date(Math.floor(time.getTime() / windowMs) * windowMs);
}

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();

/** The zone's offset from UTC at `time`, in minutes (west negative); 0 for an unknown zone. */
export function offsetMinutes(time: Date, timeZone: string): number {
  let formatter = offsetFormatters.get(timeZone);
  if (!formatter) {
    try {
      formatter = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' });
    } catch {
      return 0;
    }
    offsetFormatters.set(timeZone, formatter);
  }
  const name = formatter.formatToParts(time).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const match = /GMT([+-])(\d{1,2})(?::?(\d{2}))?/.exec(name);
  if (!match) return 0;
  const minutes = Number(match[2]) * 60 + Number(match[3] ?? 0);
  return match[1] === '-' ? -minutes : minutes;
}

/**
 * `2025-11-20T00:00:00.000-08:00`: the instant in `timeZone`'s wall-clock time with the offset in
 * effect then. Never `Z`: RingCX rejects it and wants an explicit offset (RINGCENTRAL.md §10), so UTC
 * is written `+00:00`.
 */
export function formatWithOffset(time: Date, timeZone: string): string {
  const offset = offsetMinutes(time, timeZone);
  const local = new Date(time.getTime() + offset * 60_000).toISOString().slice(0, -1);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${local}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** Reading and setting wall-clock time in an IANA time zone with Intl (no time-zone library). */

/** Wall-clock parts of `at` in `timeZone` (UTC when the zone is not valid). */
export function wallClock(at: Date, timeZone: string): { y: number; mo: number; d: number; minutes: number } {
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', hourCycle: 'h23' }).formatToParts(at);
  } catch {
    return wallClock(at, 'UTC');
  }
  const n = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? '0');
  return { y: n('year'), mo: n('month'), d: n('day'), minutes: (n('hour') % 24) * 60 + n('minute') };
}

/** The instant the wall clock in `timeZone` shows this date and time (the first one, across a DST change). */
export function instantOf(y: number, mo: number, d: number, minutes: number, timeZone: string): Date {
  const wanted = Date.UTC(y, mo - 1, d, Math.floor(minutes / 60), minutes % 60);
  let guess = wanted;
  for (let i = 0; i < 3; i += 1) {
    const seen = wallClock(new Date(guess), timeZone);
    const shown = Date.UTC(seen.y, seen.mo - 1, seen.d, Math.floor(seen.minutes / 60), seen.minutes % 60);
    if (shown === wanted) break;
    guess += wanted - shown;
  }
  return new Date(guess);
}

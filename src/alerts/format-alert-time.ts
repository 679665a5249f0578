/** A moment as alerts show it: "Apr 24, 2025" and "2:12 pm", in a time zone. */
export interface AlertTime {
  date: string;
  /** '' when the moment is not a valid date. */
  time: string;
  /** The IANA zone used: the one asked for, or "UTC" when that one is not a valid zone. */
  zone: string;
  /** True when the asked-for zone was invalid and UTC was used instead. */
  fellBackToUtc: boolean;
}

function isValidZone(timeZone: string): boolean {
  if (timeZone.trim() === '') return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/**
 * Formats `when` in `timeZone` with Intl, as "MMM D, YYYY" and "h:mm am/pm" (lower case). Built from
 * parts so the ICU version's spacing (a narrow no-break space before "PM" in recent ones) never leaks in.
 */
export function formatAlertTime(when: Date, timeZone: string): AlertTime {
  const fellBackToUtc = !isValidZone(timeZone);
  const zone = fellBackToUtc ? 'UTC' : timeZone;
  if (Number.isNaN(when.getTime())) return { date: 'Unknown date', time: '', zone, fellBackToUtc };
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    hour12: true,
  }).formatToParts(when);
  const part = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? '';
  return {
    date: `${part('month')} ${part('day')}, ${part('year')}`,
    time: `${part('hour')}:${part('minute')} ${part('dayPeriod').toLowerCase()}`,
    zone,
    fellBackToUtc,
  };
}

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

/** Formatters by zone (null for an invalid zone): building an Intl.DateTimeFormat is costly. */
const formatters = new Map<string, Intl.DateTimeFormat | null>();

function formatterFor(timeZone: string): Intl.DateTimeFormat | null {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    try {
      formatter =
        timeZone.trim() === ''
          ? null
          : new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit', hour12: true });
    } catch {
      formatter = null;
    }
    if (formatters.size > 500) formatters.clear();
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/**
 * Formats `when` in `timeZone` with Intl, as "MMM D, YYYY" and "h:mm am/pm" (lower case). Built from
 * parts so the ICU version's spacing (a narrow no-break space before "PM" in recent ones) never leaks in.
 */
export function formatAlertTime(when: Date, timeZone: string): AlertTime {
  const asked = formatterFor(timeZone);
  const fellBackToUtc = asked === null;
  const zone = fellBackToUtc ? 'UTC' : timeZone;
  if (Number.isNaN(when.getTime())) return { date: 'Unknown date', time: '', zone, fellBackToUtc };
  const parts = (asked ?? formatterFor('UTC')!).formatToParts(when);
  const part = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? '';
  return {
    date: `${part('month')} ${part('day')}, ${part('year')}`,
    time: `${part('hour')}:${part('minute')} ${part('dayPeriod').toLowerCase()}`,
    zone,
    fellBackToUtc,
  };
}

const shortFormatters = new Map<string, Intl.DateTimeFormat | null>();

/**
 * One short local time with its zone abbreviation, as cards show it: "Apr 24, 2:12 pm PDT". An
 * invalid zone falls back to UTC ("Apr 24, 9:12 pm UTC").
 */
export function formatShortLocalTime(when: Date, timeZone: string): string {
  if (Number.isNaN(when.getTime())) return 'Unknown time';
  let formatter = shortFormatters.get(timeZone);
  if (formatter === undefined) {
    try {
      formatter = timeZone.trim() === '' ? null : new Intl.DateTimeFormat('en-US', { timeZone, month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit', hour12: true, timeZoneName: 'short' });
    } catch {
      formatter = null;
    }
    if (shortFormatters.size > 500) shortFormatters.clear();
    shortFormatters.set(timeZone, formatter);
  }
  const parts = (formatter ?? new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit', hour12: true, timeZoneName: 'short' })).formatToParts(when);
  const part = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('month')} ${part('day')}, ${part('hour')}:${part('minute')} ${part('dayPeriod').toLowerCase()} ${part('timeZoneName')}`.trim();
}

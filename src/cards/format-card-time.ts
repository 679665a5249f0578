import { formatAlertTime } from '../alerts/format-alert-time';

/**
 * A moment as every card and text shows it, in the alert time format (src/alerts/format-alert-time.ts):
 * "Nov 21, 2026 4:05 pm", in the admin's zone; " UTC" is added when no zone (or an invalid one) is known.
 */
export function formatCardTime(when: Date, timeZone: string | null | undefined): string {
  const formatted = formatAlertTime(when, timeZone ?? 'UTC');
  const text = formatted.time ? `${formatted.date} ${formatted.time}` : formatted.date;
  return formatted.zone === 'UTC' ? `${text} UTC` : text;
}

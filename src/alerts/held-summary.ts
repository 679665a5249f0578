import { formatAlertTime } from './format-alert-time';
import { SMS_MAX_UTF16, SMS_OPT_OUT } from './format-alert-sms';

/**
 * The one text that ends quiet hours, in the product guide's style: `Quiet hours ended: 3 alerts held
 * since Dec 1, 2026 => 11:02 pm. 1) <alert sentence> 2) … and 2 more. To opt out at any time, simply
 * reply with STOP.` Alerts are listed whole while they fit in RingCentral's 1000 units, then counted.
 */
export function quietSummarySms(sentences: { sentence: string; at: Date }[], timeZone: string): string {
  const n = sentences.length;
  const first = sentences.map((s) => s.at).sort((a, b) => a.getTime() - b.getTime())[0];
  const since = first ? formatAlertTime(first, timeZone) : undefined;
  const head = `Quiet hours ended: ${n} ${n === 1 ? 'alert' : 'alerts'} held${since ? ` since ${since.date} => ${since.time}` : ''}.`;
  const parts = [head];
  let used = head.length + SMS_OPT_OUT.length + 2;
  let listed = 0;
  for (const [i, { sentence }] of sentences.entries()) {
    const item = `${i + 1}) ${sentence}`;
    const restNote = ` and ${n - listed - 1} more.`.length;
    if (used + item.length + 1 + (i < n - 1 ? restNote : 0) > SMS_MAX_UTF16) break;
    parts.push(item);
    used += item.length + 1;
    listed += 1;
  }
  if (listed < n) parts.push(`${listed > 0 ? 'and ' : ''}${n - listed} more.`);
  return `${parts.join(' ')} ${SMS_OPT_OUT}`;
}

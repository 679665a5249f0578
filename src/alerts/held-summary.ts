import { SMS_MAX_UTF16, SMS_OPT_OUT } from './format-alert-sms';

/**
 * One text for many held alerts, in the product guide's style: `<head> 1) <alert sentence> 2) … and 2
 * more. To opt out at any time, simply reply with STOP.` Alerts are listed whole while they fit in
 * RingCentral's 1000 units, then counted.
 */
export function heldSummarySms(head: string, sentences: string[]): string {
  const n = sentences.length;
  const parts = [head];
  let used = head.length + SMS_OPT_OUT.length + 2;
  let listed = 0;
  for (const [i, sentence] of sentences.entries()) {
    const item = `${i + 1}) ${sentence}`;
    const restNote = i < n - 1 ? ` and ${n - i - 1} more.`.length : 0;
    if (used + item.length + 1 + restNote > SMS_MAX_UTF16) break;
    parts.push(item);
    used += item.length + 1;
    listed += 1;
  }
  if (listed < n) parts.push(`${listed > 0 ? 'and ' : ''}${n - listed} more.`);
  return `${parts.join(' ')} ${SMS_OPT_OUT}`;
}

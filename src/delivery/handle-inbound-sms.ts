import type { BotDeps } from '../bot/bot-deps';
import { parsePhone } from '../admin/phone-number';

/** Replies that opt a number out, or back in (RINGCENTRAL.md §9). Whole keywords only. */
export const STOP_WORDS = new Set(['STOP', 'UNSUBSCRIBE', 'QUIT', 'CANCEL', 'END']);
export const START_WORDS = new Set(['START', 'UNSTOP']);

/** The keyword a reply is, if it is one: "stop", " Stop. " → STOP; "please stop" → none. */
export function smsKeyword(text: string): 'stop' | 'start' | undefined {
  const word = text.trim().replace(/[.!]+$/, '').toUpperCase();
  if (STOP_WORDS.has(word)) return 'stop';
  if (START_WORDS.has(word)) return 'start';
  return undefined;
}

/**
 * An SMS received on an admin's number: a recipient answering STOP is opted out (no more alerts to
 * them from this account); START opts them back in. Anything else is ignored.
 */
export async function handleInboundSms(
  deps: BotDeps,
  accountId: string,
  message: { from: string; text: string },
): Promise<'opted-out' | 'opted-in' | 'ignored'> {
  const keyword = smsKeyword(message.text);
  if (!keyword) return 'ignored';
  const parsed = parsePhone(message.from, null);
  if (!parsed.ok) return 'ignored';
  if (keyword === 'stop') {
    await deps.db.optOuts.optOut(accountId, parsed.e164, 'replied STOP', deps.now());
    deps.logger.info({ accountId }, 'SMS recipient opted out');
    return 'opted-out';
  }
  const removed = await deps.db.optOuts.optIn(accountId, parsed.e164);
  if (removed) deps.logger.info({ accountId }, 'SMS recipient opted back in');
  return removed ? 'opted-in' : 'ignored';
}

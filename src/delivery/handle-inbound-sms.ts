import type { BotDeps } from '../bot/bot-deps';
import { parsePhone } from '../admin/phone-number';
import { ANY_SENDER } from '../db/opt-outs-repository';
import { tellOptedOut, optOutNoticeKey } from './tell-opted-out';

/** Replies that opt a number out, or back in (RINGCENTRAL.md §9). Whole keywords only. */
export const STOP_WORDS = new Set(['STOP', 'UNSUBSCRIBE', 'QUIT', 'CANCEL', 'END']);
export const START_WORDS = new Set(['START', 'SUBSCRIBE', 'RESUME', 'CONTINUE', 'UNSTOP']);

/** The keyword a reply is, if it is one: "stop", " Stop. " → STOP; "please stop" → none. */
export function smsKeyword(text: string): 'stop' | 'start' | undefined {
  const word = text.trim().replace(/[.!]+$/, '').toUpperCase();
  if (STOP_WORDS.has(word)) return 'stop';
  if (START_WORDS.has(word)) return 'start';
  return undefined;
}

/**
 * An SMS received on an admin's number. RingCentral keeps opt-outs per sender→recipient pair, so a
 * recipient answering STOP to one of our numbers gets no more alerts from that number (the admin is told
 * once); START (or SUBSCRIBE, RESUME, CONTINUE, UNSTOP) opts the pair back in. Anything else is ignored.
 * `to` is the number they replied to; when the notification lacks it, the admin's sender stands for it.
 */
export async function handleInboundSms(
  deps: BotDeps,
  accountId: string,
  message: { from: string; to?: string | null | undefined; text: string; extensionId?: string },
): Promise<'opted-out' | 'opted-in' | 'ignored'> {
  const keyword = smsKeyword(message.text);
  if (!keyword) return 'ignored';
  const parsed = parsePhone(message.from, null);
  if (!parsed.ok) return 'ignored';
  const settings = message.extensionId ? await deps.db.settings.find(accountId, message.extensionId) : undefined;
  const toParsed = message.to ? parsePhone(message.to, null) : undefined;
  const sender = toParsed?.ok ? toParsed.e164 : (settings?.smsSender ?? ANY_SENDER);
  if (keyword === 'stop') {
    const fresh = await deps.db.optOuts.optOut(accountId, sender, parsed.e164, 'reply', 'replied STOP', deps.now());
    deps.logger.info({ accountId }, 'SMS recipient opted out');
    if (fresh && message.extensionId) await tellOptedOut(deps, accountId, message.extensionId, sender, parsed.e164, 'replied STOP');
    return 'opted-out';
  }
  const removed = await deps.db.optOuts.optIn(accountId, sender, parsed.e164);
  if (removed) {
    deps.logger.info({ accountId }, 'SMS recipient opted back in');
    if (message.extensionId) await deps.db.notices.clear(accountId, message.extensionId, optOutNoticeKey(sender, parsed.e164));
  }
  return removed ? 'opted-in' : 'ignored';
}

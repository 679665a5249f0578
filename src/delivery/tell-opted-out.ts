import type { BotDeps } from '../bot/bot-deps';
import { notifyAdminOnce } from './notify-admin';

/** One notice per opted-out pair; cleared when the pair opts back in, so a later opt-out is told again. */
export function optOutNoticeKey(sender: string, recipient: string): string {
  return `optout:${sender || 'any'}:${recipient}`;
}

/**
 * Tells the admin, once per pair, that a recipient opted out of SMS from a sender: nothing more is sent
 * there until the recipient replies START to that number (RINGCENTRAL.md §9).
 */
export async function tellOptedOut(deps: BotDeps, accountId: string, extensionId: string, sender: string, recipient: string, how: string): Promise<void> {
  const from = sender ? ` from ${sender}` : '';
  await notifyAdminOnce(
    deps,
    accountId,
    extensionId,
    optOutNoticeKey(sender, recipient),
    `The SMS recipient ${recipient} has opted out of texts${from} (${how}). I will send no more SMS alerts there; they can reply START to ${sender || 'your number'} to receive them again. Type status to see every opted-out recipient.`,
  );
}

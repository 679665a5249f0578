import type { BotDeps } from '../bot/bot-deps';
import type { AdminSettings } from '../db/admin-settings-repository';
import type { SenderReadiness } from '../admin/sender-readiness';

/**
 * The settings card's SMS notes: recipients who opted out of the chosen sender (nothing is sent there until
 * they reply START), a warning when the chosen sender's registration is not confirmed, and why each other
 * number is not ready (its 10DLC campaign or toll-free verification, or a registration not known).
 */
export async function smsSettingsNotes(
  deps: Pick<BotDeps, 'db'>,
  settings: AdminSettings,
  senders: SenderReadiness[],
  phone: (e164: string) => string = (n) => n,
): Promise<{ smsNotes: string }> {
  const notes: string[] = [];
  const chosen = senders.find((s) => s.phoneNumber === settings.smsSender);
  if (settings.smsSender && chosen && chosen.state === 'not-ready') notes.push(`Sender ${phone(settings.smsSender)} cannot send alerts yet: ${chosen.detail}`);
  if (settings.smsSender && chosen && chosen.state === 'unknown') {
    const detail = chosen.detail ? ` ${chosen.detail.charAt(0).toUpperCase()}${chosen.detail.slice(1)}${chosen.detail.endsWith('.') ? '' : '.'}` : '';
    notes.push(`Sender ${phone(settings.smsSender)}: ${chosen.summary}.${detail}`);
  }
  // The picker says only ready / not ready / unchecked, to fit a phone's width: the other numbers' states in words.
  const others = senders.filter((s) => s.phoneNumber !== settings.smsSender && s.state !== 'ready');
  if (others.length) notes.push(`Numbers not confirmed to send texts: ${others.map((s) => `${phone(s.phoneNumber)} (${s.summary.replace(/^not ready: /, '')})`).join('; ')}.`);
  const optedOut = (await deps.db.optOuts.list(settings.accountId)).filter(
    (o) => settings.smsRecipients.includes(o.phoneNumber) && (o.sender === '' || o.sender === settings.smsSender),
  );
  for (const o of optedOut) {
    notes.push(`Opted out: ${phone(o.phoneNumber)} (${o.reason}) gets no texts ${o.sender ? `from ${phone(o.sender)}` : 'from any of your numbers'} until they reply START.`);
  }
  return { smsNotes: notes.join('\n\n') };
}

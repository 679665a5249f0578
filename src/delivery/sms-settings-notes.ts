import type { BotDeps } from '../bot/bot-deps';
import type { AdminSettings } from '../db/admin-settings-repository';
import type { SenderReadiness } from '../admin/sender-readiness';

/**
 * The settings card's SMS notes: recipients who opted out of the chosen sender (nothing is sent there until
 * they reply START), and a warning when the chosen sender's registration is not confirmed.
 */
export async function smsSettingsNotes(deps: Pick<BotDeps, 'db'>, settings: AdminSettings, senders: SenderReadiness[]): Promise<{ smsNotes: string }> {
  const notes: string[] = [];
  const chosen = senders.find((s) => s.phoneNumber === settings.smsSender);
  if (settings.smsSender && chosen && chosen.state !== 'ready') notes.push(`Sender ${settings.smsSender}: ${chosen.summary}. ${chosen.detail}`.trim());
  const optedOut = (await deps.db.optOuts.list(settings.accountId)).filter(
    (o) => settings.smsRecipients.includes(o.phoneNumber) && (o.sender === '' || o.sender === settings.smsSender),
  );
  for (const o of optedOut) {
    notes.push(`Opted out: ${o.phoneNumber} (${o.reason}) gets no SMS ${o.sender ? `from ${o.sender}` : 'from any of your numbers'} until they reply START.`);
  }
  return { smsNotes: notes.join('\n\n') };
}

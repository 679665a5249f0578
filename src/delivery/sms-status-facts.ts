import type { BotDeps } from '../bot/bot-deps';
import type { AdminSettings } from '../db/admin-settings-repository';
import type { DestinationStats } from '../db/deliveries-repository';

/**
 * One destination's counts for `status`, in the words of the status card: delivered, waiting (will be
 * sent again), failed. Texts also tell apart what RingCentral accepted but has not confirmed yet and
 * what was sent but never confirmed.
 */
export function destinationCounts(s: DestinationStats): string {
  const last = s.lastError ? ` · last error: ${s.lastError}` : '';
  if (s.channel === 'chat') return `${s.sent} delivered · ${s.retrying} waiting · ${s.dead} failed${last}`;
  return `${s.delivered} delivered · ${s.accepted} accepted, not yet confirmed · ${s.unconfirmed} sent, unconfirmed · ${s.retrying} waiting · ${s.dead} failed${last}`;
}

/** `status` lines for the admin's texts: opted-out recipients (per sender) and the last read of RingCentral's consent list. */
export async function smsStatusFacts(
  deps: BotDeps,
  settings: AdminSettings,
  when: (date: Date) => string,
  phone: (e164: string) => string = (n) => n,
): Promise<{ title: string; value: string }[]> {
  const facts: { title: string; value: string }[] = [];
  const optedOut = (await deps.db.optOuts.list(settings.accountId)).filter(
    (o) => settings.smsRecipients.includes(o.phoneNumber) && (o.sender === '' || o.sender === settings.smsSender),
  );
  if (optedOut.length) {
    facts.push({
      title: 'Opted out (STOP)',
      value: optedOut
        .map((o) => `${phone(o.phoneNumber)}: ${o.reason}; gets no texts ${o.sender ? `from ${phone(o.sender)}` : 'from any of your numbers'} until they reply START`)
        .join(' · '),
    });
  }
  const sync = await deps.db.optOuts.consentSync(settings.accountId, settings.extensionId);
  if (sync) {
    facts.push({
      title: 'Opt-out list',
      value:
        sync.status === 'ok'
          ? `read from RingCentral ${when(sync.checkedAt)}`
          : `could not be read from RingCentral ${when(sync.checkedAt)} (${sync.error ?? 'unknown error'}); the opt-outs I know still apply, and I read it again daily and when you save text settings`,
    });
  }
  return facts;
}

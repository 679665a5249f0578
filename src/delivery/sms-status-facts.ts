import type { BotDeps } from '../bot/bot-deps';
import type { AdminSettings } from '../db/admin-settings-repository';
import type { DestinationStats } from '../db/deliveries-repository';

/**
 * One destination's counts for `status`. SMS tell apart what RingCentral confirmed (delivered), what it
 * accepted but has not confirmed yet, what never got confirmed, what will be sent again and what failed.
 */
export function destinationCounts(s: DestinationStats): string {
  const last = s.lastError ? ` · last error: ${s.lastError}` : '';
  if (s.channel === 'chat') return `${s.sent} sent · ${s.retrying} retrying · ${s.dead} dead${last}`;
  return `${s.delivered} delivered · ${s.accepted} accepted, not yet confirmed · ${s.unconfirmed} sent, unconfirmed · ${s.retrying} retrying · ${s.dead} failed${last}`;
}

/** `status` lines for the admin's SMS: opted-out recipients (per sender) and the last read of RingCentral's consent list. */
export async function smsStatusFacts(
  deps: BotDeps,
  settings: AdminSettings,
  when: (date: Date) => string,
): Promise<{ title: string; value: string }[]> {
  const facts: { title: string; value: string }[] = [];
  const optedOut = (await deps.db.optOuts.list(settings.accountId)).filter(
    (o) => settings.smsRecipients.includes(o.phoneNumber) && (o.sender === '' || o.sender === settings.smsSender),
  );
  if (optedOut.length) {
    facts.push({
      title: 'SMS opted out',
      value: optedOut.map((o) => `${o.phoneNumber} (${o.sender ? `from ${o.sender}` : 'from every number'}: ${o.reason}; replying START lifts it)`).join(', '),
    });
  }
  const sync = await deps.db.optOuts.consentSync(settings.accountId, settings.extensionId);
  if (sync) {
    facts.push({
      title: 'SMS consent list',
      value:
        sync.status === 'ok'
          ? `read ${when(sync.checkedAt)}`
          : `could not be read ${when(sync.checkedAt)} (${sync.error ?? 'unknown error'}); the opt-outs known so far still apply, and it is read again daily and when you save SMS settings`,
    });
  }
  return facts;
}

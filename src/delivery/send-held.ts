import type { BotDeps } from '../bot/bot-deps';
import { burstHeadline } from '../alerts/burst-summary';
import { formatAlertSentence } from '../alerts/format-alert-sms';
import { quietSummarySms } from '../alerts/held-summary';
import type { Delivery } from '../db/deliveries-repository';
import { BURST_PREFIX, QUIET_PREFIX } from './apply-noise-policy';
import { eventFacts } from './event-facts';

/** True for the outbox row of the text that ends quiet hours. */
export function isQuietRow(delivery: Pick<Delivery, 'recordId'>): boolean {
  return delivery.recordId.startsWith(QUIET_PREFIX);
}

/** The text that ends quiet hours: every alert held for this release, oldest first. */
export async function heldText(deps: Pick<BotDeps, 'db'>, delivery: Delivery, timeZone: string, permanent: (message: string) => Error): Promise<string> {
  const releaseAt = new Date(Number(delivery.recordId.slice(QUIET_PREFIX.length)));
  const held = await deps.db.noise.held(delivery.accountId, delivery.adminExtensionId, 'quiet', releaseAt);
  const sentences: { sentence: string; at: Date }[] = [];
  for (const alert of held) {
    if (alert.recordId.startsWith(BURST_PREFIX)) {
      const burst = await deps.db.noise.findBurst(delivery.accountId, delivery.adminExtensionId, alert.recordId.slice(BURST_PREFIX.length));
      if (!burst) continue;
      const events = await deps.db.auditEvents.findMany(delivery.accountId, alert.source, burst.recordIds);
      const facts = events.map((e) => eventFacts(alert.source, e)).sort((a, b) => a.eventTime.getTime() - b.eventTime.getTime());
      if (facts.length === 0) continue;
      sentences.push({ sentence: `${burstHeadline({ actorName: burst.actorName, facts })}.`, at: facts[0]!.eventTime });
      continue;
    }
    const [event] = await deps.db.auditEvents.findMany(delivery.accountId, alert.source, [alert.recordId]);
    if (!event) continue;
    sentences.push({ sentence: formatAlertSentence(eventFacts(alert.source, event), timeZone), at: event.eventTime });
  }
  if (sentences.length === 0) throw permanent('the alerts held during quiet hours are no longer stored');
  sentences.sort((a, b) => a.at.getTime() - b.at.getTime());
  return quietSummarySms(sentences, timeZone);
}

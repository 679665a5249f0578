import type { BotDeps } from '../bot/bot-deps';
import { burstCard, burstSms, type BurstContent } from '../alerts/burst-summary';
import type { Delivery } from '../db/deliveries-repository';
import { BURST_PREFIX } from './apply-noise-policy';
import { storedEventFacts } from '../alerts/stored-event-facts';

/** True for an outbox row of a burst summary or of an update of its card. */
export function isBurstRow(delivery: Pick<Delivery, 'recordId'>): boolean {
  return delivery.recordId.startsWith(BURST_PREFIX);
}

/** How a burst row failed for good (the caller's permanent-failure type). */
type Permanent = (message: string) => Error;

async function contentOf(deps: Pick<BotDeps, 'db'>, delivery: Delivery, permanent: Permanent): Promise<{ content: BurstContent; burstKey: string; update: boolean }> {
  const [burstKey = '', update] = delivery.recordId.slice(BURST_PREFIX.length).split('#');
  const burst = await deps.db.noise.findBurst(delivery.accountId, delivery.adminExtensionId, burstKey);
  if (!burst) throw permanent('the burst this summary belongs to is no longer stored');
  const events = await deps.db.auditEvents.findMany(delivery.accountId, delivery.source, burst.recordIds);
  if (events.length === 0) throw permanent('the audit records of this burst are no longer stored');
  const facts = events.map((e) => storedEventFacts(delivery.source, e)).sort((a, b) => a.eventTime.getTime() - b.eventTime.getTime());
  return { content: { actorName: burst.actorName, severity: burst.severity, facts, windowEndsAt: burst.windowEndsAt }, burstKey, update: update !== undefined };
}

/**
 * Sends a burst row to a chat: the summary card, or — for an update row — the summary card posted
 * there before, replaced in place (`PUT /team-messaging/v1/adaptive-cards/{cardId}`, RINGCENTRAL.md §5)
 * with every change so far. An update whose summary is not posted yet waits (a retryable error).
 * Returns the card id.
 */
export async function sendBurstCard(deps: Pick<BotDeps, 'db' | 'api'>, delivery: Delivery, botToken: string, timeZone: string, permanent: Permanent): Promise<string> {
  const { content, burstKey, update } = await contentOf(deps, delivery, permanent);
  const card = burstCard(content, timeZone);
  if (!update) return (await deps.api.postCard(botToken, delivery.destination, card)).id;
  const summary = (await deps.db.deliveries.listByRecord(delivery.accountId, delivery.source, `${BURST_PREFIX}${burstKey}`)).find(
    (d) => d.channel === 'chat' && d.destination === delivery.destination,
  );
  // No summary row here: the summary waits in this chat's digest, which lists the burst when it goes out.
  if (!summary) return '';
  if (summary.status === 'dead') throw permanent('the summary card of this burst was never posted in this chat');
  if (summary.status !== 'sent') throw new Error('the summary card of this burst is not posted yet');
  const cardId = (await deps.db.models.Delivery.findByPk(summary.id))?.providerId ?? '';
  if (cardId === '') throw permanent('the summary card of this burst has no card id');
  await deps.api.updateCard(botToken, cardId, card);
  return cardId;
}

/** The burst's summary text (SMS rows of a burst are only the summary: updates go to cards). */
export async function burstText(deps: Pick<BotDeps, 'db'>, delivery: Delivery, timeZone: string, permanent: Permanent): Promise<string> {
  const { content } = await contentOf(deps, delivery, permanent);
  return burstSms(content, timeZone);
}

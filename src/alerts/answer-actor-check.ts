import type { BotDeps } from '../bot/bot-deps';
import type { AdaptiveCard } from '../cards/render-card';
import type { Logger } from '../logging/create-logger';
import type { ActorAnswer, AlertRef } from '../db/alert-triage-repository';
import type { NewDelivery } from '../db/deliveries-repository';
import { AppError } from '../errors/app-error';
import { destinationsOf, hasDestination } from '../delivery/plan-deliveries';
import { confirmActorCard } from './confirm-actor-card';
import { refreshAlertCards } from './refresh-alert-cards';
import { storedEventFacts } from './stored-event-facts';
import type { Clicker } from './triage-alert';

/**
 * The answer to "Did you make this change?". Only the person the card was sent to counts. Yes: every
 * card of the alert shows "Confirmed by the actor". No: the alert is escalated at once as critical to
 * every destination of every admin with alerts on, whatever their minimum severity (outbox rows of kind
 * 'compromise', one per destination; the caller has the delivery worker send them now).
 */
export async function answerActorCheck(
  deps: Pick<BotDeps, 'db' | 'api' | 'logger' | 'config' | 'now'>,
  question: { ref: AlertRef; actorId: string | undefined; adminId: string | undefined },
  clicker: Clicker,
  answer: ActorAnswer,
  context: { updateCard(card: AdaptiveCard): Promise<void>; log: Logger },
): Promise<{ escalated: number }> {
  const { ref, actorId } = question;
  if (!actorId || actorId !== clicker.id || clicker.accountId !== ref.accountId) {
    throw new AppError('bad_request', 'Only the person who made this change can answer this question. Nothing changed.');
  }
  const event = await deps.db.auditEvents.find(ref.accountId, ref.source, ref.recordId);
  if (!event) throw new AppError('bad_request', 'That alert is no longer stored, so there is nothing to confirm.');
  const result = await deps.db.triage.answer(ref, answer, clicker.id, deps.now());
  if (!result.ok) throw new AppError('bad_request', `You already answered (${result.triage.actorAnswer === 'yes' ? 'yes, it was you' : 'no, it was not you'}). Nothing changed.`);
  const facts = storedEventFacts(ref.source, event);
  const adminId = question.adminId ?? '';
  const settings = await deps.db.settings.find(ref.accountId, adminId);
  await context.updateCard(confirmActorCard(facts, settings?.timezone ?? 'UTC', { accountId: ref.accountId, source: ref.source, adminId, actorId }, answer)).catch((error: unknown) =>
    context.log.warn({ err: error instanceof Error ? error.message : String(error) }, 'confirmation card could not be updated'),
  );
  await refreshAlertCards(deps, ref, result.triage);
  context.log.info({ recordId: ref.recordId, answer }, 'actor answered');
  if (answer === 'yes') return { escalated: 0 };

  const optedOut = await deps.db.optOuts.pairKeys(ref.accountId);
  const admins = new Set((await deps.db.admins.listByAccount(ref.accountId)).filter((a) => a.status === 'active').map((a) => a.extensionId));
  const rows: NewDelivery[] = [];
  for (const admin of await deps.db.settings.listByAccount(ref.accountId)) {
    if (!admins.has(admin.extensionId) || admin.paused || !hasDestination(admin)) continue;
    for (const { channel, destination } of destinationsOf(admin, optedOut)) {
      rows.push({ accountId: ref.accountId, source: ref.source, recordId: ref.recordId, adminExtensionId: admin.extensionId, channel, destination, kind: 'compromise' });
    }
  }
  await deps.db.deliveries.insertMany(rows, deps.now());
  return { escalated: rows.length };
}

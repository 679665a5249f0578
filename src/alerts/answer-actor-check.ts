import type { CardActionContext } from '../bot/card-action-registry';
import type { ActorAnswer, AlertRef } from '../db/alert-triage-repository';
import type { NewDelivery } from '../db/deliveries-repository';
import { AppError } from '../errors/app-error';
import { destinationsOf, hasDestination } from '../delivery/plan-deliveries';
import { deliverDue } from '../jobs/deliver-due';
import { confirmActorCard } from './confirm-actor-card';
import { refreshAlertCards } from './refresh-alert-cards';
import { storedEventFacts } from './stored-event-facts';
import type { Clicker } from './triage-alert';

/**
 * The answer to "Did you make this change?". Only the person the card was sent to counts. Yes: every
 * card of the alert shows "Confirmed by the actor". No: the alert is escalated at once as critical to
 * every destination of every admin with alerts on, whatever their minimum severity (outbox rows of kind
 * 'compromise', one per destination).
 */
export async function answerActorCheck(context: CardActionContext, ref: AlertRef, clicker: Clicker, answer: ActorAnswer): Promise<void> {
  const { deps } = context;
  const actorId = context.submit.data.actorId;
  if (!actorId || actorId !== clicker.id || clicker.accountId !== ref.accountId) {
    throw new AppError('bad_request', 'Only the person who made this change can answer this question. Nothing changed.');
  }
  const event = await deps.db.auditEvents.find(ref.accountId, ref.source, ref.recordId);
  if (!event) throw new AppError('bad_request', 'That alert is no longer stored, so there is nothing to confirm.');
  const result = await deps.db.triage.answer(ref, answer, clicker.id, deps.now());
  if (!result.ok) throw new AppError('bad_request', `You already answered (${result.triage.actorAnswer === 'yes' ? 'yes, it was you' : 'no, it was not you'}). Nothing changed.`);
  const facts = storedEventFacts(ref.source, event);
  const adminId = context.submit.data.adminId ?? '';
  const settings = await deps.db.settings.find(ref.accountId, adminId);
  await context.updateCard(confirmActorCard(facts, settings?.timezone ?? 'UTC', { accountId: ref.accountId, source: ref.source, adminId, actorId }, answer)).catch((error: unknown) =>
    context.log.warn({ err: error instanceof Error ? error.message : String(error) }, 'confirmation card could not be updated'),
  );
  await refreshAlertCards(deps, ref, result.triage);
  context.log.info({ recordId: ref.recordId, answer }, 'actor answered');
  if (answer === 'yes') return;

  const optedOut = new Set((await deps.db.optOuts.list(ref.accountId)).map((o) => o.phoneNumber));
  const admins = new Set((await deps.db.admins.listByAccount(ref.accountId)).filter((a) => a.status === 'active').map((a) => a.extensionId));
  const rows: NewDelivery[] = [];
  for (const admin of await deps.db.settings.listByAccount(ref.accountId)) {
    if (!admins.has(admin.extensionId) || admin.paused || !hasDestination(admin)) continue;
    for (const { channel, destination } of destinationsOf(admin, optedOut)) {
      rows.push({ accountId: ref.accountId, source: ref.source, recordId: ref.recordId, adminExtensionId: admin.extensionId, channel, destination, kind: 'compromise' });
    }
  }
  await deps.db.deliveries.insertMany(rows, deps.now());
  deps.tasks.run('compromise escalation', async () => {
    await deliverDue(deps);
  });
}

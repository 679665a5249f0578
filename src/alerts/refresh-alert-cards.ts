import type { BotDeps } from '../bot/bot-deps';
import type { AlertRef, Triage } from '../db/alert-triage-repository';
import { gradeAlert } from '../policy/grade-alert';
import { alertCard } from './alert-card';
import { storedEventFacts } from './stored-event-facts';

/**
 * Re-renders every card of one alert in place (`PUT /team-messaging/v1/adaptive-cards/{cardId}`,
 * RINGCENTRAL.md §5): every chat it was posted in shows the same triage state. A PUT that fails (card
 * deleted, bot removed from the chat) is logged and the others still go. Returns the ids updated.
 */
export async function refreshAlertCards(deps: Pick<BotDeps, 'db' | 'api' | 'logger' | 'config'>, ref: AlertRef, triage: Triage): Promise<string[]> {
  const event = await deps.db.auditEvents.find(ref.accountId, ref.source, ref.recordId);
  const botToken = await deps.db.installations.botToken(ref.accountId);
  if (!event || !botToken) return [];
  const facts = storedEventFacts(ref.source, event);
  const posted = (await deps.db.deliveries.listByRecord(ref.accountId, ref.source, ref.recordId)).filter(
    // A row held back by the daily post cap went out inside a digest card of several alerts: that card is not replaced.
    (d) => d.kind === 'alert' && d.channel === 'chat' && d.status === 'sent' && d.providerId && d.heldUntil === null,
  );
  const updated: string[] = [];
  for (const delivery of posted) {
    const log = deps.logger.child({ accountId: ref.accountId, recordId: ref.recordId, cardId: delivery.providerId, chatId: delivery.destination });
    try {
      const [policy, settings, admin] = await Promise.all([
        deps.db.alertPolicies.get(ref.accountId, delivery.adminExtensionId),
        deps.db.settings.find(ref.accountId, delivery.adminExtensionId),
        deps.db.admins.find(ref.accountId, delivery.adminExtensionId),
      ]);
      const card = alertCard(facts, settings?.timezone ?? admin?.timezone ?? 'UTC', {
        severity: gradeAlert(facts, policy.severityOverrides),
        triage,
        ref: { accountId: ref.accountId, source: ref.source, adminId: delivery.adminExtensionId },
        portalUrl: deps.config.adminPortalUrl,
      });
      await deps.api.updateCard(botToken, delivery.providerId!, card);
      updated.push(delivery.providerId!);
    } catch (error) {
      log.warn({ err: error instanceof Error ? error.message : String(error) }, 'alert card could not be updated; the triage change stands');
    }
  }
  return updated;
}

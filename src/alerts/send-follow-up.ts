import type { BotDeps } from '../bot/bot-deps';
import type { AuditFacts } from '../catalog/describe-audit-record';
import type { Delivery } from '../db/deliveries-repository';
import type { AdminSettings } from '../db/admin-settings-repository';
import type { AlertPolicy } from '../db/alert-policies-repository';
import { adminAccessToken } from '../admin/admin-tokens';
import { gradeAlert } from '../policy/grade-alert';
import { ACTOR_DENIED } from '../policy/confirm-actor';
import { severityWord } from '../policy/severity';
import { alertHeadline } from './alert-headline';
import { formatAlertSms } from './format-alert-sms';
import { confirmActorCard } from './confirm-actor-card';

/** What sending a follow-up needs besides the row and the facts. */
export interface FollowUpContext {
  botToken: string | undefined;
  settings: AdminSettings | undefined;
  policy: AlertPolicy;
  timeZone: string;
}

/** Raised when the follow-up cannot be sent and retrying will not help. */
export class FollowUpRefused extends Error {}

/** Raised when an escalation reminder is no longer wanted: the alert was triaged after the row was written. */
export class FollowUpCancelled extends Error {}

/** The escalation SMS: "UNACKNOWLEDGED for 15 min: " + the alert's own text, within 1,000 characters. */
export function escalationSms(facts: AuditFacts, timeZone: string, minutes: number): string {
  return formatAlertSms(facts, timeZone, { prefix: `UNACKNOWLEDGED for ${minutes} min: ` });
}

/** The compromise SMS after the actor answered no. */
export function compromiseSms(facts: AuditFacts, timeZone: string): string {
  return formatAlertSms(facts, timeZone, { prefix: `CRITICAL: ${ACTOR_DENIED}. ` });
}

async function mentions(deps: BotDeps, accountId: string): Promise<string> {
  const admins = (await deps.db.admins.listByAccount(accountId)).filter((a) => a.status === 'active');
  return admins.map((a) => `![:Person](${a.extensionId})`).join(' ');
}

/**
 * Sends an escalation reminder, a compromise escalation or the actor's confirmation card for one
 * outbox row; returns RingCentral's id of what was sent.
 */
export async function sendFollowUp(deps: BotDeps, delivery: Delivery, facts: AuditFacts, context: FollowUpContext): Promise<string> {
  const { botToken, settings, policy, timeZone } = context;
  const minutes = policy.escalateAfterMinutes ?? 15;
  if (delivery.kind === 'escalation') {
    // Acknowledging (or marking expected) before the reminder goes out cancels it, even one already queued.
    const triage = await deps.db.triage.get({ accountId: delivery.accountId, source: delivery.source, recordId: delivery.recordId });
    if (triage.state !== 'open') throw new FollowUpCancelled(`cancelled: the alert was ${triage.state} before the reminder went out`);
  }
  if (delivery.channel === 'sms') {
    if (!settings?.smsSender) throw new FollowUpRefused('the admin no longer has an SMS sender number');
    if (await deps.db.optOuts.isOptedOut(delivery.accountId, settings.smsSender, delivery.destination)) throw new FollowUpRefused('the recipient opted out (replied STOP)');
    const token = await adminAccessToken(deps, delivery.accountId, delivery.adminExtensionId);
    const text = delivery.kind === 'compromise' ? compromiseSms(facts, timeZone) : escalationSms(facts, timeZone, minutes);
    return (await deps.api.sendSms(token, { from: settings.smsSender, to: delivery.destination, text })).id;
  }
  if (!botToken) throw new FollowUpRefused('the bot is no longer installed in this account');
  if (delivery.kind === 'confirm') {
    // Why a conversation: POST /team-messaging/v1/conversations returns the direct chat with that person (RINGCENTRAL.md §5).
    const dm = await deps.api.openConversation(botToken, delivery.destination);
    const card = confirmActorCard(facts, timeZone, { accountId: delivery.accountId, source: delivery.source, adminId: delivery.adminExtensionId, actorId: delivery.destination });
    return (await deps.api.postCard(botToken, dm.id, card)).id;
  }
  const headline = alertHeadline(facts);
  const who = await mentions(deps, delivery.accountId);
  const text =
    delivery.kind === 'compromise'
      ? `🚨 **Critical: ${ACTOR_DENIED}.** ${headline}. ${who} please check the audit trail now.`
      : `⚠ **UNACKNOWLEDGED for ${minutes} min** (${severityWord(gradeAlert(facts, policy.severityOverrides))}): ${headline}. ${who} please acknowledge it on the alert card or check the audit trail.`;
  return (await deps.api.postText(botToken, delivery.destination, text.trim())).id;
}

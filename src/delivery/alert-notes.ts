import type { BotDeps } from '../bot/bot-deps';
import type { AdaptiveCard } from '../cards/render-card';
import type { AuditFacts } from '../catalog/describe-audit-record';
import type { Delivery } from '../db/deliveries-repository';
import { formatAlertTime } from '../alerts/format-alert-time';
import { SMS_MAX_UTF16, SMS_OPT_OUT } from '../alerts/format-alert-sms';
import { gradeAlert } from '../policy/grade-alert';
import { severityOverridesByAdmin } from './severity-overrides';
import { exclusionDecision } from '../policy/exclusions';
import { actorOf } from './apply-noise-policy';
import { impersonationOf, riskOf } from './alert-risk';
import { riskyTargetNote } from '../policy/risky-target';
import type { NewAuditEvent } from '../db/audit-events-repository';

/**
 * Notes the policy adds to one alert at send time: a risky forwarding target ("Forwards all calls to
 * +44 909 876 0000 — premium rate: toll-fraud pattern", which also makes it critical), a RingCX change
 * made while impersonating another user, and "(actor is excluded until Dec 8, 2026 2:00 pm)" for a
 * critical alert whose actor the admin excluded (critical alerts are never suppressed).
 */
export async function alertNotes(
  deps: Pick<BotDeps, 'db' | 'now'>,
  delivery: Delivery,
  facts: AuditFacts,
  context: { event: Pick<NewAuditEvent, 'raw'> | undefined; accountCountry: string | null; timeZone: string },
): Promise<string[]> {
  const notes: string[] = [];
  const risk = riskOf(facts, context.event, context.accountCountry);
  if (risk) notes.push(`⚠ ${riskyTargetNote(risk)}`);
  if (delivery.source === 'ringcx') {
    const impersonation = impersonationOf(context.event);
    if (impersonation) notes.push(`⚠ ${impersonation}`);
  }
  // Only a critical alert of an excluded actor is sent at all, so only those can need the note.
  const exclusions = await deps.db.noise.exclusions(delivery.accountId, delivery.adminExtensionId);
  if (exclusions.length === 0) return notes;
  const severity = risk ? 'critical' : gradeAlert(facts, (await severityOverridesByAdmin(deps, delivery.accountId)).get(delivery.adminExtensionId));
  if (severity !== 'critical') return notes;
  const decision = exclusionDecision(exclusions, { source: delivery.source, actor: actorOf(facts), severity }, facts.eventTime);
  if (decision.kind !== 'send-with-note') return notes;
  const until = decision.exclusion.expiresAt;
  if (until === null) return [...notes, '(actor is excluded until removed)'];
  const t = formatAlertTime(until, context.timeZone);
  return [...notes, `(actor is excluded until ${t.date}${t.time ? ` ${t.time}` : ''})`];
}

/** The card with each note as a text block under its headline. */
export function withCardNotes(card: AdaptiveCard, notes: string[]): AdaptiveCard {
  if (notes.length === 0) return card;
  const blocks = notes.map((text) => ({ type: 'TextBlock', text, wrap: true, weight: 'Bolder', color: 'Warning', spacing: 'Small' }));
  const headline = card.body.findIndex((b) => (b as { type?: string }).type === 'TextBlock');
  const body = [...card.body];
  body.splice(headline < 0 ? 0 : headline + 1, 0, ...blocks);
  return { ...card, body };
}

/** The SMS with the notes before its opt-out sentence, still within RingCentral's 1000 units (the sentence is cut if need be). */
export function withSmsNotes(text: string, notes: string[]): string {
  if (notes.length === 0) return text;
  const note = notes.join(' ');
  const head = text.endsWith(SMS_OPT_OUT) ? text.slice(0, -SMS_OPT_OUT.length).trimEnd() : text;
  const room = SMS_MAX_UTF16 - note.length - SMS_OPT_OUT.length - 3;
  const sentence = head.length > room ? `${head.slice(0, Math.max(0, room - 1))}…` : head;
  return `${sentence} ${note} ${SMS_OPT_OUT}`;
}

import type { AdminScope } from '../admin/settings-service';
import { AppError } from '../errors/app-error';
import { EVENT_CATALOG, isEventKey } from '../catalog/event-catalog';
import { DEFAULT_SEVERITY_TEXT, RINGCX_OVERRIDE_KEY } from '../policy/grade-alert';
import { isSeverity, SEVERITIES, type Severity } from '../policy/severity';
import type { AlertPolicy, AlertPolicyChange, AlertPolicyPatch } from '../db/alert-policies-repository';

const refuse = (message: string): never => {
  throw new AppError('bad_request', message);
};

const LEVELS = SEVERITIES.join('|');

/** Reads a severity word typed by an admin, or refuses naming the four words. */
export function parseSeverity(text: string | undefined, usage: string): Severity {
  const word = (text ?? '').toLowerCase();
  if (!isSeverity(word)) refuse(`${text === undefined || text === '' ? 'Give a severity' : `"${text}" is not a severity`}: use one of ${SEVERITIES.join(', ')}. For example: ${usage}`);
  return word as Severity;
}

/** "Saved. SMS minimum severity: low → high", or `nothing` when nothing changed. */
export function policyChangedMessage(changes: AlertPolicyChange[], nothing: string): string {
  if (changes.length === 0) return nothing;
  return `Saved. ${changes.map((c) => `${c.field}: ${c.oldValue ?? '(none)'} → ${c.newValue ?? '(none)'}`).join(' · ')}`;
}

async function apply(scope: AdminScope, patch: AlertPolicyPatch): Promise<{ policy: AlertPolicy; changes: AlertPolicyChange[] }> {
  return scope.deps.db.alertPolicies.update(scope.accountId, scope.extensionId, scope.extensionId, patch, scope.deps.now());
}

/** `severity list`: every event with its severity, marked when overridden. */
export function severityListText(policy: AlertPolicy): string {
  const lines = EVENT_CATALOG.map((e) => {
    const override = policy.severityOverrides[e.key];
    return override ? `${e.key}: **${override}** (your override; default ${DEFAULT_SEVERITY_TEXT[e.key]})` : `${e.key}: ${DEFAULT_SEVERITY_TEXT[e.key]}`;
  });
  return [
    '**Severity of each event**',
    ...lines,
    policy.severityOverrides[RINGCX_OVERRIDE_KEY]
      ? `ringcx: **${policy.severityOverrides[RINGCX_OVERRIDE_KEY]}** (your override, every RingCX change; default high for users, auth configs, blocked IPs, allow-lists and any change made while impersonating; medium otherwise)`
      : 'RingCX: high for users, auth configs, blocked IPs, allow-lists and any change made while impersonating; medium otherwise (severity ringcx <level> for every RingCX change).',
    `Change one with: severity <event key> <${LEVELS}|default>`,
  ].join('\n');
}

/** `severity <event key> <level|default>`. */
export async function setEventSeverity(scope: AdminScope, args: string[]) {
  const usage = `severity mfa-company-off critical (or severity list)`;
  if (args.length !== 2) refuse(`Give an event key and a severity: severity <event key> <${LEVELS}|default>. For example: ${usage}`);
  const key = args[0]!.toLowerCase();
  if (!isEventKey(key) && key !== RINGCX_OVERRIDE_KEY) refuse(`"${args[0]}" is not an event key. Type severity list to see them all.`);
  const current = await scope.deps.db.alertPolicies.get(scope.accountId, scope.extensionId);
  const overrides = { ...current.severityOverrides };
  if (args[1]!.toLowerCase() === 'default') delete overrides[key as keyof typeof overrides];
  else overrides[key as keyof typeof overrides] = parseSeverity(args[1], usage);
  return apply(scope, { severityOverrides: overrides });
}

export async function setChannelMinimum(scope: AdminScope, channel: 'sms' | 'chats', text: string | undefined) {
  const level = parseSeverity(text, `${channel} min high`);
  return apply(scope, channel === 'sms' ? { smsMin: level } : { chatsMin: level });
}

export async function setTriageWho(scope: AdminScope, who: 'admins' | 'members') {
  return apply(scope, { triageWho: who });
}

/** At most a day: a reminder later than that is no longer about the alert. */
export const MAX_ESCALATE_MINUTES = 24 * 60;

export async function setEscalateAfter(scope: AdminScope, text: string | undefined) {
  const minutes = Number(text);
  if (text === undefined || !/^\d+$/.test(text) || minutes < 1 || minutes > MAX_ESCALATE_MINUTES) {
    refuse(`Give the minutes as a whole number from 1 to ${MAX_ESCALATE_MINUTES}: escalate after 15 (or escalate off).`);
  }
  return apply(scope, { escalateAfterMinutes: minutes });
}

export async function setEscalateOff(scope: AdminScope) {
  return apply(scope, { escalateAfterMinutes: null });
}

export async function setEscalateLevel(scope: AdminScope, text: string | undefined) {
  return apply(scope, { escalateLevel: parseSeverity(text, 'escalate level high') });
}

export async function setConfirmActors(scope: AdminScope, on: boolean) {
  return apply(scope, { confirmActors: on });
}

/** One line for `status` and the directives card: "SMS: low and above · Chats: low and above". */
export function routingSummary(policy: AlertPolicy): string {
  return `SMS: ${policy.smsMin} and above · Chats: ${policy.chatsMin} and above`;
}

/** One line for `status`: escalation, triage and confirmation. */
export function triageSummary(policy: AlertPolicy): string {
  const escalation = policy.escalateAfterMinutes === null ? 'Escalation off' : `Escalate ${policy.escalateLevel}${policy.escalateLevel === 'low' ? '' : ' and above'} after ${policy.escalateAfterMinutes} min unacknowledged`;
  return `${escalation} · Triage: ${policy.triageWho === 'admins' ? 'authorized admins only' : 'any user of the account in the chat'} · Confirm actors: ${policy.confirmActors ? 'on' : 'off'}`;
}

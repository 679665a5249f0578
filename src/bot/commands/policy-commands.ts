import type { Command, CommandContext } from '../command-registry';
import type { AdminScope } from '../../admin/settings-service';
import type { AdminAuthorization } from '../../db/admin-authorizations-repository';
import * as policy from '../../alerts/alert-policy-service';
import { SEVERITIES } from '../../policy/severity';

type AdminRun = (context: CommandContext, admin: AdminAuthorization, scope: AdminScope) => Promise<void>;
type AdminCommand = (spec: Omit<Command, 'run'>, run: AdminRun) => Command;

const LEVELS = SEVERITIES.join('|');

/** Severity, routing, triage, escalation and "was this you?" commands (README "Severity" and "Triage"). */
export function policyCommands(adminCommand: AdminCommand): Command[] {
  const saved = (nothing: string) => async (c: CommandContext, result: { changes: Parameters<typeof policy.policyChangedMessage>[0] }) =>
    c.reply.text(policy.policyChangedMessage(result.changes, nothing));
  return [
    adminCommand({ name: 'severity list', usage: 'severity list', summary: 'The severity of each event (default or your override).', help: { usage: 'severity list', summary: "Each event's severity (critical/high/medium/low)." } }, async ({ deps, reply }, admin) => {
      await reply.text(policy.severityListText(await deps.db.alertPolicies.get(admin.accountId, admin.extensionId)));
    }),
    adminCommand(
      { name: 'severity', usage: `severity <event key> <${LEVELS}|default>`, summary: 'Override the severity of one event for your alerts.', help: { usage: 'severity <key> <level>', summary: "Change one event's severity (default: undo)." } },
      async (c, _a, scope) => saved('That is already the severity of this event.')(c, await policy.setEventSeverity(scope, c.args)),
    ),
    adminCommand(
      { name: 'sms min', usage: `sms min <${LEVELS}>`, summary: 'Only alerts of this severity or higher go by SMS (default low: all).', help: { usage: 'sms min <level>', summary: 'Text only alerts of this severity or higher.' } },
      async (c, _a, scope) => saved('That is already the SMS minimum severity.')(c, await policy.setChannelMinimum(scope, 'sms', c.args[0])),
    ),
    adminCommand(
      { name: 'chats min', usage: `chats min <${LEVELS}>`, summary: 'Only alerts of this severity or higher go to your chats (default low: all).', help: { usage: 'chats min <level>', summary: 'Post only alerts of this severity or higher.' } },
      async (c, _a, scope) => saved('That is already the chats minimum severity.')(c, await policy.setChannelMinimum(scope, 'chats', c.args[0])),
    ),
    adminCommand(
      { name: 'triage admins', usage: 'triage admins', summary: 'Only admins who authorized the bot may acknowledge your alert cards.', help: { usage: 'triage admins|members', summary: 'Who may acknowledge alert cards.' } },
      async (c, _a, scope) => saved('Only authorized admins can already triage.')(c, await policy.setTriageWho(scope, 'admins')),
    ),
    adminCommand(
      { name: 'triage members', usage: 'triage members', summary: 'Any user of the account in the chat may acknowledge your alert cards (default).', help: false },
      async (c, _a, scope) => saved('Chat members can already triage.')(c, await policy.setTriageWho(scope, 'members')),
    ),
    adminCommand(
      { name: 'escalate after', usage: 'escalate after <minutes>', summary: 'Remind everyone once when an alert is not acknowledged this long (default 15).', help: { usage: 'escalate after <minutes>|level <level>|off', summary: 'Remind once if no one acknowledges an alert.' } },
      async (c, _a, scope) => saved('That is already the escalation delay.')(c, await policy.setEscalateAfter(scope, c.args[0])),
    ),
    adminCommand(
      { name: 'escalate level', usage: `escalate level <${LEVELS}>`, summary: 'Escalate alerts of this severity or higher (default critical).', help: false },
      async (c, _a, scope) => saved('That is already the escalation level.')(c, await policy.setEscalateLevel(scope, c.args[0])),
    ),
    adminCommand(
      { name: 'escalate off', usage: 'escalate off', summary: 'Never send escalation reminders.', help: false },
      async (c, _a, scope) => saved('Escalation is already off.')(c, await policy.setEscalateOff(scope)),
    ),
    adminCommand(
      { name: 'confirm actors on', usage: 'confirm actors on', summary: 'Ask the person who made a critical or high change, in a direct chat: was this you?', help: { usage: 'confirm actors on|off', summary: 'Ask who made a critical/high change: was it you?' } },
      async (c, _a, scope) => saved('Confirming with actors is already on.')(c, await policy.setConfirmActors(scope, true)),
    ),
    adminCommand(
      { name: 'confirm actors off', usage: 'confirm actors off', summary: 'Stop asking actors to confirm their changes (default).', help: false },
      async (c, _a, scope) => saved('Confirming with actors is already off.')(c, await policy.setConfirmActors(scope, false)),
    ),
  ];
}

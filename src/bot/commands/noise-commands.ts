import type { Command, CommandContext } from '../command-registry';
import type { AdminScope } from '../../admin/settings-service';
import type { AdminAuthorization } from '../../db/admin-authorizations-repository';
import * as noise from '../../admin/noise-settings-service';
import { discoverCard, unwatchAction, watchAction } from '../../admin/discover-actions';
import { historyCard, summaryCard } from '../../admin/alert-history';
import { AppError } from '../../errors/app-error';

type AdminRun = (context: CommandContext, admin: AdminAuthorization, scope: AdminScope) => Promise<void>;
/** config-commands' wrapper: only the active admin gets through; refusals are told in chat. */
type AdminCommand = (spec: Omit<Command, 'run'>, run: AdminRun) => Command;

/** Noise control and coverage: actor exclusions, bursts, SMS quiet hours, digests, any audit action (issue 10). */
export function noiseCommands(adminCommand: AdminCommand): Command[] {
  return [
    adminCommand(
      {
        name: 'ignore actor',
        usage: 'ignore actor <who> [for <duration>]',
        summary: "No alerts for this person's changes [for 7d].",
      },
      async (c, _a, scope) => c.reply.text(await noise.excludeActor(scope, 'ringex', c.args)),
    ),
    adminCommand(
      { name: 'unignore actor', usage: 'unignore actor <who>', summary: "Alert on this person's changes again." },
      async (c, _a, scope) => {
        const done = await noise.unexcludeActor(scope, 'ringex', c.args);
        if (done === undefined) {
          const listed = noise.exclusionLines(await c.deps.db.noise.exclusions(scope.accountId, scope.extensionId), c.deps.now(), 'UTC');
          throw new AppError('bad_request', `${c.args.join(' ')} is not excluded. Excluded: ${listed.filter((l) => !l.startsWith('RingCX ')).join('; ') || '(nobody)'}.`);
        }
        await c.reply.text(done);
      },
    ),
    adminCommand(
      { name: 'burst', usage: 'burst <count>', summary: 'Many changes by one person: one summary (def. 5).' },
      async (c, _a, scope) => c.reply.text(await noise.setBurstCount(scope, c.args)),
    ),
    adminCommand(
      { name: 'burst window', usage: 'burst window <minutes>', summary: 'The burst window in minutes (default 10).' },
      async (c, _a, scope) => c.reply.text(await noise.setBurstWindow(scope, c.args)),
    ),
    adminCommand(
      { name: 'sms quiet', usage: 'sms quiet <HH:MM>-<HH:MM> | off', summary: 'Hold non-critical texts at night, send as one.' },
      async (c, _a, scope) => c.reply.text(await noise.setSmsQuiet(scope, c.args)),
    ),
    adminCommand(
      { name: 'chats digest', usage: 'chats digest <off|hourly|daily>', summary: 'Alerts below High as one card per hour or day.' },
      async (c, _a, scope) => c.reply.text(await noise.setDigest(scope, 'chats', c.args)),
    ),
    adminCommand(
      { name: 'sms digest', usage: 'sms digest <off|hourly|daily>', summary: 'Alerts below High as one text per hour or day.' },
      async (c, _a, scope) => c.reply.text(await noise.setDigest(scope, 'sms', c.args)),
    ),
    adminCommand(
      { name: 'events discover', usage: 'events discover', summary: 'Every audit action of the last 30 days.' },
      async (c, _a, scope) => {
        await c.reply.card(await discoverCard(scope));
      },
    ),
    adminCommand(
      { name: 'events watch', usage: 'events watch <actionId> [<severity>]', summary: 'Alert on any audit action (medium by default).' },
      async (c, _a, scope) => c.reply.text(await watchAction(scope, c.args)),
    ),
    adminCommand({ name: 'events unwatch', usage: 'events unwatch <actionId>', summary: 'Stop alerts for that action.' }, async (c, _a, scope) =>
      c.reply.text(await unwatchAction(scope, c.args)),
    ),
    adminCommand(
      { name: 'history', usage: 'history [<n>] [by <who>] [since <date>]', summary: 'Your last alerts, newest first (at most 20).' },
      async (c, _a, scope) => {
        await c.reply.card(await historyCard(scope, c.args));
      },
    ),
    adminCommand({ name: 'summary', usage: 'summary', summary: 'The last 7 days: events, severities, actors.' }, async (c, _a, scope) => {
      await c.reply.card(await summaryCard(scope));
    }),
    adminCommand({ name: 'weekly summary on', usage: 'weekly summary on', summary: 'Post the summary every Monday 09:00.' }, async (c, _a, scope) =>
      c.reply.text(await noise.setWeeklySummary(scope, true)),
    ),
    adminCommand({ name: 'weekly summary off', usage: 'weekly summary off', summary: 'Stop the weekly summary.' }, async (c, _a, scope) =>
      c.reply.text(await noise.setWeeklySummary(scope, false)),
    ),
    adminCommand({ name: 'burst off', usage: 'burst off', summary: 'Send each change on its own.' }, async (c, _a, scope) =>
      c.reply.text(await noise.setBurstOff(scope)),
    ),
  ];
}

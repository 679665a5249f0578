import type { Command, CommandContext } from '../command-registry';
import type { AdminScope } from '../../admin/settings-service';
import type { AdminAuthorization } from '../../db/admin-authorizations-repository';
import * as ringcx from '../../ringcx/ringcx-settings-service';
import * as noise from '../../admin/noise-settings-service';

type AdminRun = (context: CommandContext, admin: AdminAuthorization, scope: AdminScope) => Promise<void>;
/** config-commands' wrapper: only the active admin gets through; refusals are told in chat. */
type AdminCommand = (spec: Omit<Command, 'run'>, run: AdminRun) => Command;

/** The RingCX part of the configuration grammar: `ringcx on|off|entities|actions|accounts|ignore|unignore`. */
export function ringcxCommands(adminCommand: AdminCommand): Command[] {
  const reply = (c: CommandContext, change: ringcx.RingcxChange) => c.reply.text(change.message);
  return [
    adminCommand(
      { name: 'ringcx on', usage: 'ringcx on', summary: 'Also alert on contact center changes.' },
      async (c, _a, scope) => reply(c, await ringcx.enableRingcx(scope)),
    ),
    adminCommand({ name: 'ringcx off', usage: 'ringcx off', summary: 'Stop RingCX alerts (choices kept).' }, async (c, _a, scope) =>
      reply(c, await ringcx.disableRingcx(scope)),
    ),
    adminCommand(
      { name: 'ringcx entities', usage: 'ringcx entities <name|all> …', summary: 'Which kinds of thing alert.' },
      async (c, _a, scope) => reply(c, await ringcx.setEntities(scope, c.args)),
    ),
    adminCommand(
      { name: 'ringcx actions', usage: 'ringcx actions <create|update|delete> …', summary: 'Which actions alert.' },
      async (c, _a, scope) => reply(c, await ringcx.setActions(scope, c.args)),
    ),
    adminCommand(
      { name: 'ringcx accounts', usage: 'ringcx accounts <id|all> …', summary: 'Which sub-accounts (default: all).' },
      async (c, _a, scope) => reply(c, await ringcx.setSubAccounts(scope, c.args)),
    ),
    adminCommand(
      { name: 'ringcx ignore', usage: 'ringcx ignore <userName> [for <duration>]', summary: "No alerts for this user's changes [for 7d]." },
      // With `for`, an expiring actor exclusion (src/policy/exclusions.ts); without, the RingCX filter as before.
      async (c, _a, scope) =>
        c.args.some((a) => a.toLowerCase() === 'for') ? c.reply.text(await noise.excludeActor(scope, 'ringcx', c.args)) : reply(c, await ringcx.ignoreUser(scope, c.args.join(' '))),
    ),
    adminCommand(
      { name: 'ringcx unignore', usage: 'ringcx unignore <userName>', summary: "Alert on this user's RingCX changes again." },
      async (c, _a, scope) => {
        const expiring = await noise.unexcludeActor(scope, 'ringcx', c.args);
        if (expiring !== undefined) return c.reply.text(expiring);
        return reply(c, await ringcx.unignoreUser(scope, c.args.join(' ')));
      },
    ),
  ];
}

import type { Command, CommandContext } from '../command-registry';
import { requireAdmin } from '../admin-guard';
import type { AdminScope } from '../../admin/settings-service';
import type { AdminAuthorization } from '../../db/admin-authorizations-repository';
import * as settings from '../../admin/settings-service';
import { directivesCard, eventsCard, eventsListText, menuCard, statusCard } from '../../admin/admin-views';
import { startLogin, LOGIN_STATE_TTL_MS } from '../../admin/admin-login';
import { renderCard } from '../../cards/render-card';
import { AppError } from '../../errors/app-error';
import { NeedsReauthorization } from '../../admin/admin-tokens';
import { parsePhone } from '../../admin/phone-number';
import { sendTestAlert } from '../../delivery/send-test-alert';
import { ringcxCommands } from './ringcx-commands';
import { noiseCommands } from './noise-commands';
import { policyCommands } from './policy-commands';

type AdminRun = (context: CommandContext, admin: AdminAuthorization, scope: AdminScope) => Promise<void>;

/** Wraps a configuration command: only the active admin gets through; refusals are told in chat. */
function adminCommand(spec: Omit<Command, 'run'>, run: AdminRun): Command {
  return {
    ...spec,
    async run(context) {
      const check = await requireAdmin(context.deps, context.installation, context.userId);
      if (!check.ok) {
        await context.reply.text(check.message);
        return;
      }
      try {
        await run(context, check.admin, check.scope);
      } catch (error) {
        if (error instanceof AppError && error.code === 'bad_request') {
          await context.reply.text(error.message);
          return;
        }
        if (error instanceof NeedsReauthorization) {
          await context.reply.text('Your authorization of Audit Trail Bot has expired or was revoked. Type login to authorize again.');
          return;
        }
        throw error;
      }
    },
  };
}

const changed = async (context: CommandContext, result: { changes: Parameters<typeof settings.changedMessage>[0]; notice?: string }, nothing?: string) => {
  // SMS alerts switched on or off (or a new sender): the SMS reply listener connects or disconnects this admin
  const listener = context.deps.smsListener;
  if (listener && result.changes.some((c) => c.field === 'smsEnabled' || c.field === 'smsSender')) {
    context.deps.tasks.run('sms listener refresh', () => listener.refresh());
  }
  const message = settings.changedMessage(result.changes, nothing, await settings.chatNamesOf(context.deps, context.installation.accountId));
  await context.reply.text(result.notice ? `${message}\n${result.notice}` : message);
};

/** Commands of the configuration grammar (a contract: see the README). */
export function configCommands(): Command[] {
  return [
    {
      name: 'login',
      aliases: ['authorize'],
      usage: 'login',
      summary: 'Let me read your audit trail.',
      async run({ deps, installation, botToken, userId, chatId, reply }) {
        const dm = await deps.api.openConversation(botToken, userId);
        const url = await startLogin(deps, { accountId: installation.accountId, extensionId: userId, chatId: dm.id });
        const person = await deps.api.getPerson(botToken, userId).catch(() => undefined);
        const name = [person?.firstName, person?.lastName].filter(Boolean).join(' ');
        const card = renderCard('login', { adminName: name, authorizeUrl: url, expiresMinutes: LOGIN_STATE_TTL_MS / 60_000, reason: '' });
        await deps.api.postCard(botToken, dm.id, card);
        // The link is personal: in a team it goes to the asker's direct chat instead.
        if (dm.id !== chatId) await reply.text('I sent you a direct message with your personal login link.');
      },
    },
    adminCommand(
      { name: 'logout', usage: 'logout', summary: 'Revoke my access, delete your settings.' },
      async ({ reply }, admin) => {
        await reply.card(renderCard('logout-confirm', { adminId: admin.extensionId, adminName: admin.name ?? 'Admin' }));
      },
    ),
    adminCommand({ name: 'menu', usage: 'menu', summary: 'Your alerts at a glance.' }, async ({ deps, reply }, admin) => {
      await reply.card(await menuCard(deps, admin));
    }),
    adminCommand(
      { name: 'settings', usage: 'settings', summary: 'Choose texts and team chats (card).' },
      async ({ deps, reply }, admin, scope) => {
        await reply.card(await directivesCard(scope, await deps.db.settings.get(admin.accountId, admin.extensionId)));
      },
    ),
    adminCommand({ name: 'events', usage: 'events', summary: 'Choose which changes alert (card).' }, async ({ deps, reply }, admin) => {
      await reply.card(eventsCard(await deps.db.settings.get(admin.accountId, admin.extensionId), undefined, await deps.db.ringcx.settings(admin.accountId, admin.extensionId), await deps.db.alertPolicies.get(admin.accountId, admin.extensionId)));
    }),
    adminCommand(
      { name: 'status', usage: 'status', summary: 'Is it working? Deliveries, last changes.' },
      async ({ deps, reply }, admin) => {
        await reply.card(await statusCard(deps, admin));
      },
    ),
    adminCommand({ name: 'sms on', usage: 'sms on', summary: 'Start text alerts.' }, async (c, _a, scope) => {
      await changed(c, await settings.setSmsEnabled(scope, true), 'SMS alerts are already on.');
    }),
    adminCommand({ name: 'sms off', usage: 'sms off', summary: 'Stop text alerts (numbers kept).' }, async (c, _a, scope) => {
      await changed(c, await settings.setSmsEnabled(scope, false), 'SMS alerts are already off.');
    }),
    adminCommand(
      { name: 'sms from', usage: 'sms from <number>', summary: 'Which of your numbers sends them.' },
      async (c, _a, scope) => {
        if (c.args.length === 0) throw new AppError('bad_request', 'Give one number: sms from +16505550100');
        await changed(c, await settings.setSmsSender(scope, c.args.join(' ')));
      },
    ),
    adminCommand(
      { name: 'sms to', usage: 'sms to <number> [<number> …]', summary: `Who gets texts (at most ${settings.MAX_RECIPIENTS}).` },
      async (c, _a, scope) => {
        await changed(c, await settings.setSmsRecipients(scope, splitNumbers(c.args, scope.country)));
      },
    ),
    adminCommand({ name: 'sms add', usage: 'sms add <number>', summary: 'Add one recipient.' }, async (c, _a, scope) => {
      if (c.args.length === 0) throw new AppError('bad_request', 'Give the number to add: sms add +16505550100');
      await changed(c, await settings.addSmsRecipient(scope, c.args.join(' ')));
    }),
    adminCommand({ name: 'sms remove', usage: 'sms remove <number>', summary: 'Remove one recipient.' }, async (c, _a, scope) => {
      if (c.args.length === 0) throw new AppError('bad_request', 'Give the number to remove: sms remove +16505550100');
      await changed(c, await settings.removeSmsRecipient(scope, c.args.join(' ')));
    }),
    adminCommand({ name: 'chats on', usage: 'chats on', summary: 'Start alert cards in your chats.' }, async (c, _a, scope) => {
      await changed(c, await settings.setChatsEnabled(scope, true), 'Team chat alerts are already on.');
    }),
    adminCommand({ name: 'chats off', usage: 'chats off', summary: 'Stop alert cards (chats kept).' }, async (c, _a, scope) => {
      await changed(c, await settings.setChatsEnabled(scope, false), 'Team chat alerts are already off.');
    }),
    adminCommand(
      { name: 'notify here', usage: 'notify here', summary: 'In a team: post your alerts here.' },
      async (c, _a, scope) => {
        const type = await chatType(c);
        await changed(c, await settings.addHereChat(scope, { id: c.chatId, type }), 'This chat already receives your alerts.');
      },
    ),
    adminCommand(
      { name: 'stop here', usage: 'stop here', summary: 'In a team: stop your alerts here.' },
      async (c, _a, scope) => {
        await changed(c, await settings.removeHereChat(scope, c.chatId));
      },
    ),
    adminCommand({ name: 'events list', usage: 'events list', summary: 'Every event key, and which are on.' }, async ({ deps, reply }, admin) => {
      await reply.text(eventsListText(await deps.db.settings.get(admin.accountId, admin.extensionId)));
    }),
    adminCommand(
      { name: 'events on', usage: 'events on <key|all> …', summary: 'Turn events on.' },
      async (c, _a, scope) => {
        await changed(c, await settings.switchEvents(scope, settings.parseEventKeys(c.args), true), 'Those events are already on.');
      },
    ),
    adminCommand(
      { name: 'events off', usage: 'events off <key|all> …', summary: 'Turn events off.' },
      async (c, _a, scope) => {
        await changed(c, await settings.switchEvents(scope, settings.parseEventKeys(c.args), false), 'Those events are already off.');
      },
    ),
    adminCommand(
      { name: 'test', usage: 'test', summary: 'Send a marked test alert now.' },
      async ({ deps, reply, chatId }, admin, scope) => {
        const results = await sendTestAlert(deps, scope, admin.name ?? 'Admin');
        if (results.length === 0) {
          await reply.text('You have no destinations yet. Add SMS recipients (sms to <number>) or a chat (notify here), then type test.');
          return;
        }
        const names = new Map((await deps.db.botChats.list(admin.accountId)).map((c) => [c.chatId, c.name ?? c.chatId]));
        const lines = results.map((r) => `${r.ok ? '✓' : '✗'} ${r.channel === 'sms' ? `SMS ${r.destination}` : `Chat ${r.destination === chatId ? 'this chat' : (names.get(r.destination) ?? r.destination)}`}: ${r.detail}`);
        await reply.text(`Test alert results:\n${lines.join('\n')}`);
      },
    ),
    adminCommand(
      { name: 'timezone', usage: 'timezone <IANA name|default>', summary: "Time zone of your alerts." },
      async (c, admin, scope) => {
        if (c.args.length !== 1) {
          const current = (await c.deps.db.settings.get(admin.accountId, admin.extensionId)).timezone;
          throw new AppError('bad_request', `Your alerts use ${current ?? `the account's time zone (${admin.timezone ?? 'UTC'})`}. Change it with: timezone America/New_York (or timezone default).`);
        }
        await changed(c, await settings.setTimezone(scope, c.args[0]!), 'That is already your time zone.');
      },
    ),
    adminCommand({ name: 'pause', usage: 'pause', summary: 'Hold all your alerts (settings kept).' }, async (c, _a, scope) => {
      await changed(c, await settings.setPaused(scope, true), 'Your notifications are already paused.');
    }),
    adminCommand({ name: 'resume', usage: 'resume', summary: 'Send your alerts again.' }, async (c, _a, scope) => {
      await changed(c, await settings.setPaused(scope, false), 'Your notifications are already running.');
    }),
    ...ringcxCommands(adminCommand),
    ...noiseCommands(adminCommand),
    ...policyCommands(adminCommand),
  ];
}

/**
 * "sms to +1 650 555 0100 (650) 555-0101" → two numbers. Commas or semicolons separate when present;
 * otherwise each number is the shortest run of words that reads as a valid phone number.
 */
export function splitNumbers(args: string[], region: string | null = null): string[] {
  const joined = args.join(' ');
  if (/[,;]/.test(joined)) return joined.split(/[,;]/).map((s) => s.trim()).filter(Boolean);
  const numbers: string[] = [];
  let start = 0;
  while (start < args.length) {
    let end = start;
    while (end < args.length && !parsePhone(args.slice(start, end + 1).join(' '), region).ok) end += 1;
    if (end === args.length) {
      numbers.push(args.slice(start).join(' '));
      break;
    }
    numbers.push(args.slice(start, end + 1).join(' '));
    start = end + 1;
  }
  return numbers;
}

async function chatType(context: CommandContext): Promise<string | undefined> {
  try {
    return (await context.deps.api.getChat(context.botToken, context.chatId)).type;
  } catch {
    return undefined;
  }
}

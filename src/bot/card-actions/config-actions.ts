import type { CardActionContext, CardActionRegistry } from '../card-action-registry';
import { requireAdmin } from '../admin-guard';
import type { AdminScope } from '../../admin/settings-service';
import * as settings from '../../admin/settings-service';
import { directivesCard, eventsCard, menuCard, refusedResult, savedResult, statusCard } from '../../admin/admin-views';
import type { SaveResult } from '../../cards/render-card';
import { NeedsReauthorization } from '../../admin/admin-tokens';
import type { AdminAuthorization } from '../../db/admin-authorizations-repository';
import { AppError } from '../../errors/app-error';
import { EVENT_KEYS, type EventKey } from '../../catalog/event-catalog';
import { renderCard } from '../../cards/render-card';
import { saveRingcxCard } from '../../ringcx/ringcx-settings-service';

type AdminAction = (context: CardActionContext, admin: AdminAuthorization, scope: AdminScope) => Promise<void>;

/**
 * Only the admin a card was made for may use it: the clicking user must be that admin, in this
 * installation's account, and still authorized. Crafted submits carrying someone else's ids fail here.
 */
function adminAction(run: AdminAction) {
  return async (context: CardActionContext): Promise<void> => {
    const { submit, installation, reply } = context;
    const owner = submit.data.adminId;
    if (!owner || owner !== submit.clickerId || submit.user.accountId !== installation.accountId) {
      const ownerName = owner ? (await context.deps.db.admins.find(installation.accountId, owner))?.name : undefined;
      await reply.text(
        `These are ${ownerName ? `${ownerName}'s` : "another admin's"} settings, so only they can change them. Nothing was changed. To configure your own alerts, type login.`,
      );
      context.log.warn({ owner, clicker: submit.clickerId, clickerAccount: submit.user.accountId }, 'card click by someone other than its admin refused');
      return;
    }
    const check = await requireAdmin(context.deps, installation, submit.clickerId);
    if (!check.ok) {
      await reply.text(check.message);
      return;
    }
    try {
      await run(context, check.admin, check.scope);
    } catch (error) {
      if (error instanceof AppError && error.code === 'bad_request') {
        await reply.text(error.message);
        return;
      }
      if (error instanceof NeedsReauthorization) {
        await reply.text('Your authorization of Audit Trail Bot has expired or was revoked. Type login to authorize again.');
        return;
      }
      throw error;
    }
  };
}

const versionOf = (context: CardActionContext): number => {
  const version = Number(context.submit.data.version);
  if (!Number.isInteger(version)) throw new AppError('bad_request', 'This card is out of date. Type settings or events for a fresh one.');
  return version;
};

const isOn = (value: string | undefined) => value === 'true';

/** Shown in a card whose settings changed after it was posted: nothing was saved, this is the current card. */
const STALE_CARD = 'These settings had changed since this card was shown, so nothing was saved. This is the current version: make your change again.';
const isStale = (error: AppError) => error.message.includes('changed since this card');

/** The STOP-reply listener follows SMS settings; a failure to refresh it now is caught up by its schedule. */
async function listenForReplies(context: Pick<CardActionContext, 'deps' | 'log'>): Promise<void> {
  await context.deps.smsListener?.refresh().catch((error: unknown) => context.log.warn({ err: error }, 'SMS reply listener refresh failed'));
}

/** Registers the configuration card verbs. */
export function registerConfigActions(actions: CardActionRegistry): void {
  actions.register(
    'openMenu',
    adminAction(async ({ deps, updateCard }, admin) => updateCard(await menuCard(deps, admin))),
  );
  actions.register(
    'openDirectives',
    adminAction(async ({ deps, updateCard }, admin, scope) =>
      updateCard(await directivesCard(scope, await deps.db.settings.get(admin.accountId, admin.extensionId))),
    ),
  );
  actions.register(
    'openEvents',
    adminAction(async ({ deps, updateCard }, admin) =>
      updateCard(eventsCard(await deps.db.settings.get(admin.accountId, admin.extensionId), undefined, await deps.db.ringcx.settings(admin.accountId, admin.extensionId), await deps.db.alertPolicies.get(admin.accountId, admin.extensionId))),
    ),
  );
  actions.register(
    'showStatus',
    adminAction(async ({ deps, updateCard }, admin) => updateCard(await statusCard(deps, admin))),
  );

  actions.register(
    'saveDirectives',
    adminAction(async (context, admin, scope) => {
      const d = context.submit.data;
      const version = versionOf(context);
      const form = {
        smsEnabled: isOn(d.smsEnabled),
        smsSender: d.smsSender ?? '',
        recipients: [d.recipient1, d.recipient2, d.recipient3, d.recipient4, d.recipient5].map((r) => r ?? ''),
        chatsEnabled: isOn(d.chatsEnabled),
        chatIds: (d.chatIds ?? '').split(',').filter(Boolean),
      };
      try {
        const result = await settings.saveDirectives(scope, form, version);
        const chatNames = await settings.chatNamesOf(context.deps, admin.accountId);
        const lines = result.changes.map((c) => settings.describeChange(c, chatNames, scope.country));
        await context.updateCard(await directivesCard(scope, result.settings, savedResult(lines)));
        if (result.changes.some((c) => c.field === 'smsEnabled' || c.field === 'smsSender')) await listenForReplies(context);
        await context.reply.text(settings.changedMessage(result.changes, undefined, chatNames, scope.country));
      } catch (error) {
        if (error instanceof AppError && error.code === 'bad_request') {
          // The refusal is shown inside the card that was saved: the current settings when they had
          // changed meanwhile, else the form as the admin filled it in, to correct and save again.
          const current = await context.deps.db.settings.get(admin.accountId, admin.extensionId);
          await context.updateCard(
            isStale(error)
              ? await directivesCard(scope, current, refusedResult(STALE_CARD))
              : await directivesCard(scope, current, refusedResult(error.message), form),
          );
        }
        throw error;
      }
    }),
  );

  const eventsCardOf = async (context: CardActionContext, admin: AdminAuthorization, result: SaveResult) =>
    eventsCard(
      await context.deps.db.settings.get(admin.accountId, admin.extensionId),
      result,
      await context.deps.db.ringcx.settings(admin.accountId, admin.extensionId),
      await context.deps.db.alertPolicies.get(admin.accountId, admin.extensionId),
    );
  const ringcxForm = (d: Record<string, string | undefined>) => {
    const list = (value: string | undefined) => (value ?? '').split(',').map((v) => v.trim()).filter(Boolean);
    return { enabled: isOn(d.rcx_enabled), subAccounts: list(d.rcx_subAccounts), entities: list(d.rcx_entities), actions: list(d.rcx_actions), ignoredUsers: d.rcx_ignored ?? '' };
  };
  /** "Saved. RingCX: On · …" → "RingCX: On · …": the result box already says Saved. */
  const ringcxLine = (message: string) => message.replace(/^Saved\. /, '');

  /**
   * The events card's one Save (and All on / All off): the events, and the RingCX section when the
   * card shows it. Everything is checked before anything is stored; the result shows in the card.
   */
  const saveEvents = (pick: (data: Record<string, string>) => EventKey[], withRingcx: boolean) =>
    adminAction(async (context, admin, scope) => {
      const version = versionOf(context);
      const d = context.submit.data;
      try {
        const current = await context.deps.db.settings.get(admin.accountId, admin.extensionId);
        if (current.version !== version) throw new AppError('bad_request', STALE_CARD);
        let ringcxMessage: string | undefined;
        if (withRingcx && d.rcx_enabled !== undefined) {
          const ringcxVersion = Number(d.ringcxVersion);
          if (!Number.isInteger(ringcxVersion)) throw new AppError('bad_request', 'This card is out of date. Type events for a fresh one.');
          ringcxMessage = (await saveRingcxCard(scope, ringcxForm(d), ringcxVersion)).message;
        }
        const result = await settings.saveEvents(scope, pick(d), version);
        const chatNames = await settings.chatNamesOf(context.deps, admin.accountId);
        const lines = [
          ...result.changes.map((c) => settings.describeChange(c, chatNames, scope.country)),
          ...(ringcxMessage ? [ringcxLine(ringcxMessage)] : []),
        ];
        await context.updateCard(await eventsCardOf(context, admin, savedResult(lines)));
        const eventsReply = settings.changedMessage(result.changes, 'Events unchanged.', chatNames, scope.country);
        await context.reply.text(ringcxMessage ? `${eventsReply} ${ringcxMessage}` : eventsReply);
      } catch (error) {
        if (error instanceof AppError && error.code === 'bad_request') {
          await context.updateCard(await eventsCardOf(context, admin, refusedResult(isStale(error) ? STALE_CARD : error.message)));
        }
        throw error;
      }
    });
  actions.register('saveEvents', saveEvents((data) => EVENT_KEYS.filter((key) => isOn(data[`evt_${key}`])), true));
  actions.register('eventsAllOn', saveEvents(() => [...EVENT_KEYS], false));
  actions.register('eventsAllOff', saveEvents(() => [], false));

  // Events cards posted before the RingCX section joined the card's one Save still carry this verb.
  actions.register(
    'saveRingcx',
    adminAction(async (context, admin, scope) => {
      try {
        const result = await saveRingcxCard(scope, ringcxForm(context.submit.data), versionOf(context));
        await context.updateCard(await eventsCardOf(context, admin, savedResult([ringcxLine(result.message)])));
        await context.reply.text(result.message);
      } catch (error) {
        if (error instanceof AppError && error.code === 'bad_request') {
          await context.updateCard(await eventsCardOf(context, admin, refusedResult(isStale(error) ? STALE_CARD : error.message)));
        }
        throw error;
      }
    }),
  );

  actions.register(
    'logout',
    adminAction(async ({ updateCard }, admin) => {
      await updateCard(renderCard('logout-confirm', { adminId: admin.extensionId, adminName: admin.name ?? 'Admin' }));
    }),
  );
  actions.register(
    'logoutConfirm',
    adminAction(async ({ deps, reply, log }, admin) => {
      const tokens = await deps.db.admins.tokens(admin.accountId, admin.extensionId);
      if (tokens) {
        // Revoke at RingCentral first; our copy goes either way.
        await deps.api.revokeAdminToken(tokens.refreshToken).catch((error: unknown) => log.warn({ err: error instanceof Error ? error.message : error }, 'token revoke failed'));
      }
      await deps.db.settings.delete(admin.accountId, admin.extensionId);
      await deps.db.alertPolicies.delete(admin.accountId, admin.extensionId);
      await deps.db.admins.delete(admin.accountId, admin.extensionId);
      await reply.text('You are logged out: your authorization was revoked and your settings deleted. Type login to start again.');
      await listenForReplies({ deps, log });
    }),
  );
}

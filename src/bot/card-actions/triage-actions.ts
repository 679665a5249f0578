import type { CardActionContext, CardActionRegistry } from '../card-action-registry';
import type { AlertRef } from '../../db/alert-triage-repository';
import { AppError } from '../../errors/app-error';
import { triageAlert, checkMayTriage, type Clicker } from '../../alerts/triage-alert';
import { refreshAlertCards } from '../../alerts/refresh-alert-cards';
import { TRIAGE_ACTIONS, type TriageVerb } from '../../alerts/triage-verbs';
import { answerActorCheck } from '../../alerts/answer-actor-check';
import { deliverDue } from '../../jobs/deliver-due';

/** The alert a triage button names, or a refusal: it must be this installation's account. */
function alertRefOf(context: CardActionContext): AlertRef {
  const d = context.submit.data;
  const source = d.alertSource;
  if (!d.alertRecord || (source !== 'ringex' && source !== 'ringcx')) throw new AppError('bad_request', 'This button does not name an alert I know. Nothing changed.');
  if (d.alertAccount !== context.installation.accountId) throw new AppError('bad_request', 'That alert belongs to another account, so I cannot change it here. Nothing changed.');
  return { accountId: context.installation.accountId, source, recordId: d.alertRecord };
}

function clickerOf(context: CardActionContext): Clicker {
  const { user } = context.submit;
  const name = [user.firstName, user.lastName].filter((p) => p !== undefined && p.trim() !== '').join(' ').trim();
  return { id: context.submit.clickerId, accountId: user.accountId, name: name === '' ? `User ${context.submit.clickerId}` : name };
}

async function timeZoneOf(context: CardActionContext, adminId: string | undefined): Promise<string> {
  const { accountId } = context.installation;
  const settings = adminId ? await context.deps.db.settings.find(accountId, adminId) : undefined;
  const admin = adminId ? await context.deps.db.admins.find(accountId, adminId) : undefined;
  return settings?.timezone ?? admin?.timezone ?? 'UTC';
}

/**
 * Whose policy (`triage admins|members`) governs the clicked card: the admin whose outbox row posted
 * it, else the admin the card names.
 */
async function governingAdmin(context: CardActionContext, ref: AlertRef): Promise<string | undefined> {
  const cardId = context.submit.card?.id;
  const posted = cardId ? (await context.deps.db.deliveries.listByRecord(ref.accountId, ref.source, ref.recordId)).find((d) => d.providerId === cardId) : undefined;
  return posted?.adminExtensionId ?? context.submit.data.adminId;
}

/** Runs a triage handler; a refusal is told in the chat (the HTTP answer was already 200) and nothing changes. */
function refusalsInChat(run: (context: CardActionContext) => Promise<void>) {
  return async (context: CardActionContext): Promise<void> => {
    try {
      await run(context);
    } catch (error) {
      if (error instanceof AppError && error.code === 'bad_request') {
        context.log.info({ reason: error.message, clicker: context.submit.clickerId, clickerAccount: context.submit.user.accountId }, 'alert card click refused');
        await context.reply.text(error.message);
        return;
      }
      throw error;
    }
  };
}

/** Registers Acknowledge / Expected change / Resolve / Reopen on alert cards, and the "was this you?" answers. */
export function registerTriageActions(actions: CardActionRegistry): void {
  for (const verb of Object.keys(TRIAGE_ACTIONS) as TriageVerb[]) {
    actions.register(
      TRIAGE_ACTIONS[verb],
      refusalsInChat(async (context) => {
        const ref = alertRefOf(context);
        const clicker = clickerOf(context);
        const adminId = await governingAdmin(context, ref);
        await checkMayTriage(context.deps, ref, clicker, adminId);
        const version = Number(context.submit.data.triageVersion);
        if (!Number.isInteger(version)) throw new AppError('bad_request', 'This card is out of date. Nothing changed.');
        const note = context.submit.data.triageNote?.replace(/\s+/g, ' ').trim().slice(0, 200) || null;
        const triage = await triageAlert(context.deps, ref, verb, version, clicker, note, await timeZoneOf(context, adminId));
        context.log.info({ recordId: ref.recordId, state: triage.state, version: triage.version }, 'alert triaged');
        const updated = await refreshAlertCards(context.deps, ref, triage);
        // A card posted outside the outbox (or whose row was purged) is updated too, as the one clicked.
        const clicked = context.submit.card?.id;
        if (clicked && !updated.includes(clicked)) context.log.info({ cardId: clicked }, 'clicked card is not an outbox card; not updated');
      }),
    );
  }
  for (const [verb, answer] of [['actorConfirmed', 'yes'], ['actorDenied', 'no']] as const) {
    actions.register(
      verb,
      refusalsInChat(async (context) => {
        const ref = alertRefOf(context);
        const question = { ref, actorId: context.submit.data.actorId, adminId: context.submit.data.adminId };
        const { escalated } = await answerActorCheck(context.deps, question, clickerOf(context), answer, context);
        if (escalated > 0) context.deps.tasks.run('compromise escalation', async () => void (await deliverDue(context.deps)));
      }),
    );
  }
}

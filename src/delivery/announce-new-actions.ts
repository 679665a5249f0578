import type { BotDeps } from '../bot/bot-deps';
import { EVENT_CATALOG } from '../catalog/event-catalog';
import { actionIdInWords } from '../alerts/generic-alert';
import { notifyAdminOnce } from './notify-admin';

const CATALOG_ACTIONS = new Set(EVENT_CATALOG.map((e) => e.actionId.toUpperCase()));

/** Of the actionIds an account's audit trail showed for the first time, those the event catalog does not cover. */
export function uncataloguedActions(actionIds: string[]): string[] {
  return [...new Set(actionIds)].filter((a) => !CATALOG_ACTIONS.has(a.toUpperCase())).sort();
}

/**
 * Tells every active admin of the account, once per action, that its audit trail shows an action the
 * bot has not seen there before and does not alert on, and how to be alerted — so the bot never goes
 * silently blind when RingCentral adds actions. RingCX: a new entity type in /auditable.
 */
export async function announceNewActions(deps: BotDeps, accountId: string, source: 'ringex' | 'ringcx', names: string[]): Promise<void> {
  if (names.length === 0) return;
  const admins = (await deps.db.admins.listByAccount(accountId)).filter((a) => a.status === 'active');
  const text =
    source === 'ringex'
      ? `New audit action${names.length === 1 ? '' : 's'} seen: ${names.map((a) => `${a} (${actionIdInWords(a)})`).join(', ')}; type ${names.map((a) => `events watch ${a}`).join(' or ')} to be alerted. Type events discover for every action of the last 30 days.`
      : `New RingCX entity type${names.length === 1 ? '' : 's'} seen in the audit log: ${names.join(', ')}; type ringcx entities all (or add ${names.length === 1 ? 'it' : 'them'} to ringcx entities) to be alerted.`;
  for (const admin of admins) {
    await notifyAdminOnce(deps, accountId, admin.extensionId, `new-action:${source}:${names.join(',').slice(0, 90)}`, text);
  }
}

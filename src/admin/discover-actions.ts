import { Op } from 'sequelize';
import type { AdminScope } from './settings-service';
import { renderCard, type AdaptiveCard } from '../cards/render-card';
import { EVENT_CATALOG } from '../catalog/event-catalog';
import { actionIdInWords } from '../alerts/generic-alert';
import { AppError } from '../errors/app-error';
import { isSeverity, severityWord, type Severity } from '../policy/severity';

/** How far back `events discover` looks. */
export const DISCOVER_DAYS = 30;
/** Rows on the card; the rest are counted. */
const DISCOVER_LISTED = 40;

const refuse = (message: string): never => {
  throw new AppError('bad_request', message);
};

const ACTION_FORMS = 'an actionId as the audit trail writes it: capitals, digits and underscores, optionally :Scope (e.g. CHANGE_CALLER_ID or DELETE_EXTENSION:User); events discover lists them';
export const WATCH_FIELD = 'Watched actions';

const sameAction = (a: string, b: string) => a.trim().toUpperCase() === b.trim().toUpperCase();
const thousands = (n: number) => n.toLocaleString('en-US');

/** Every actionId in the account's RingEX archive since `since`, with its record count, most first. */
async function actionCounts(scope: AdminScope, since: Date): Promise<{ actionId: string; count: number }[]> {
  const rows = (await scope.deps.db.models.AuditEvent.findAll({
    attributes: ['actionId', [scope.deps.db.sequelize.fn('COUNT', '*'), 'n']],
    where: { accountId: scope.accountId, source: 'ringex', eventTime: { [Op.gte]: since } },
    group: ['action_id'],
    raw: true,
  })) as unknown as { actionId: string; n: number | string }[];
  return rows.map((r) => ({ actionId: r.actionId, count: Number(r.n) })).sort((a, b) => b.count - a.count || a.actionId.localeCompare(b.actionId));
}

/** `events discover`: a card of every actionId seen in the last 30 days, with counts, whether it is watched, and its severity. */
export async function discoverCard(scope: AdminScope): Promise<AdaptiveCard> {
  const since = new Date(scope.deps.now().getTime() - DISCOVER_DAYS * 86_400_000);
  const counts = await actionCounts(scope, since);
  const settings = await scope.deps.db.settings.get(scope.accountId, scope.extensionId);
  const watched = (await scope.deps.db.noise.watchedActionsByAdmin(scope.accountId)).get(scope.extensionId) ?? new Map<string, Severity>();
  const total = counts.reduce((sum, c) => sum + c.count, 0);
  const actions = counts.map(({ actionId, count }) => {
    const events = EVENT_CATALOG.filter((e) => sameAction(e.actionId, actionId));
    const chosen = events.filter((e) => settings.eventKeys.includes(e.key));
    const own = [...watched].find(([a]) => sameAction(a, actionId));
    const words = events.length === 1 ? events[0]!.label : events.length > 1 ? 'User account information changed' : actionIdInWords(actionId);
    const state =
      events.length > 0
        ? `${chosen.length > 0 ? 'watched' : 'not watched'}${events.length > 1 ? ` (${chosen.length} of ${events.length} events)` : ''} · severity by event`
        : own
          ? `watched · ${severityWord(own[1])}`
          : 'not watched';
    return { actionId, summary: `${thousands(count)} record${count === 1 ? '' : 's'} · ${words} · ${state}` };
  });
  const listed = actions.slice(0, DISCOVER_LISTED);
  return renderCard('discover', {
    headline:
      counts.length === 0
        ? `No audit records in the last ${DISCOVER_DAYS} days yet`
        : `${counts.length} audit action${counts.length === 1 ? '' : 's'} in the last ${DISCOVER_DAYS} days (${thousands(total)} records)`,
    actions: listed,
    more: actions.length > listed.length ? `and ${actions.length - listed.length} more` : '',
    hint: 'Type events watch <actionId> [critical|high|medium|low] to be alerted on an action (medium by default); events unwatch <actionId> to stop.',
  });
}

function parseActionId(text: string | undefined): string {
  const actionId = (text ?? '').trim();
  if (!/^[A-Za-z0-9_]{2,100}(:[A-Za-z0-9_]{1,26})?$/.test(actionId)) return refuse(`I cannot read "${actionId}" as an audit action. Give ${ACTION_FORMS}. Nothing was saved.`);
  return actionId;
}

/** `events watch <actionId> [<severity>]`: alerts for an action outside the catalog (medium unless told). */
export async function watchAction(scope: AdminScope, args: string[]): Promise<string> {
  if (args.length === 0 || args.length > 2) return refuse(`Type events watch <actionId> [critical|high|medium|low], with ${ACTION_FORMS}. Nothing was saved.`);
  const actionId = parseActionId(args[0]);
  const level = (args[1] ?? 'medium').toLowerCase();
  if (!isSeverity(level)) return refuse(`"${args[1]}" is not a severity. Use critical, high, medium or low. Nothing was saved.`);
  const catalog = EVENT_CATALOG.filter((e) => sameAction(e.actionId, actionId));
  if (catalog.length > 0) return refuse(`${actionId} is in the event catalog already: type events on ${catalog.map((e) => e.key).join(' ')} (or open events). Nothing was saved.`);
  const current = (await scope.deps.db.noise.watchedActionsByAdmin(scope.accountId)).get(scope.extensionId);
  const previous = current ? [...current].find(([a]) => sameAction(a, actionId)) : undefined;
  const stored = previous?.[0] ?? actionId;
  await scope.deps.db.noise.watchAction(scope.accountId, scope.extensionId, stored, level, { field: WATCH_FIELD, oldValue: previous ? `${stored} (${previous[1]})` : null, newValue: `${stored} (${level})` }, scope.deps.now());
  return `Saved. You are alerted on ${stored} (${actionIdInWords(stored)}) at severity ${severityWord(level)}, from its next record on. Stop with events unwatch ${stored}.`;
}

/** `events unwatch <actionId>`. */
export async function unwatchAction(scope: AdminScope, args: string[]): Promise<string> {
  if (args.length !== 1) return refuse(`Type events unwatch <actionId>, with ${ACTION_FORMS}. Nothing was changed.`);
  const actionId = parseActionId(args[0]);
  const current = (await scope.deps.db.noise.watchedActionsByAdmin(scope.accountId)).get(scope.extensionId) ?? new Map<string, Severity>();
  const found = [...current].find(([a]) => sameAction(a, actionId));
  if (!found) return refuse(`You do not watch ${actionId}. Watched: ${[...current.keys()].join(', ') || '(none)'}. Nothing was changed.`);
  await scope.deps.db.noise.unwatchAction(scope.accountId, scope.extensionId, found[0], { field: WATCH_FIELD, oldValue: `${found[0]} (${found[1]})`, newValue: '(removed)' }, scope.deps.now());
  return `Saved. No more alerts for ${found[0]}.`;
}

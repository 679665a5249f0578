import type { AdminScope } from '../admin/settings-service';
import { adminAccessToken } from '../admin/admin-tokens';
import { AppError } from '../errors/app-error';
import { RingCentralError } from '../ringcentral/rest-client';
import { RINGCX_ACTIONS, type RingcxAction, type RingcxSettings, type RingcxSettingsPatch } from '../db/ringcx-repository';
import { formatWithOffset } from './audit-windows';
import { isAccessDenied } from './ringcx-client';

/** A refusal the admin reads in chat; nothing is saved. */
const refuse = (message: string): never => {
  throw new AppError('bad_request', message);
};

const STALE = 'These settings changed since this card was shown, so nothing was saved. Here is the current card: make your change again.';

/** The outcome of a change: the saved settings and one line for the chat. */
export interface RingcxChange {
  settings: RingcxSettings;
  message: string;
}

async function apply(scope: AdminScope, patch: RingcxSettingsPatch, message: string, expectedVersion?: number): Promise<RingcxChange> {
  const saved = await scope.deps.db.ringcx.update(scope.accountId, scope.extensionId, patch, expectedVersion);
  if (!saved) return refuse(STALE);
  return { settings: saved, message };
}

const list = (items: readonly string[]): string => (items.length === 0 ? '(none)' : items.join(', '));

/** "all 6 entity types" or "Agent, Campaign". */
export function entitySummary(settings: RingcxSettings): string {
  return settings.entityFilter === null ? `all ${settings.entities.length} entity types` : list(settings.entityFilter);
}

/** "all 2 sub-accounts" or "Acme Contact Center (13001)". */
export function subAccountSummary(settings: RingcxSettings): string {
  if (settings.watchedSubAccounts === null) return `all ${settings.subAccounts.length} sub-account${settings.subAccounts.length === 1 ? '' : 's'}`;
  const names = new Map(settings.subAccounts.map((s) => [s.accountId, s.accountName]));
  return list(settings.watchedSubAccounts.map((id) => `${names.get(id) ?? id} (${id})`));
}

/** One line for the status card and the menu: "On · all 2 sub-accounts · all 6 entity types · CREATE, UPDATE, DELETE". */
export function ringcxSummary(settings: RingcxSettings): string {
  if (!settings.enabled) return 'Off (type ringcx on)';
  const ignored = settings.ignoredUsers.length > 0 ? ` · ignoring ${list(settings.ignoredUsers)}` : '';
  return `On · ${subAccountSummary(settings)} · ${entitySummary(settings)} · ${list(settings.actionFilter)}${ignored}`;
}

/**
 * `ringcx on`: exchanges the admin's RingCentral token for a RingCX one, lists the sub-accounts (all
 * watched unless the admin picked some) and the auditable entity types, and checks "Audit log access"
 * with a one-minute search, so an admin who would never get an alert is told now, not never.
 */
export async function enableRingcx(scope: AdminScope): Promise<RingcxChange> {
  const { deps } = scope;
  const rcToken = await adminAccessToken(deps, scope.accountId, scope.extensionId);
  const failed = (error: unknown, what: string): never => {
    if (isAccessDenied(error)) {
      return refuse(
        `RingCX refused ${what} (${error.message}). RingCX alerts need an account with RingCX and a RingCX admin login with "Audit log access" (RingCX Admin → Users → your user → Permissions). Nothing was changed.`,
      );
    }
    if (error instanceof RingCentralError) return refuse(`I could not reach RingCX (${error.message}). Nothing was changed; try ringcx on again in a few minutes.`);
    throw error;
  };

  let pair;
  try {
    pair = await deps.ringcx.tokens.exchange(scope.extensionId, rcToken);
  } catch (error) {
    return failed(error, 'your RingCentral login');
  }
  const token = pair.accessToken;
  const budget = () => deps.ringcx.limiter.take(`ringcx:${scope.accountId}`);
  let subAccounts;
  let entities;
  try {
    await budget();
    subAccounts = await deps.ringcx.client.subAccounts(token);
    await budget();
    entities = await deps.ringcx.client.auditable(token);
  } catch (error) {
    return failed(error, 'to list your sub-accounts');
  }
  const first = subAccounts[0];
  if (!first) return refuse('RingCX shows no sub-accounts for your login, so there is nothing to watch. Nothing was changed.');
  const now = deps.now();
  const timeZone = (await deps.db.admins.find(scope.accountId, scope.extensionId))?.timezone ?? 'UTC';
  try {
    await budget();
    await deps.ringcx.client.searchAuditLogs(token, {
      accountId: first.accountId,
      startDateTime: formatWithOffset(new Date(now.getTime() - 60_000), timeZone),
      endDateTime: formatWithOffset(now, timeZone),
    });
  } catch (error) {
    if (isAccessDenied(error)) {
      return refuse(
        `You lack "Audit log access" in RingCX (${error.message}), so I cannot read its audit log for you. Ask a RingCX super admin to grant it (RingCX Admin → Users → your user → Permissions → Audit log access), then type ringcx on again. Nothing was changed.`,
      );
    }
    return failed(error, 'the audit log search');
  }
  await deps.ringcx.tokens.adopt(scope.accountId, scope.extensionId, pair);

  const current = await deps.db.ringcx.settings(scope.accountId, scope.extensionId);
  const ids = new Set(subAccounts.map((s) => s.accountId));
  const names = new Set(entities.map((e) => e.name));
  const watched = current.watchedSubAccounts?.filter((id) => ids.has(id)) ?? null;
  const entityFilter = current.entityFilter?.filter((n) => names.has(n)) ?? null;
  const patch: RingcxSettingsPatch = {
    enabled: true,
    enabledSince: current.enabled && current.enabledSince ? current.enabledSince : now,
    subAccounts,
    entities,
    watchedSubAccounts: watched !== null && watched.length > 0 ? watched : null,
    entityFilter: entityFilter !== null && entityFilter.length > 0 ? entityFilter : null,
  };
  const preview = { ...current, ...patch } as RingcxSettings;
  const windowMinutes = deps.config.ringcxWindowMs / 60_000;
  const delayMinutes = deps.config.ringcxDelayMs / 60_000;
  return apply(
    scope,
    patch,
    `RingCX alerts are on for ${subAccountSummary(preview)} (${subAccounts.map((s) => s.accountName).join(', ')}), ${entitySummary(preview)}, actions ${list(preview.actionFilter)}. ` +
      `I read the RingCX audit log in ${windowMinutes}-minute windows, ${delayMinutes} minutes after each closes (RingCX records appear late), so an alert comes ${delayMinutes}–${windowMinutes + delayMinutes} minutes after the change. ` +
      'Alerts go to your SMS and chat destinations. Narrow them with ringcx entities, ringcx actions, ringcx ignore, or in the events card.',
  );
}

export async function disableRingcx(scope: AdminScope): Promise<RingcxChange> {
  const current = await scope.deps.db.ringcx.settings(scope.accountId, scope.extensionId);
  if (!current.enabled) return { settings: current, message: 'RingCX alerts are already off.' };
  return apply(scope, { enabled: false }, 'RingCX alerts are off. Your RingCX filters are kept; type ringcx on to resume.');
}

async function enabledSettings(scope: AdminScope): Promise<RingcxSettings> {
  const current = await scope.deps.db.ringcx.settings(scope.accountId, scope.extensionId);
  if (current.entities.length === 0 && current.subAccounts.length === 0) refuse('Turn RingCX alerts on first: type ringcx on.');
  return current;
}

/** Entity names as the admin typed them, matched (case-insensitively) against RingCX's auditable list; `all` clears the filter. */
export function parseEntities(settings: RingcxSettings, args: string[]): string[] | null {
  const words = args.flatMap((a) => a.split(',')).map((a) => a.trim()).filter(Boolean);
  if (words.length === 0) return refuse(`Name the entity types: ringcx entities <name|all> … Known: ${list(settings.entities.map((e) => e.name))}.`);
  if (words.some((w) => w.toLowerCase() === 'all')) return null;
  const chosen: string[] = [];
  for (const word of words) {
    const entity = settings.entities.find((e) => e.name.toLowerCase() === word.toLowerCase() || e.fullPath.toLowerCase() === word.toLowerCase());
    if (!entity) return refuse(`"${word}" is not a RingCX entity type I know. Known: ${list(settings.entities.map((e) => e.name))}.`);
    if (!chosen.includes(entity.name)) chosen.push(entity.name);
  }
  return chosen;
}

/** `create`, `update`, `delete` (any case) → the RingCX action types, in their usual order. */
export function parseActions(args: string[]): RingcxAction[] {
  const words = args.flatMap((a) => a.split(',')).map((a) => a.trim().toUpperCase()).filter(Boolean);
  if (words.length === 0) refuse('Name the actions: ringcx actions create update delete (one or more).');
  for (const word of words) {
    if (!(RINGCX_ACTIONS as readonly string[]).includes(word)) refuse(`"${word.toLowerCase()}" is not a RingCX action. Use create, update or delete.`);
  }
  return RINGCX_ACTIONS.filter((a) => words.includes(a));
}

export async function setEntities(scope: AdminScope, args: string[], expectedVersion?: number): Promise<RingcxChange> {
  const current = await enabledSettings(scope);
  const entityFilter = parseEntities(current, args);
  return apply(scope, { entityFilter }, `Saved. RingCX entity types: ${entitySummary({ ...current, entityFilter })}.`, expectedVersion);
}

export async function setActions(scope: AdminScope, args: string[]): Promise<RingcxChange> {
  await enabledSettings(scope);
  const actionFilter = parseActions(args);
  return apply(scope, { actionFilter }, `Saved. RingCX actions: ${list(actionFilter)}.`);
}

/** `ringcx accounts <id|name|all> …`: which sub-accounts to watch. */
export async function setSubAccounts(scope: AdminScope, args: string[]): Promise<RingcxChange> {
  const current = await enabledSettings(scope);
  const words = args.flatMap((a) => a.split(',')).map((a) => a.trim()).filter(Boolean);
  const known = list(current.subAccounts.map((s) => `${s.accountName} (${s.accountId})`));
  if (words.length === 0) refuse(`Name the sub-accounts: ringcx accounts <id|all> … Yours: ${known}.`);
  let watched: string[] | null = null;
  if (!words.some((w) => w.toLowerCase() === 'all')) {
    watched = [];
    for (const word of words) {
      const sub = current.subAccounts.find((s) => s.accountId === word || s.accountName.toLowerCase() === word.toLowerCase());
      if (!sub) return refuse(`"${word}" is not one of your RingCX sub-accounts: ${known}.`);
      if (!watched.includes(sub.accountId)) watched.push(sub.accountId);
    }
  }
  return apply(scope, { watchedSubAccounts: watched }, `Saved. RingCX sub-accounts: ${subAccountSummary({ ...current, watchedSubAccounts: watched })}.`);
}

export async function ignoreUser(scope: AdminScope, userName: string): Promise<RingcxChange> {
  const name = userName.trim();
  if (name === '') refuse('Give the RingCX user name to ignore: ringcx ignore jane.doe@example.com');
  const current = await enabledSettings(scope);
  if (current.ignoredUsers.some((u) => u.toLowerCase() === name.toLowerCase())) return { settings: current, message: `Changes by ${name} are already ignored.` };
  const ignoredUsers = [...current.ignoredUsers, name];
  return apply(scope, { ignoredUsers }, `Saved. RingCX changes by ${name} send no alert. Ignored users: ${list(ignoredUsers)}.`);
}

export async function unignoreUser(scope: AdminScope, userName: string): Promise<RingcxChange> {
  const name = userName.trim();
  const current = await enabledSettings(scope);
  if (!current.ignoredUsers.some((u) => u.toLowerCase() === name.toLowerCase())) {
    return refuse(`${name || '(nobody)'} is not ignored. Ignored users: ${list(current.ignoredUsers)}.`);
  }
  const ignoredUsers = current.ignoredUsers.filter((u) => u.toLowerCase() !== name.toLowerCase());
  return apply(scope, { ignoredUsers }, `Saved. RingCX changes by ${name} send alerts again. Ignored users: ${list(ignoredUsers)}.`);
}

/** The events card's RingCX Save: every field at once, against the card's version. */
export async function saveRingcxCard(
  scope: AdminScope,
  form: { enabled: boolean; subAccounts: string[]; entities: string[]; actions: string[]; ignoredUsers: string },
  expectedVersion: number,
): Promise<RingcxChange> {
  const current = await scope.deps.db.ringcx.settings(scope.accountId, scope.extensionId);
  if (current.version !== expectedVersion) refuse(STALE);
  if (form.enabled && !current.enabled) {
    // Turning on goes through the RingCX checks; the other fields apply once it is on.
    const enabled = await enableRingcx(scope);
    return saveRingcxCard(scope, { ...form }, enabled.settings.version).then((saved) => ({ ...saved, message: `${enabled.message} ${saved.message}` }));
  }
  if (!form.enabled) return current.enabled ? disableRingcx(scope) : { settings: current, message: 'RingCX alerts stay off.' };
  if (form.actions.length === 0) refuse('Choose at least one RingCX action (create, update or delete), or turn RingCX alerts off.');
  if (form.entities.length === 0) refuse('Choose at least one RingCX entity type, or turn RingCX alerts off.');
  if (form.subAccounts.length === 0) refuse('Choose at least one RingCX sub-account, or turn RingCX alerts off.');
  const entityFilter = form.entities.length >= current.entities.length ? null : parseEntities(current, form.entities);
  const ids = new Set(current.subAccounts.map((s) => s.accountId));
  const picked = form.subAccounts.filter((id) => ids.has(id));
  const watchedSubAccounts = picked.length >= current.subAccounts.length ? null : picked;
  const ignoredUsers = [...new Set(form.ignoredUsers.split(/[,;\n]/).map((u) => u.trim()).filter(Boolean))];
  const patch: RingcxSettingsPatch = { entityFilter, watchedSubAccounts, actionFilter: parseActions(form.actions), ignoredUsers };
  const next = { ...current, ...patch } as RingcxSettings;
  return apply(scope, patch, `Saved. RingCX: ${ringcxSummary(next)}.`, expectedVersion);
}

import type { BotDeps } from '../bot/bot-deps';
import { renderCard, type AdaptiveCard, type CardData, type EventRow, type SaveResult } from '../cards/render-card';
import { EVENT_CATALOG, EVENT_GROUPS, EVENT_KEYS, type CatalogEvent, type EventKey } from '../catalog/event-catalog';
import type { AdminSettings } from '../db/admin-settings-repository';
import type { AdminAuthorization } from '../db/admin-authorizations-repository';
import { adminChats, describeChange, eventName, smsSenderStates, type AdminScope } from './settings-service';
import { destinationCounts, smsStatusFacts } from '../delivery/sms-status-facts';
import { smsSettingsNotes } from '../delivery/sms-settings-notes';
import { RINGCX_ACTIONS, type RingcxSettings } from '../db/ringcx-repository';
import { ringcxSummary } from '../ringcx/ringcx-settings-service';
import { noiseStatusFacts, quietLine } from './noise-settings-service';
import { accountCountry, formatPhoneNumber, formatPhoneNumbersIn, NUMBER_FORM_HINT } from '../cards/format-phone-number';
import { formatCardTime } from '../cards/format-card-time';
import { healthLine } from '../health/health-line';
import type { AlertPolicy } from '../db/alert-policies-repository';
import { DEFAULT_SEVERITY_TEXT } from '../policy/grade-alert';
import { routingSummary, triageSummary } from '../alerts/alert-policy-service';

/** A card opened, not saved: no result box. */
export const NO_RESULT: SaveResult = { tone: '', title: '', lines: [] };

/** The result box of a save that went through: what changed, or that nothing did. */
export function savedResult(lines: string[]): SaveResult {
  return lines.length ? { tone: 'good', title: 'Saved', lines } : { tone: 'good', title: 'Nothing changed', lines: ['These were already your settings.'] };
}

/** The result box of a refused save: nothing was saved, and why. */
export function refusedResult(reason: string): SaveResult {
  return { tone: 'attention', title: 'Not saved', lines: [reason] };
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The destinations that are really on: SMS needs a sender and recipients, chats need chats. */
function activeDestinations(settings: AdminSettings): { numbers: number; chats: number } {
  const numbers = settings.smsEnabled && settings.smsSender ? settings.smsRecipients.length : 0;
  const chats = settings.chatsEnabled ? settings.chatIds.length : 0;
  return { numbers, chats };
}

/**
 * What is really happening with the admin's alerts, in one line: "Sending to 2 numbers and 1 chat",
 * "Paused since Nov 21, 2026 4:05 pm — type resume", "Not sending: no destination is on — open settings".
 */
export function alertState(settings: AdminSettings, pausedSince: string | null): { state: string; attention: boolean } {
  if (settings.paused) return { state: `Paused${pausedSince ? ` since ${pausedSince}` : ''} — type resume`, attention: true };
  const { numbers, chats } = activeDestinations(settings);
  if (numbers === 0 && chats === 0) return { state: 'Not sending: no destination is on — open settings', attention: true };
  if (settings.eventKeys.length === 0) return { state: 'Not sending: no event is chosen — open events', attention: true };
  const to = [numbers ? plural(numbers, 'number') : '', chats ? plural(chats, 'chat') : ''].filter(Boolean).join(' and ');
  return { state: `Sending to ${to}`, attention: false };
}

/** When the admin paused, as the cards show times; null when not paused or not known. */
async function pausedSince(deps: BotDeps, admin: AdminAuthorization, settings: AdminSettings): Promise<string | null> {
  if (!settings.paused) return null;
  const changes = await deps.db.settings.recentChanges(admin.accountId, admin.extensionId, 50);
  const paused = changes.find((c) => c.field === 'paused' && c.newValue === 'paused');
  return paused ? formatCardTime(paused.changedAt, settings.timezone ?? admin.timezone) : null;
}

/** "Watching 8 of 17 events · RingCX off". */
function watchingLine(settings: AdminSettings, ringcx: RingcxSettings | undefined): string {
  return `Watching ${settings.eventKeys.length} of ${EVENT_KEYS.length} events · RingCX ${ringcx?.enabled ? 'on' : 'off'}`;
}

export async function menuCard(deps: BotDeps, admin: AdminAuthorization): Promise<AdaptiveCard> {
  const settings = await deps.db.settings.get(admin.accountId, admin.extensionId);
  const ringcx = await deps.db.ringcx.settings(admin.accountId, admin.extensionId);
  const { state, attention } = alertState(settings, await pausedSince(deps, admin, settings));
  return renderCard('menu', {
    adminId: admin.extensionId,
    adminName: admin.name ?? 'Admin',
    state,
    stateAttention: attention,
    detail: watchingLine(settings, ringcx),
  });
}

/** The events card's RingCX section: a toggle, the sub-accounts, entity types and actions chosen, and ignored users. */
export function ringcxCardData(ringcx: RingcxSettings | undefined): CardData['events']['ringcx'] {
  if (!ringcx || (ringcx.subAccounts.length === 0 && ringcx.entities.length === 0)) {
    return {
      version: ringcx?.version ?? 0,
      known: false,
      enabled: false,
      hint: 'Also alert on RingCX agent, queue, campaign and dial group changes: type ringcx on (needs RingCX "Audit log access"). Its choices then show here.',
      subAccounts: '',
      subAccountChoices: [],
      entities: '',
      entityChoices: [],
      actions: (ringcx?.actionFilter ?? RINGCX_ACTIONS).join(','),
      ignoredUsers: (ringcx?.ignoredUsers ?? []).join(', '),
    };
  }
  return {
    version: ringcx.version,
    known: true,
    enabled: ringcx.enabled,
    hint: ringcxSummary(ringcx),
    subAccounts: (ringcx.watchedSubAccounts ?? ringcx.subAccounts.map((s) => s.accountId)).join(','),
    subAccountChoices: ringcx.subAccounts.map((s) => ({ title: `${s.accountName} (${s.accountId})`, value: s.accountId })),
    entities: (ringcx.entityFilter ?? ringcx.entities.map((e) => e.name)).join(','),
    entityChoices: ringcx.entities.map((e) => ({ title: e.name, value: e.name })),
    actions: ringcx.actionFilter.join(','),
    ignoredUsers: ringcx.ignoredUsers.join(', '),
  };
}

/**
 * A group of the events card, its heading carrying the words its events share: "User account
 * information changed" over "Email", "Department" …, instead of that prefix on every toggle.
 */
export function eventGroupRows(group: string, events: readonly CatalogEvent[], chosen: ReadonlySet<string>, severityOf: (e: CatalogEvent) => string = () => ''): CardData['events']['groups'][number] {
  const prefix = /^(.+?): /.exec(events[0]?.label ?? '')?.[1];
  const shared = prefix !== undefined && events.length > 1 && events.every((e) => e.label.startsWith(`${prefix}: `));
  const rows: EventRow[] = events.map((e) => ({
    key: e.key,
    label: shared ? e.label.slice(prefix!.length + 2) : e.label,
    on: chosen.has(e.key),
    severity: severityOf(e),
  }));
  return { name: shared ? prefix! : group, events: rows };
}

/** "critical" -> "Critical"; "critical when turned on, else low" -> "Critical or Low" (short enough for the card's severity column at 360 px). */
export function severityWords(text: string): string {
  const levels = text.match(/\b(critical|high|medium|low)\b/g) ?? [];
  return [...new Set(levels)].map((l) => l.charAt(0).toUpperCase() + l.slice(1)).join(' or ');
}

/** An event's severity in plain words: the admin's override, else the default. */
export function eventSeverity(key: EventKey, policy: AlertPolicy | undefined): string {
  return severityWords(policy?.severityOverrides[key] ?? DEFAULT_SEVERITY_TEXT[key]);
}

export function eventsCard(settings: AdminSettings, result: SaveResult = NO_RESULT, ringcx?: RingcxSettings, policy?: AlertPolicy): AdaptiveCard {
  const chosen = new Set<string>(settings.eventKeys);
  return renderCard('events', {
    adminId: settings.extensionId,
    version: settings.version,
    result,
    countLine: `${settings.eventKeys.length} of ${EVENT_KEYS.length} events on`,
    ringcx: ringcxCardData(ringcx),
    groups: EVENT_GROUPS.map((name) => eventGroupRows(name, EVENT_CATALOG.filter((e) => e.group === name), chosen, (e) => eventSeverity(e.key, policy))),
  });
}

/** A sender's registration state in the picker: ready, not ready (10DLC campaign or toll-free verification not confirmed), or not known. */
const SENDER_STATE_WORDS = { ready: 'ready', 'not-ready': 'not ready', unknown: 'unchecked' } as const;

/** What the directives form held when a save was refused, shown again as typed. */
export interface DirectivesForm {
  smsEnabled: boolean;
  smsSender: string;
  recipients: string[];
  chatsEnabled: boolean;
  chatIds: string[];
}

/** The directives card with the admin's numbers that can send texts and their chats as choices (RingCentral calls: numbers, each sender's registration, chats). */
export async function directivesCard(scope: AdminScope, settings: AdminSettings, result: SaveResult = NO_RESULT, form?: DirectivesForm): Promise<AdaptiveCard> {
  const [senders, chats, policy] = await Promise.all([smsSenderStates(scope), adminChats(scope), scope.deps.db.alertPolicies.get(scope.accountId, scope.extensionId)]);
  const chatChoices = chats.map((c) => ({ title: c.name ? `${c.name}${c.type === 'Group' ? ' (group)' : ''}` : `${c.type ?? 'Chat'} ${c.id}`, value: c.id }));
  const shown: DirectivesForm = form ?? {
    smsEnabled: settings.smsEnabled,
    smsSender: settings.smsSender ?? '',
    recipients: settings.smsRecipients.map((n) => formatPhoneNumber(n, scope.country)),
    chatsEnabled: settings.chatsEnabled,
    chatIds: settings.chatIds,
  };
  const recipient = (i: number) => shown.recipients[i] ?? '';
  return renderCard('directives', {
    adminId: settings.extensionId,
    version: settings.version,
    result,
    smsEnabled: shown.smsEnabled,
    smsSender: shown.smsSender,
    // Each number with what it is and, in a word, its 10DLC / toll-free state (RINGCENTRAL.md §9), short enough for the
    // picker at 360 px; the chosen one's full state is in smsNotes, and a not-ready one is refused on Save with why.
    senderChoices: senders.map((n) => ({ title: `${formatPhoneNumber(n.phoneNumber, scope.country)} · ${n.label} · ${SENDER_STATE_WORDS[n.state]}`, value: n.phoneNumber })),
    ...(await smsSettingsNotes(scope.deps, settings, senders, (n) => formatPhoneNumber(n, scope.country))),
    noSenderReason: senders.length
      ? ''
      : 'None of your numbers can send texts, so text alerts cannot go out from your login. Ask your RingCentral admin for a number that can send texts, or use team chats.',
    recipientsHint: `Up to five mobile numbers. ${NUMBER_FORM_HINT} (${accountCountry(scope.country)}). Leave unused fields empty.`,
    recipient1: recipient(0),
    recipient2: recipient(1),
    recipient3: recipient(2),
    recipient4: recipient(3),
    recipient5: recipient(4),
    chatsEnabled: shown.chatsEnabled,
    chatIds: shown.chatIds.join(','),
    chatChoices,
    smsQuiet: await quietLine(scope),
    chatsHint: chatChoices.length
      ? 'For a team I am not in yet, I join it when you save. For a group chat, add Audit Trail Bot to it first.'
      : 'You are not in any team or group chat yet. Create one, add Audit Trail Bot, then come back here, or type notify here in that chat.',
    routing: routingSummary(policy),
  });
}

/** Formats a date as every card and text shows it (the alert time format), e.g. "Nov 21, 2026 4:05 pm". */
export function formatWhen(date: Date, timezone: string | null): string {
  return formatCardTime(date, timezone);
}

export async function statusCard(deps: BotDeps, admin: AdminAuthorization): Promise<AdaptiveCard> {
  const settings = await deps.db.settings.get(admin.accountId, admin.extensionId);
  const changes = await deps.db.settings.recentChanges(admin.accountId, admin.extensionId, 5);
  const chatNames = new Map((await deps.db.botChats.list(admin.accountId)).map((c) => [c.chatId, c.name ?? c.chatId]));
  const tz = settings.timezone ?? admin.timezone;
  const country = admin.country;
  const phone = (n: string) => formatPhoneNumber(n, country);
  const cursor = await deps.db.auditEvents.cursor(admin.accountId, 'ringex');
  const pollFailed = Boolean(cursor?.lastPollStatus && cursor.lastPollStatus !== 'ok');
  const lastCheck = cursor?.lastPollAt
    ? `${formatWhen(cursor.lastPollAt, tz)}${pollFailed ? ` — failed${cursor.lastError ? `: ${cursor.lastError}` : ''}` : ''}`
    : 'not yet';
  const stats = await deps.db.deliveries.statsForAdmin(admin.accountId, admin.extensionId);
  const ringcxSettings = await deps.db.ringcx.settings(admin.accountId, admin.extensionId);
  const policy = await deps.db.alertPolicies.get(admin.accountId, admin.extensionId);
  const ringcxCursors = ringcxSettings.enabled ? await deps.db.ringcx.cursors(admin.accountId) : [];
  const destinationFacts = stats.map((s) => ({
    title: s.channel === 'sms' ? `Texts to ${phone(s.destination)}` : `Chat ${chatNames.get(s.destination) ?? s.destination}`,
    value: formatPhoneNumbersIn(destinationCounts(s), country),
  }));
  const failed = stats.reduce((sum, s) => sum + s.dead, 0);
  const smsFacts = await smsStatusFacts(deps, settings, (d) => formatWhen(d, tz), phone);
  const problems = healthLine(await deps.db.incidents.listOpen(admin.accountId), (d) => formatWhen(d, tz));
  const authorization =
    admin.status === 'active'
      ? `Authorized as ${admin.name ?? admin.extensionId}`
      : admin.status === 'needs_reauth'
        ? 'Needs a new login: type login'
        : 'Not authorized: type login';
  const { state, attention } = alertState(settings, await pausedSince(deps, admin, settings));
  const health =
    admin.status !== 'active'
      ? { text: 'Not working: I can no longer read the audit trail — type login', attention: true }
      : problems
        ? { text: problems, attention: true }
        : pollFailed
          ? { text: `Not working: the last audit check failed (${lastCheck})`, attention: true }
          : attention
            ? { text: state, attention: true }
            : failed > 0
              ? { text: `${state}, but ${plural(failed, 'alert')} could not be delivered — see below`, attention: true }
              : { text: `Working: ${state.charAt(0).toLowerCase()}${state.slice(1)}; last audit check ${lastCheck}`, attention: false };
  return renderCard('status', {
    adminId: admin.extensionId,
    adminName: admin.name ?? 'Admin',
    health: health.text,
    healthAttention: health.attention,
    facts: [
      { title: 'Authorization', value: authorization },
      { title: 'Alerts', value: state },
      { title: 'Texts', value: settings.smsEnabled ? `On${settings.smsSender ? `, from ${phone(settings.smsSender)}` : ', no sender chosen'}` : 'Off' },
      { title: 'Recipients', value: settings.smsRecipients.map(phone).join(', ') || '(none)' },
      { title: 'Team chats', value: `${settings.chatsEnabled ? 'On' : 'Off'}${settings.chatIds.length ? `: ${settings.chatIds.map((id) => chatNames.get(id) ?? id).join(', ')}` : ''}` },
      { title: 'Events', value: `${settings.eventKeys.length} of ${EVENT_KEYS.length} on` },
      { title: 'Minimum severity', value: routingSummary(policy) },
      { title: 'Triage', value: triageSummary(policy) },
      { title: 'RingCX', value: ringcxSummary(ringcxSettings) },
      ...ringcxCursors.map((c) => ({ title: `RingCX ${c.subAccountId}`, value: `checked up to ${formatWhen(c.windowEnd, tz)}${c.lastPollStatus && c.lastPollStatus !== 'ok' ? ` · ${c.lastPollStatus}${c.lastError ? `: ${c.lastError}` : ''}` : ''}` })),
      ...(await noiseStatusFacts(deps, admin.accountId, admin.extensionId, tz ?? 'UTC')),
      ...ringcxCursors.map((c) => ({
        title: `RingCX ${c.subAccountId}`,
        value: `checked up to ${formatWhen(c.windowEnd, tz)}${c.lastPollStatus && c.lastPollStatus !== 'ok' ? ` · ${c.lastPollStatus}${c.lastError ? `: ${c.lastError}` : ''}` : ''}`,
      })),
      { title: 'Time zone', value: tz ?? 'UTC' },
      { title: 'Last audit check', value: lastCheck },
      ...destinationFacts,
      ...smsFacts,
    ],
    changes: changes.map((c) => ({
      when: formatWhen(c.changedAt, tz),
      who: c.actorId === admin.extensionId ? (admin.name ?? c.actorId) : c.actorId,
      what: describeChange(c, chatNames, country),
    })),
  });
}

/** `events list`: every key with its name and whether the admin watches it. */
export function eventsListText(settings: AdminSettings): string {
  const chosen = new Set(settings.eventKeys);
  return EVENT_GROUPS.map(
    (group) =>
      `**${group}**\n${EVENT_CATALOG.filter((e) => e.group === group)
        .map((e) => `${chosen.has(e.key) ? '✓' : '✗'} ${e.key}: ${eventName(e.key)}`)
        .join('\n')}`,
  ).join('\n\n');
}

import type { BotDeps } from '../bot/bot-deps';
import { renderCard, type AdaptiveCard, type CardData } from '../cards/render-card';
import { EVENT_CATALOG, EVENT_GROUPS, EVENT_KEYS, type EventKey } from '../catalog/event-catalog';
import type { AdminSettings } from '../db/admin-settings-repository';
import type { AdminAuthorization } from '../db/admin-authorizations-repository';
import { adminChats, describeChange, smsSenderStates, type AdminScope } from './settings-service';
import { destinationCounts, smsStatusFacts } from '../delivery/sms-status-facts';
import { smsSettingsNotes } from '../delivery/sms-settings-notes';
import { RINGCX_ACTIONS, type RingcxSettings } from '../db/ringcx-repository';
import { ringcxSummary } from '../ringcx/ringcx-settings-service';
import { noiseStatusFacts, quietLine } from './noise-settings-service';
import { healthLine } from '../health/health-line';
import type { AlertPolicy } from '../db/alert-policies-repository';
import { DEFAULT_SEVERITY_TEXT } from '../policy/grade-alert';
import { routingSummary, triageSummary } from '../alerts/alert-policy-service';

/** "SMS on (2 recipients) · Team chats on (1) · 17 of 17 events · Running" */
export function settingsSummary(settings: AdminSettings): string {
  const n = settings.smsRecipients.length;
  return [
    `SMS ${settings.smsEnabled ? 'on' : 'off'} (${n} recipient${n === 1 ? '' : 's'})`,
    `Team chats ${settings.chatsEnabled ? 'on' : 'off'} (${settings.chatIds.length})`,
    `${settings.eventKeys.length} of ${EVENT_KEYS.length} events`,
    settings.paused ? 'Paused' : 'Running',
  ].join(' · ');
}

export async function menuCard(deps: BotDeps, admin: AdminAuthorization): Promise<AdaptiveCard> {
  const settings = await deps.db.settings.get(admin.accountId, admin.extensionId);
  return renderCard('menu', { adminId: admin.extensionId, adminName: admin.name ?? 'Admin', summary: settingsSummary(settings) });
}

/** The events card's RingCX section: a toggle, the sub-accounts, entity types and actions chosen, and ignored users. */
export function ringcxCardData(ringcx: RingcxSettings | undefined): CardData['events']['ringcx'] {
  if (!ringcx || (ringcx.subAccounts.length === 0 && ringcx.entities.length === 0)) {
    return { version: ringcx?.version ?? 0, known: false, enabled: false, hint: 'Also alert on RingCX agent, queue, campaign and dial group changes: type ringcx on (needs RingCX "Audit log access"). Its filters then show here.', subAccounts: '', subAccountChoices: [], entities: '', entityChoices: [], actions: (ringcx?.actionFilter ?? RINGCX_ACTIONS).join(','), ignoredUsers: (ringcx?.ignoredUsers ?? []).join(', ') };
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

/** An event's label with its severity: the admin's override, else the default ("… · Severity: critical"). */
function labelWithSeverity(label: string, key: EventKey, policy: AlertPolicy | undefined): string {
  return `${label} · Severity: ${policy?.severityOverrides[key] ?? DEFAULT_SEVERITY_TEXT[key]}`;
}

export function eventsCard(settings: AdminSettings, notice = '', ringcx?: RingcxSettings, policy?: AlertPolicy): AdaptiveCard {
  const chosen = new Set(settings.eventKeys);
  return renderCard('events', {
    adminId: settings.extensionId,
    version: settings.version,
    notice,
    ringcx: ringcxCardData(ringcx),
    groups: EVENT_GROUPS.map((name) => ({
      name,
      events: EVENT_CATALOG.filter((e) => e.group === name).map((e) => ({ key: e.key, label: labelWithSeverity(e.label, e.key, policy), on: chosen.has(e.key) })),
    })),
  });
}

/** The directives card with the admin's SMS-capable numbers and chats as choices (two RingCentral calls). */
export async function directivesCard(scope: AdminScope, settings: AdminSettings, notice = ''): Promise<AdaptiveCard> {
  const [senders, chats, policy] = await Promise.all([smsSenderStates(scope), adminChats(scope), scope.deps.db.alertPolicies.get(scope.accountId, scope.extensionId)]);
  const chatChoices = chats.map((c) => ({ title: c.name ? `${c.name}${c.type === 'Group' ? ' (group)' : ''}` : `${c.type ?? 'Chat'} ${c.id}`, value: c.id }));
  const recipient = (i: number) => settings.smsRecipients[i] ?? '';
  return renderCard('directives', {
    adminId: settings.extensionId,
    version: settings.version,
    notice,
    smsEnabled: settings.smsEnabled,
    smsSender: settings.smsSender ?? '',
    // Each number with its 10DLC / toll-free state (RINGCENTRAL.md §9); a not-ready one is refused on Save.
    senderChoices: senders.map((n) => ({ title: `${n.phoneNumber} · ${n.summary}`, value: n.phoneNumber })),
    ...(await smsSettingsNotes(scope.deps, settings, senders)),
    noSenderReason: senders.length
      ? ''
      : 'None of your phone numbers can send SMS (no SmsSender feature), so SMS alerts cannot be sent from your login. Ask for an SMS-capable number, or use team chats.',
    recipient1: recipient(0),
    recipient2: recipient(1),
    recipient3: recipient(2),
    recipient4: recipient(3),
    recipient5: recipient(4),
    chatsEnabled: settings.chatsEnabled,
    chatIds: settings.chatIds.join(','),
    chatChoices,
    smsQuiet: await quietLine(scope),
    chatsHint: chatChoices.length
      ? 'For a team I am not in yet, I join it when you save. For a group chat, add Audit Trail Bot to it first.'
      : 'You are not in any team or group chat yet. Create one, add Audit Trail Bot, then come back here, or type notify here in that chat.',
    routing: routingSummary(policy),
  });
}

/** Formats a date in the admin's time zone, e.g. "Nov 21, 2026, 4:05 PM PST". */
export function formatWhen(date: Date, timezone: string | null): string {
  const options: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'short', timeZone: timezone ?? 'UTC' };
  try {
    return `${new Intl.DateTimeFormat('en-US', options).format(date)}${timezone ? '' : ' UTC'}`;
  } catch {
    return date.toISOString();
  }
}

export async function statusCard(deps: BotDeps, admin: AdminAuthorization): Promise<AdaptiveCard> {
  const settings = await deps.db.settings.get(admin.accountId, admin.extensionId);
  const changes = await deps.db.settings.recentChanges(admin.accountId, admin.extensionId, 5);
  const chatNames = new Map((await deps.db.botChats.list(admin.accountId)).map((c) => [c.chatId, c.name ?? c.chatId]));
  const tz = settings.timezone ?? admin.timezone;
  const cursor = await deps.db.auditEvents.cursor(admin.accountId, 'ringex');
  const lastPoll = cursor?.lastPollAt
    ? `${formatWhen(cursor.lastPollAt, tz)}: ${cursor.lastPollStatus ?? 'unknown'}${cursor.lastError ? ` (${cursor.lastError})` : ''}`
    : 'not yet';
  const stats = await deps.db.deliveries.statsForAdmin(admin.accountId, admin.extensionId);
  const ringcxSettings = await deps.db.ringcx.settings(admin.accountId, admin.extensionId);
  const policy = await deps.db.alertPolicies.get(admin.accountId, admin.extensionId);
  const ringcxCursors = ringcxSettings.enabled ? await deps.db.ringcx.cursors(admin.accountId) : [];
  const destinationFacts = stats.map((s) => ({
    title: s.channel === 'sms' ? `SMS ${s.destination}` : `Chat ${chatNames.get(s.destination) ?? s.destination}`,
    value: destinationCounts(s),
  }));
  const smsFacts = await smsStatusFacts(deps, settings, (d) => formatWhen(d, tz));
  const authorization =
    admin.status === 'active'
      ? `Authorized${admin.accessExpiresAt ? '' : ''} as ${admin.name ?? admin.extensionId}`
      : admin.status === 'needs_reauth'
        ? 'Needs re-authorization: type login'
        : 'Not authorized: type login';
  return renderCard('status', {
    adminId: admin.extensionId,
    adminName: admin.name ?? 'Admin',
    facts: [
      { title: 'Health', value: healthLine(await deps.db.incidents.listOpen(admin.accountId), (d) => formatWhen(d, tz)) },
      { title: 'Authorization', value: authorization },
      { title: 'Notifications', value: settings.paused ? 'Paused (type resume)' : 'Running' },
      { title: 'SMS', value: settings.smsEnabled ? 'On' : 'Off' },
      { title: 'SMS sender', value: settings.smsSender ?? '(none)' },
      { title: 'SMS recipients', value: settings.smsRecipients.join(', ') || '(none)' },
      { title: 'Team chats', value: settings.chatsEnabled ? 'On' : 'Off' },
      { title: 'Alert chats', value: settings.chatIds.map((id) => chatNames.get(id) ?? id).join(', ') || '(none)' },
      { title: 'Events', value: `${settings.eventKeys.length} of ${EVENT_KEYS.length}` },
      { title: 'Minimum severity', value: routingSummary(policy) },
      { title: 'Triage', value: triageSummary(policy) },
      { title: 'RingCX', value: ringcxSummary(ringcxSettings) },
      ...ringcxCursors.map((c) => ({ title: `RingCX ${c.subAccountId}`, value: `checked up to ${formatWhen(c.windowEnd, tz)}${c.lastPollStatus && c.lastPollStatus !== 'ok' ? ` · ${c.lastPollStatus}${c.lastError ? `: ${c.lastError}` : ''}` : ''}` })),
      ...(await noiseStatusFacts(deps, admin.accountId, admin.extensionId, tz ?? 'UTC')),
      { title: 'Time zone', value: tz ?? 'UTC' },
      { title: 'Last poll', value: lastPoll },
      ...destinationFacts,
      ...smsFacts,
    ],
    changes: changes.map((c) => ({ when: formatWhen(c.changedAt, tz), who: c.actorId === admin.extensionId ? (admin.name ?? c.actorId) : c.actorId, what: describeChange(c, chatNames) })),
  });
}

/** `events list`: every key with its name and whether the admin watches it. */
export function eventsListText(settings: AdminSettings): string {
  const chosen = new Set(settings.eventKeys);
  return EVENT_GROUPS.map(
    (group) =>
      `**${group}**\n${EVENT_CATALOG.filter((e) => e.group === group)
        .map((e) => `${chosen.has(e.key) ? '✓' : '✗'} ${e.key}: ${e.label}`)
        .join('\n')}`,
  ).join('\n\n');
}

import type { BotDeps } from '../bot/bot-deps';
import { AppError } from '../errors/app-error';
import type { AdminSettings, SettingsChange, SettingsPatch } from '../db/admin-settings-repository';
import { EVENT_KEYS, catalogEvent, isEventKey, type EventKey } from '../catalog/event-catalog';
import { formatPhoneNumber, formatPhoneNumbersIn } from '../cards/format-phone-number';
import { parsePhone } from './phone-number';
import { adminAccessToken } from './admin-tokens';
import type { ChatInfo } from '../ringcentral/ringcentral-api';
import { RingCentralError } from '../ringcentral/rest-client';
import { senderReadiness, type SenderReadiness } from './sender-readiness';
import { syncSmsConsents } from '../delivery/sync-sms-consents';

export const MAX_RECIPIENTS = 5;
export const MAX_CHATS = 5;

/** Who is changing whose settings. Only the admin changes their own. */
export interface AdminScope {
  deps: BotDeps;
  accountId: string;
  /** The admin whose settings these are (and who acts). */
  extensionId: string;
  botId: string;
  country: string | null;
}

/** A refusal the admin reads in chat: what was wrong and what to type. Nothing is saved. */
const refuse = (message: string): never => {
  throw new AppError('bad_request', message);
};

const FIELD_LABELS: Record<keyof SettingsPatch, string> = {
  smsEnabled: 'SMS alerts',
  smsSender: 'SMS sender',
  smsRecipients: 'SMS recipients',
  chatsEnabled: 'Team chat alerts',
  chatIds: 'Alert chats',
  eventKeys: 'Events',
  paused: 'Notifications',
  timezone: 'Time zone',
};

/** An event as people read it: its catalog name ("MFA turned off for Company"), the key only when unknown. */
export function eventName(key: string): string {
  return isEventKey(key) ? catalogEvent(key).label : key;
}

/** "3 events" or the names, when there are at most three. */
function eventList(keys: string[]): string {
  return keys.length > 3 ? `${keys.length} events` : keys.map(eventName).join(', ');
}

/**
 * "SMS alerts: off → on" — one line per change, for the chat reply and the cards. Chat ids read as
 * names when known, numbers are formatted for the account's country, events are named.
 */
export function describeChange(
  change: Pick<SettingsChange, 'field' | 'oldValue' | 'newValue'>,
  chatNames: ReadonlyMap<string, string> = new Map(),
  country: string | null = null,
): string {
  if (change.field === 'chatIds') {
    const names = (value: string | null) =>
      value === null || value === '(none)' ? '(none)' : value.split(', ').map((id) => chatNames.get(id) ?? id).join(', ');
    return `${FIELD_LABELS.chatIds}: ${names(change.oldValue)} → ${names(change.newValue)}`;
  }
  if (change.field === 'eventKeys') {
    const keys = (value: string | null) => (value ?? '').split(', ').filter((k) => k && k !== '(none)');
    const before = new Set(keys(change.oldValue));
    const after = new Set(keys(change.newValue));
    const added = [...after].filter((k) => !before.has(k));
    const removed = [...before].filter((k) => !after.has(k));
    const parts = [added.length ? `on: ${eventList(added)}` : '', removed.length ? `off: ${eventList(removed)}` : ''].filter(Boolean);
    return `${FIELD_LABELS.eventKeys}: ${parts.join('; ') || 'unchanged'}`;
  }
  // Fields outside the settings row (alert policies, noise control) are logged with their label as the field.
  const value = (text: string | null) => formatPhoneNumbersIn(text ?? '(none)', country);
  return `${FIELD_LABELS[change.field] ?? String(change.field)}: ${value(change.oldValue)} → ${value(change.newValue)}`;
}

/** The reply for a successful change. */
export function changedMessage(
  changes: SettingsChange[],
  nothingMessage = 'Nothing changed: that is already the setting.',
  chatNames: ReadonlyMap<string, string> = new Map(),
  country: string | null = null,
): string {
  if (changes.length === 0) return nothingMessage;
  return `Saved. ${changes.map((c) => describeChange(c, chatNames, country)).join(' · ')}`;
}

/** Names of the chats the bot knows in an account, by id (for readable change lines). */
export async function chatNamesOf(deps: BotDeps, accountId: string): Promise<Map<string, string>> {
  return new Map((await deps.db.botChats.list(accountId)).filter((c) => c.name).map((c) => [c.chatId, c.name!]));
}

async function apply(scope: AdminScope, patch: SettingsPatch, expectedVersion?: number): Promise<{ settings: AdminSettings; changes: SettingsChange[] }> {
  const result = await scope.deps.db.settings.update(scope.accountId, scope.extensionId, scope.extensionId, patch, {
    now: scope.deps.now(),
    ...(expectedVersion !== undefined ? { expectedVersion } : {}),
  });
  if (!result.ok) {
    return refuse('These settings changed since this card was shown, so nothing was saved. Here is the current card: make your change again.');
  }
  // Saved SMS settings: read RingCentral's consent list now (in the background; a failure is logged and shown in status).
  if (result.changes.some((c) => c.field === 'smsEnabled' || c.field === 'smsSender' || c.field === 'smsRecipients')) {
    const { deps, accountId, extensionId } = scope;
    deps.tasks.run('sms consent sync', async () => void (await syncSmsConsents(deps, accountId, extensionId)), { accountId, extensionId });
  }
  return { settings: result.settings, changes: result.changes };
}

function checkSmsComplete(next: { smsEnabled: boolean; smsSender: string | null; smsRecipients: string[] }): void {
  if (!next.smsEnabled) return;
  if (!next.smsSender) refuse('SMS alerts need a sender number first. Type sms from <number> (one of your numbers that can send texts), then sms on.');
  if (next.smsRecipients.length === 0) refuse('SMS alerts need at least one recipient. Type sms to <number>, then sms on.');
}

function parseRecipients(scope: AdminScope, texts: string[]): string[] {
  const numbers: string[] = [];
  for (const text of texts) {
    const parsed = parsePhone(text, scope.country);
    if (!parsed.ok) return refuse(parsed.message);
    if (numbers.includes(parsed.e164)) refuse(`${parsed.e164} is listed twice. Each recipient can be listed once.`);
    numbers.push(parsed.e164);
  }
  if (numbers.length > MAX_RECIPIENTS) {
    refuse(`At most ${MAX_RECIPIENTS} SMS recipients are allowed; you gave ${numbers.length}. Remove one with sms remove <number>.`);
  }
  return numbers;
}

/** What a number is, in plain words: its label when it has one, else its kind ("Main number"). */
const USAGE_NAMES: Record<string, string> = {
  MainCompanyNumber: 'Main number',
  AdditionalCompanyNumber: 'Company number',
  CompanyNumber: 'Company number',
  DirectNumber: 'Direct number',
  CompanyFaxNumber: 'Fax number',
  ForwardedNumber: 'Forwarded number',
  ForwardedCompanyNumber: 'Forwarded number',
  ContactCenterNumber: 'Contact center number',
  PhoneLine: 'Phone line',
};

/** Each of the admin's numbers that can send texts (SmsSender), with what it is and its registration state (one Light call per number, at most 10). */
export async function smsSenderStates(scope: AdminScope): Promise<(SenderReadiness & { label: string })[]> {
  const token = await adminAccessToken(scope.deps, scope.accountId, scope.extensionId);
  const numbers = (await scope.deps.api.listOwnPhoneNumbers(token)).filter((n) => n.features.includes('SmsSender'));
  const unique = [...new Map(numbers.map((n) => [n.phoneNumber, n])).values()];
  return Promise.all(
    unique.map(async (n, i) => ({
      ...(i < 10 ? await senderReadiness(scope.deps, token, n) : { phoneNumber: n.phoneNumber, state: 'unknown' as const, summary: 'registration not checked', detail: '' }),
      label: n.label?.trim() || USAGE_NAMES[n.usageType ?? ''] || 'Your number',
    })),
  );
}

/**
 * The picked sender: one of the admin's SmsSender numbers whose registration lets it send. A number whose
 * 10DLC campaign is not Confirmed, or whose toll-free verification is missing, is refused with why and what to do.
 */
async function checkSender(scope: AdminScope, text: string): Promise<{ e164: string; warning: string }> {
  const parsed = parsePhone(text, scope.country);
  if (!parsed.ok) return refuse(parsed.message);
  const token = await adminAccessToken(scope.deps, scope.accountId, scope.extensionId);
  const numbers = (await scope.deps.api.listOwnPhoneNumbers(token)).filter((n) => n.features.includes('SmsSender'));
  const senders = [...new Set(numbers.map((n) => n.phoneNumber))];
  const picked = numbers.find((n) => n.phoneNumber === parsed.e164);
  let warning = '';
  if (picked) {
    const readiness = await senderReadiness(scope.deps, token, picked);
    if (readiness.state === 'not-ready') {
      refuse(`${formatPhoneNumber(parsed.e164, scope.country)} cannot send SMS alerts yet: ${readiness.detail} Type settings to see the state of each of your numbers.`);
    }
    if (readiness.state === 'unknown') {
      scope.deps.logger.warn({ accountId: scope.accountId, reason: readiness.summary }, 'SMS sender accepted without a confirmed registration');
      warning = `Note: ${formatPhoneNumber(parsed.e164, scope.country)}: ${readiness.summary}. ${readiness.detail}.`;
    }
  }
  if (!senders.includes(parsed.e164)) {
    return refuse(
      senders.length
        ? `${formatPhoneNumber(parsed.e164, scope.country)} is not one of your numbers that can send texts. Choose one of: ${senders.map((n) => formatPhoneNumber(n, scope.country)).join(', ')}.`
        : 'None of your numbers can send texts, so text alerts cannot go out from your login. Ask your RingCentral admin for a number that can send texts, or use team chats.',
    );
  }
  return { e164: parsed.e164, warning };
}

export async function setSmsEnabled(scope: AdminScope, on: boolean) {
  const current = await scope.deps.db.settings.get(scope.accountId, scope.extensionId);
  checkSmsComplete({ ...current, smsEnabled: on });
  return apply(scope, { smsEnabled: on });
}

/** `sms from`: a sender whose registration is unknown is kept, and the reply says so (`notice`). */
export async function setSmsSender(scope: AdminScope, text: string) {
  const { e164, warning } = await checkSender(scope, text);
  return { ...(await apply(scope, { smsSender: e164 })), notice: warning };
}

export async function setSmsRecipients(scope: AdminScope, texts: string[]) {
  if (texts.length === 0) refuse('Give at least one number: sms to +16505550100 [+16505550101 …]');
  return apply(scope, { smsRecipients: parseRecipients(scope, texts) });
}

export async function addSmsRecipient(scope: AdminScope, text: string) {
  const current = await scope.deps.db.settings.get(scope.accountId, scope.extensionId);
  const parsed = parsePhone(text, scope.country);
  if (!parsed.ok) return refuse(parsed.message);
  if (current.smsRecipients.includes(parsed.e164)) refuse(`${parsed.e164} is already a recipient.`);
  if (current.smsRecipients.length >= MAX_RECIPIENTS) {
    refuse(`You already have ${MAX_RECIPIENTS} SMS recipients, the most allowed. Remove one first with sms remove <number>.`);
  }
  return apply(scope, { smsRecipients: [...current.smsRecipients, parsed.e164] });
}

export async function removeSmsRecipient(scope: AdminScope, text: string) {
  const current = await scope.deps.db.settings.get(scope.accountId, scope.extensionId);
  const parsed = parsePhone(text, scope.country);
  if (!parsed.ok) return refuse(parsed.message);
  if (!current.smsRecipients.includes(parsed.e164)) {
    refuse(`${parsed.e164} is not a recipient. Current recipients: ${current.smsRecipients.join(', ') || '(none)'}.`);
  }
  const remaining = current.smsRecipients.filter((n) => n !== parsed.e164);
  // With no recipient left SMS cannot stay on: switch it off in the same change, and say so.
  return apply(scope, { smsRecipients: remaining, ...(remaining.length === 0 && current.smsEnabled ? { smsEnabled: false } : {}) });
}

export async function setChatsEnabled(scope: AdminScope, on: boolean) {
  const current = await scope.deps.db.settings.get(scope.accountId, scope.extensionId);
  if (on && current.chatIds.length === 0) {
    refuse('Team chat alerts need at least one chat. Type notify here (mentioning me) in a team chat I am in, or choose chats with settings.');
  }
  return apply(scope, { chatsEnabled: on });
}

/** `notify here`: adds the team or group chat the command was typed in, and switches chat alerts on. */
export async function addHereChat(scope: AdminScope, chat: { id: string; type: string | undefined }) {
  if (chat.type !== undefined && !['Team', 'Group', 'Everyone'].includes(chat.type)) {
    refuse('notify here works in a team or group chat. Mention me there with: notify here');
  }
  const current = await scope.deps.db.settings.get(scope.accountId, scope.extensionId);
  if (current.chatIds.includes(chat.id)) {
    return apply(scope, { chatsEnabled: true });
  }
  if (current.chatIds.length >= MAX_CHATS) {
    refuse(`You already have ${MAX_CHATS} alert chats, the most allowed. Type stop here in one of them first.`);
  }
  return apply(scope, { chatIds: [...current.chatIds, chat.id], chatsEnabled: true });
}

/** `stop here`: removes the chat; with none left, chat alerts switch off. */
export async function removeHereChat(scope: AdminScope, chatId: string) {
  const current = await scope.deps.db.settings.get(scope.accountId, scope.extensionId);
  if (!current.chatIds.includes(chatId)) refuse('This chat is not one of your alert chats, so there is nothing to stop here.');
  const remaining = current.chatIds.filter((id) => id !== chatId);
  return apply(scope, { chatIds: remaining, ...(remaining.length === 0 ? { chatsEnabled: false } : {}) });
}

/** Team and group chats the admin is a member of. */
export async function adminChats(scope: AdminScope): Promise<ChatInfo[]> {
  const token = await adminAccessToken(scope.deps, scope.accountId, scope.extensionId);
  const chats = await scope.deps.api.listTeamAndGroupChats(token);
  // The list also holds public teams the admin could join: keep only those they are in.
  return chats.filter((c) => !c.members || c.members.some((m) => m.id === scope.extensionId));
}

/** Checks chosen chats are the admin's, and gets the bot into chosen teams it is not in yet. */
async function checkChats(scope: AdminScope, chatIds: string[]): Promise<string[]> {
  const unique = [...new Set(chatIds.map((c) => c.trim()).filter(Boolean))];
  if (unique.length > MAX_CHATS) refuse(`At most ${MAX_CHATS} alert chats are allowed; you chose ${unique.length}.`);
  if (unique.length === 0) return unique;
  const mine = new Map((await adminChats(scope)).map((c) => [c.id, c]));
  for (const id of unique) {
    const chat = mine.get(id);
    if (!chat) return refuse(`You are not a member of chat ${id}, so it cannot receive your alerts.`);
    const botIn = chat.members?.some((m) => m.id === scope.botId) ?? (await scope.deps.db.botChats.list(scope.accountId)).some((c) => c.chatId === id);
    if (botIn) continue;
    const name = chat.name ?? id;
    if (chat.type !== 'Team') {
      refuse(`I am not in the group chat "${name}". Add Audit Trail Bot to it (open the chat, Add people, Audit Trail Bot), then save again.`);
    }
    try {
      const token = await adminAccessToken(scope.deps, scope.accountId, scope.extensionId);
      await scope.deps.api.addTeamMember(token, id, scope.botId);
    } catch (error) {
      if (error instanceof RingCentralError) {
        refuse(`I could not join the team "${name}" (${error.message}). Add Audit Trail Bot to it yourself (open the team, Add people, Audit Trail Bot), then save again.`);
      }
      throw error;
    }
  }
  return unique;
}

/** The directives card's Save: everything validated first, then one change. */
export async function saveDirectives(
  scope: AdminScope,
  form: { smsEnabled: boolean; smsSender: string; recipients: string[]; chatsEnabled: boolean; chatIds: string[] },
  expectedVersion: number,
) {
  const current = await scope.deps.db.settings.get(scope.accountId, scope.extensionId);
  if (current.version !== expectedVersion) {
    refuse('These settings changed since this card was shown, so nothing was saved. Here is the current card: make your change again.');
  }
  const smsRecipients = parseRecipients(scope, form.recipients.filter((r) => r.trim() !== ''));
  const smsSender = form.smsSender.trim() ? (await checkSender(scope, form.smsSender)).e164 : null;
  checkSmsComplete({ smsEnabled: form.smsEnabled, smsSender, smsRecipients });
  const chatIds = await checkChats(scope, form.chatIds);
  if (form.chatsEnabled && chatIds.length === 0) refuse('Team chat alerts need at least one chat: choose one, or switch Team Messaging off.');
  return apply(scope, { smsEnabled: form.smsEnabled, smsSender, smsRecipients, chatsEnabled: form.chatsEnabled, chatIds }, expectedVersion);
}

/** Parses `events on|off` arguments: keys or `all`. */
export function parseEventKeys(args: string[]): EventKey[] {
  if (args.length === 0) refuse('Name the events: events on <key> … or events on all. Type events list to see the keys.');
  if (args.some((a) => a.toLowerCase() === 'all')) return [...EVENT_KEYS];
  const keys: EventKey[] = [];
  for (const arg of args) {
    const key = arg.toLowerCase();
    if (!isEventKey(key)) return refuse(`"${arg}" is not an event key. Type events list to see them all.`);
    keys.push(key);
  }
  return keys;
}

export async function switchEvents(scope: AdminScope, keys: EventKey[], on: boolean, expectedVersion?: number) {
  const current = await scope.deps.db.settings.get(scope.accountId, scope.extensionId);
  const chosen = new Set(current.eventKeys);
  for (const key of keys) {
    if (on) chosen.add(key);
    else chosen.delete(key);
  }
  return apply(scope, { eventKeys: EVENT_KEYS.filter((k) => chosen.has(k)) }, expectedVersion);
}

/** The events card's Save: exactly the toggled-on keys. */
export async function saveEvents(scope: AdminScope, keys: EventKey[], expectedVersion: number) {
  return apply(scope, { eventKeys: EVENT_KEYS.filter((k) => keys.includes(k)) }, expectedVersion);
}

/** `timezone <IANA name>` (or `timezone default` to follow the account's zone again). */
export async function setTimezone(scope: AdminScope, name: string) {
  if (name.toLowerCase() === 'default') return apply(scope, { timezone: null });
  try {
    const canonical = new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
    return apply(scope, { timezone: canonical });
  } catch {
    return refuse(`"${name}" is not a time zone I know. Use an IANA name such as America/New_York or Europe/London, or timezone default.`);
  }
}

export async function setPaused(scope: AdminScope, paused: boolean) {
  return apply(scope, { paused });
}

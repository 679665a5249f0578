import type { AdminScope } from './settings-service';
import { AppError } from '../errors/app-error';
import { formatAlertTime } from '../alerts/format-alert-time';
import type { NoiseSettings, StoredExclusion } from '../db/noise-repository';
import { DURATION_FORMS, isActive, parseDuration, type ExclusionSource } from '../policy/exclusions';
import { parseQuietHours, QUIET_FORMS } from '../policy/quiet-hours';
import { DAILY_DIGEST_AT, isDigestInterval } from '../policy/digest';
import { DEFAULT_BURST_COUNT, DEFAULT_BURST_WINDOW_MINUTES, MAX_BURST_WINDOW_MINUTES, MIN_BURST_COUNT } from '../policy/burst';

/** A refusal the admin reads in chat: what was wrong and what to type. Nothing is saved. */
const refuse = (message: string): never => {
  throw new AppError('bad_request', message);
};

/** The change-log field of exclusions (shown as is in `status`). */
export const EXCLUSIONS_FIELD = 'Actor exclusions';
export const BURST_FIELD = 'Bursts';
export const QUIET_FIELD = 'SMS quiet hours';

const ACTOR_FORMS = {
  ringex: 'ignore actor <name | extension number | email> [for <duration>], e.g. ignore actor Sync Service for 7d, ignore actor 12004 for 12h, ignore actor sync@example.com',
  ringcx: 'ringcx ignore <userName> [for <duration>], e.g. ringcx ignore jane.doe@example.com for 7d',
};

async function timeZoneOf(scope: AdminScope): Promise<string> {
  const settings = await scope.deps.db.settings.get(scope.accountId, scope.extensionId);
  return settings.timezone ?? (await scope.deps.db.admins.find(scope.accountId, scope.extensionId))?.timezone ?? 'UTC';
}

/** "until Dec 8, 2026 2:00 pm" or "until removed". */
export function untilText(expiresAt: Date | null, timeZone: string): string {
  if (expiresAt === null) return 'until removed';
  const t = formatAlertTime(expiresAt, timeZone);
  return `until ${t.date}${t.time ? ` ${t.time}` : ''}`;
}

/**
 * "Sync Service for 7d" → the actor and how long. A trailing `for <duration>` is the duration; without
 * it the exclusion lasts until removed. Names are 1–100 characters without control characters; an
 * extension number is 1–8 digits; an email has one @ and a dot after it.
 */
export function parseActorArgs(args: string[], source: ExclusionSource): { actor: string; durationMs: number | null; durationWords: string | null } {
  const forAt = args.map((a) => a.toLowerCase()).lastIndexOf('for');
  let words = args;
  let durationMs: number | null = null;
  let durationWords: string | null = null;
  if (forAt >= 0 && forAt < args.length - 1) {
    const duration = parseDuration(args.slice(forAt + 1).join(' '));
    if (!duration) return refuse(`"${args.slice(forAt + 1).join(' ')}" is not a duration I can read. Give ${DURATION_FORMS}. Type: ${ACTOR_FORMS[source]}. Nothing was saved.`);
    durationMs = duration.ms;
    durationWords = duration.words;
    words = args.slice(0, forAt);
  }
  const actor = words.join(' ').replace(/\s+/g, ' ').trim();
  const bad =
    actor === '' ||
    actor.length > 100 ||
    /[\u0000-\u001f\u007f]/.test(actor) ||
    (actor.includes('@') && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(actor)) ||
    (/^[\d\s-]+$/.test(actor) && !/^\d{1,8}$/.test(actor));
  if (bad) return refuse(`I cannot read "${actor}" as ${source === 'ringex' ? 'a name, an extension number (up to 8 digits) or an email' : 'a RingCX user name'}. Type: ${ACTOR_FORMS[source]}. Nothing was saved.`);
  return { actor, durationMs, durationWords };
}

/** `ignore actor …` / `ringcx ignore … for …`: no alerts for changes by this actor (critical ones still come, marked). */
export async function excludeActor(scope: AdminScope, source: ExclusionSource, args: string[]): Promise<string> {
  const { actor, durationMs, durationWords } = parseActorArgs(args, source);
  const now = scope.deps.now();
  const expiresAt = durationMs === null ? null : new Date(now.getTime() + durationMs);
  const timeZone = await timeZoneOf(scope);
  const previous = (await scope.deps.db.noise.exclusions(scope.accountId, scope.extensionId)).find(
    (e) => e.source === source && e.actor.toLowerCase() === actor.toLowerCase() && isActive(e, now),
  );
  const label = `${source === 'ringcx' ? 'RingCX ' : ''}${actor}`;
  await scope.deps.db.noise.exclude(
    scope.accountId,
    scope.extensionId,
    { source, actor, expiresAt },
    { field: EXCLUSIONS_FIELD, oldValue: previous ? `${label} ${untilText(previous.expiresAt, timeZone)}` : null, newValue: `${label} ${untilText(expiresAt, timeZone)}` },
    now,
  );
  const how = durationWords === null ? 'until you type' : `for ${durationWords} (${untilText(expiresAt, timeZone)}), or until you type`;
  const unignore = source === 'ringcx' ? `ringcx unignore ${actor}` : `unignore actor ${actor}`;
  const emailNote = source === 'ringex' && actor.includes('@') ? ' (The audit trail names who made a change, not their email: an email matches an initiator named by it, as integration users often are.)' : '';
  return `Saved. No alerts for ${source === 'ringcx' ? 'RingCX changes' : 'changes'} by ${actor} ${how} ${unignore}. Critical alerts still come, marked "(actor is excluded …)".${emailNote}`;
}

/** `unignore actor …` / `ringcx unignore …` (for an exclusion with an expiry). */
export async function unexcludeActor(scope: AdminScope, source: ExclusionSource, args: string[]): Promise<string | undefined> {
  const actor = args.join(' ').replace(/\s+/g, ' ').trim();
  if (actor === '') return refuse(`Name the actor: ${source === 'ringcx' ? 'ringcx unignore <userName>' : 'unignore actor <name | extension number | email>'}. Nothing was changed.`);
  const label = `${source === 'ringcx' ? 'RingCX ' : ''}${actor}`;
  const timeZone = await timeZoneOf(scope);
  const current = (await scope.deps.db.noise.exclusions(scope.accountId, scope.extensionId)).find((e) => e.source === source && e.actor.toLowerCase() === actor.toLowerCase());
  if (!current) return undefined;
  await scope.deps.db.noise.unexclude(scope.accountId, scope.extensionId, source, actor, { field: EXCLUSIONS_FIELD, oldValue: `${label} ${untilText(current.expiresAt, timeZone)}`, newValue: '(removed)' }, scope.deps.now());
  return `Saved. Changes by ${actor} send alerts again.`;
}

/** One line per active exclusion for `status`: "Peter Beck MacIntyre until Dec 8, 2026 2:00 pm". */
export function exclusionLines(exclusions: StoredExclusion[], now: Date, timeZone: string): string[] {
  return exclusions.filter((e) => isActive(e, now)).map((e) => `${e.source === 'ringcx' ? 'RingCX ' : ''}${e.actor} ${untilText(e.expiresAt, timeZone)}`);
}

/** "5 changes within 10 minutes" or "off". */
export function burstSummary(settings: NoiseSettings): string {
  return settings.burstCount === null ? 'Off (type burst 5 to turn on)' : `${settings.burstCount} or more changes by one person within ${settings.burstWindowMinutes} minutes become one summary`;
}

const BURST_FORMS = `burst <count> (${MIN_BURST_COUNT} or more; default ${DEFAULT_BURST_COUNT}), burst window <minutes> (1–${MAX_BURST_WINDOW_MINUTES}; default ${DEFAULT_BURST_WINDOW_MINUTES}) or burst off`;

async function saveBurst(scope: AdminScope, patch: Partial<Pick<NoiseSettings, 'burstCount' | 'burstWindowMinutes'>>): Promise<string> {
  const current = await scope.deps.db.noise.settings(scope.accountId, scope.extensionId);
  const next = { ...current, ...patch };
  if (next.burstCount === current.burstCount && next.burstWindowMinutes === current.burstWindowMinutes) return `Nothing changed: bursts are already ${burstSummary(current).replace(/^Off.*/, 'off')}.`;
  await scope.deps.db.noise.update(scope.accountId, scope.extensionId, patch, [{ field: BURST_FIELD, oldValue: burstSummary(current), newValue: burstSummary(next) }], scope.deps.now());
  return `Saved. Bursts: ${burstSummary(next)}.`;
}

/** `burst <count>` */
export async function setBurstCount(scope: AdminScope, args: string[]): Promise<string> {
  const text = args.join(' ').trim();
  if (!/^\d{1,4}$/.test(text)) return refuse(`"${text}" is not a count. Type ${BURST_FORMS}. Nothing was saved.`);
  const count = Number(text);
  if (count < MIN_BURST_COUNT) return refuse(`A burst needs at least ${MIN_BURST_COUNT} changes (one change is just an alert). Type ${BURST_FORMS}. Nothing was saved.`);
  return saveBurst(scope, { burstCount: count });
}

/** `burst window <minutes>` */
export async function setBurstWindow(scope: AdminScope, args: string[]): Promise<string> {
  const text = args.join(' ').trim().replace(/\s*(m|min|mins|minutes?)$/i, '');
  const minutes = /^\d{1,4}$/.test(text) ? Number(text) : NaN;
  if (!(minutes >= 1 && minutes <= MAX_BURST_WINDOW_MINUTES)) return refuse(`"${args.join(' ')}" is not a number of minutes from 1 to ${MAX_BURST_WINDOW_MINUTES}. Type ${BURST_FORMS}. Nothing was saved.`);
  const current = await scope.deps.db.noise.settings(scope.accountId, scope.extensionId);
  return saveBurst(scope, { burstWindowMinutes: minutes, ...(current.burstCount === null ? { burstCount: DEFAULT_BURST_COUNT } : {}) });
}

/** `burst off` */
export async function setBurstOff(scope: AdminScope): Promise<string> {
  return saveBurst(scope, { burstCount: null });
}

/** The noise-control lines of the status card: bursts and the actor exclusions with their expiry. */
export async function noiseStatusFacts(deps: AdminScope['deps'], accountId: string, extensionId: string, timeZone: string): Promise<{ title: string; value: string }[]> {
  const settings = await deps.db.noise.settings(accountId, extensionId);
  const excluded = exclusionLines(await deps.db.noise.exclusions(accountId, extensionId), deps.now(), timeZone);
  return [
    { title: 'Bursts', value: burstSummary(settings) },
    { title: 'SMS quiet hours', value: quietSummary(settings, timeZone) },
    { title: 'Digests', value: digestSummary(settings) },
    { title: 'Excluded actors', value: excluded.length ? excluded.join('; ') : '(none: type ignore actor <name> [for 7d])' },
  ];
}

/** "22:00–07:00 (America/Los_Angeles): texts that are not critical wait, then come as one" or "Off". */
export function quietSummary(settings: NoiseSettings, timeZone: string): string {
  return settings.smsQuiet === null ? 'Off (type sms quiet 22:00-07:00)' : `${settings.smsQuiet.start}–${settings.smsQuiet.end} (${timeZone}): texts that are not critical are held and sent as one text when they end`;
}

/** `sms quiet <HH:MM>-<HH:MM>` / `sms quiet off`. */
export async function setSmsQuiet(scope: AdminScope, args: string[]): Promise<string> {
  const current = await scope.deps.db.noise.settings(scope.accountId, scope.extensionId);
  const timeZone = await timeZoneOf(scope);
  const text = args.join(' ').trim();
  let smsQuiet: NoiseSettings['smsQuiet'];
  if (text.toLowerCase() === 'off') {
    smsQuiet = null;
  } else {
    const parsed = parseQuietHours(text);
    if (!parsed.ok) return refuse(`${parsed.reason} Type ${QUIET_FORMS}. Nothing was saved.`);
    smsQuiet = parsed.quiet;
  }
  const next = { ...current, smsQuiet };
  if (JSON.stringify(current.smsQuiet) === JSON.stringify(smsQuiet)) return `Nothing changed: SMS quiet hours are already ${quietSummary(current, timeZone).replace(/^Off.*/, 'off')}.`;
  await scope.deps.db.noise.update(scope.accountId, scope.extensionId, { smsQuiet }, [{ field: QUIET_FIELD, oldValue: quietSummary(current, timeZone), newValue: quietSummary(next, timeZone) }], scope.deps.now());
  const sms = await scope.deps.db.settings.get(scope.accountId, scope.extensionId);
  const offNote = smsQuiet !== null && !sms.smsEnabled ? ' (SMS alerts are off at the moment: type sms on.)' : '';
  return smsQuiet === null
    ? 'Saved. SMS quiet hours are off: every text is sent at once.'
    : `Saved. SMS quiet hours: ${quietSummary(next, timeZone)}. Critical alerts are always sent at once.${offNote}`;
}

/** The directives card's quiet-hours line. */
export async function quietLine(scope: AdminScope): Promise<string> {
  return quietSummary(await scope.deps.db.noise.settings(scope.accountId, scope.extensionId), await timeZoneOf(scope));
}

export const DIGEST_FIELD = { chats: 'Chat digest', sms: 'SMS digest' } as const;

/** "Chats: hourly · SMS: off (alerts below High wait; High and Critical come at once)". */
export function digestSummary(settings: NoiseSettings): string {
  if (settings.chatsDigest === 'off' && settings.smsDigest === 'off') return 'Off (every alert at once; type chats digest hourly or sms digest daily)';
  return `Chats: ${settings.chatsDigest} · SMS: ${settings.smsDigest} (alerts below High wait for the digest, daily at ${DAILY_DIGEST_AT} your time; High and Critical come at once)`;
}

/** `chats digest <off|hourly|daily>` / `sms digest …`; a digest for a channel that is off is refused. */
export async function setDigest(scope: AdminScope, channel: 'chats' | 'sms', args: string[]): Promise<string> {
  const word = args.join(' ').trim().toLowerCase();
  const forms = `${channel} digest off, ${channel} digest hourly or ${channel} digest daily (at ${DAILY_DIGEST_AT} in your time zone)`;
  if (!isDigestInterval(word)) return refuse(`"${args.join(' ')}" is not a digest interval. Type ${forms}. Nothing was saved.`);
  const current = await scope.deps.db.noise.settings(scope.accountId, scope.extensionId);
  const field = channel === 'chats' ? 'chatsDigest' : 'smsDigest';
  if (word !== 'off') {
    const settings = await scope.deps.db.settings.get(scope.accountId, scope.extensionId);
    const on = channel === 'chats' ? settings.chatsEnabled : settings.smsEnabled;
    if (!on) return refuse(`${channel === 'chats' ? 'Team chat' : 'SMS'} alerts are off, so there is nothing to gather into a digest. Type ${channel} on first. Nothing was saved.`);
  }
  if (current[field] === word) return `Nothing changed: the ${channel === 'chats' ? 'chat' : 'SMS'} digest is already ${word}.`;
  const next = { ...current, [field]: word };
  await scope.deps.db.noise.update(scope.accountId, scope.extensionId, { [field]: word }, [{ field: DIGEST_FIELD[channel], oldValue: current[field], newValue: word }], scope.deps.now());
  return word === 'off'
    ? `Saved. ${channel === 'chats' ? 'Team chat' : 'SMS'} alerts come one by one again. Digests: ${digestSummary(next)}.`
    : `Saved. Digests: ${digestSummary(next)}.`;
}

export const WEEKLY_FIELD = 'Weekly summary';

/** `weekly summary on|off`: the 7-day summary in the alert chats every Monday 09:00 (admin's time zone). */
export async function setWeeklySummary(scope: AdminScope, on: boolean): Promise<string> {
  const current = await scope.deps.db.noise.settings(scope.accountId, scope.extensionId);
  if (current.weeklySummary === on) return `Nothing changed: the weekly summary is already ${on ? 'on' : 'off'}.`;
  await scope.deps.db.noise.update(scope.accountId, scope.extensionId, { weeklySummary: on }, [{ field: WEEKLY_FIELD, oldValue: current.weeklySummary ? 'on' : 'off', newValue: on ? 'on' : 'off' }], scope.deps.now());
  if (!on) return 'Saved. No more weekly summaries.';
  const settings = await scope.deps.db.settings.get(scope.accountId, scope.extensionId);
  const where = settings.chatsEnabled && settings.chatIds.length > 0 ? 'in your alert chats' : 'in your alert chats (you have none switched on yet: type notify here in a team, and chats on)';
  return `Saved. Every Monday at 09:00 your time I post the summary of the last 7 days ${where}.`;
}

import type { Severity } from './severity';

/** Which audit log an exclusion is about: RingEX initiators or RingCX users. */
export type ExclusionSource = 'ringex' | 'ringcx';

/** "Do not alert me on changes by this actor", until `expiresAt` (null: until removed). */
export interface ActorExclusion {
  source: ExclusionSource;
  /** As the admin typed it: a name, an extension number or an email (RingEX), a user name (RingCX). */
  actor: string;
  expiresAt: Date | null;
}

/** Who made a change, as the audit record says it. */
export interface AlertActor {
  name?: string | undefined;
  extensionNumber?: string | undefined;
  /** RingCX login name (usually an email). */
  userName?: string | undefined;
}

/** What the policy does with one alert of an excluded actor. */
export type ExclusionDecision =
  | { kind: 'send' }
  | { kind: 'suppress'; exclusion: ActorExclusion }
  /** Critical alerts are never suppressed; they say the actor is excluded instead. */
  | { kind: 'send-with-note'; exclusion: ActorExclusion };

const key = (text: string | undefined): string | undefined => {
  const value = text?.trim().replace(/\s+/g, ' ').toLowerCase();
  return value === '' ? undefined : value;
};

/** The exclusion key of what an admin typed: trimmed, single spaces, lower case. */
export function actorKeyOf(text: string): string {
  return key(text) ?? '';
}

/**
 * True when `exclusion` names `actor`. RingEX: the initiator's name, extension number, or an email
 * equal to the initiator's name (the audit record carries no email field: RINGCENTRAL.md §8 —
 * integration accounts are often named by their email, so this matches those; UNCONFIRMED beyond that).
 * RingCX: the user name (login email) or the person's name.
 */
export function excludes(exclusion: ActorExclusion, source: ExclusionSource, actor: AlertActor): boolean {
  if (exclusion.source !== source) return false;
  const wanted = actorKeyOf(exclusion.actor);
  if (wanted === '') return false;
  if (source === 'ringex') return wanted === key(actor.name) || wanted === key(actor.extensionNumber);
  return wanted === key(actor.userName) || wanted === key(actor.name);
}

/** True while the exclusion applies at `at` (an exclusion without an expiry always applies). */
export function isActive(exclusion: ActorExclusion, at: Date): boolean {
  return exclusion.expiresAt === null || exclusion.expiresAt.getTime() > at.getTime();
}

/**
 * The exclusion policy for one alert at `now`: no active exclusion names its actor → send; one does
 * → suppress, except a critical alert, which is sent with a note.
 */
export function exclusionDecision(
  exclusions: readonly ActorExclusion[],
  alert: { source: ExclusionSource; actor: AlertActor; severity: Severity },
  now: Date,
): ExclusionDecision {
  const exclusion = exclusions.find((e) => isActive(e, now) && excludes(e, alert.source, alert.actor));
  if (!exclusion) return { kind: 'send' };
  return alert.severity === 'critical' ? { kind: 'send-with-note', exclusion } : { kind: 'suppress', exclusion };
}

const UNITS: Record<string, { ms: number; words: [string, string] }> = {
  m: { ms: 60_000, words: ['minute', 'minutes'] },
  h: { ms: 3_600_000, words: ['hour', 'hours'] },
  d: { ms: 86_400_000, words: ['day', 'days'] },
  w: { ms: 7 * 86_400_000, words: ['week', 'weeks'] },
};
const UNIT_NAMES: Record<string, string> = {
  m: 'm', min: 'm', mins: 'm', minute: 'm', minutes: 'm',
  h: 'h', hr: 'h', hrs: 'h', hour: 'h', hours: 'h',
  d: 'd', day: 'd', days: 'd',
  w: 'w', week: 'w', weeks: 'w',
};
/** At most a year: a longer exclusion is "until removed". */
const MAX_DURATION_MS = 366 * 86_400_000;

/** The forms `parseDuration` accepts, for refusals. */
export const DURATION_FORMS = 'a number and a unit: 30m, 12h, 7d or 2w (minutes, hours, days, weeks), at most 366 days';

/** "7d", "12h", "30 m", "2 weeks" → milliseconds; anything else (or zero, or over a year) → undefined. */
export function parseDuration(text: string): { ms: number; words: string } | undefined {
  const match = /^(\d{1,4})\s*([a-z]+)$/i.exec(text.trim());
  if (!match) return undefined;
  const count = Number(match[1]);
  const unit = UNIT_NAMES[match[2]!.toLowerCase()];
  if (!unit || count < 1) return undefined;
  const { ms, words } = UNITS[unit]!;
  if (count * ms > MAX_DURATION_MS) return undefined;
  return { ms: count * ms, words: `${count} ${count === 1 ? words[0] : words[1]}` };
}

import type { BotDeps } from '../bot/bot-deps';
import type { AlertRef, Triage } from '../db/alert-triage-repository';
import { AppError } from '../errors/app-error';
import { formatShortLocalTime } from './format-alert-time';
import { TRIAGE_TARGET, triageVerbsFor, type TriageVerb } from './triage-verbs';

/** Who clicked, as the submit tells us (RINGCENTRAL.md §4: the clicker is user.extId, else user.id). */
export interface Clicker {
  id: string;
  accountId: string;
  name: string;
}

const refuse = (message: string): never => {
  throw new AppError('bad_request', message);
};

const PAST: Record<Triage['state'], string> = { open: 'reopened', acknowledged: 'acknowledged', expected: 'marked as expected', resolved: 'resolved' };

/** "Ada Admin already acknowledged this alert (Apr 24, 2:14 pm PDT)." */
export function firstWasMessage(current: Triage, timeZone: string): string {
  const when = current.changedAt ? ` (${formatShortLocalTime(current.changedAt, timeZone)})` : '';
  return `${current.actorName ?? 'Someone'} already ${PAST[current.state]} this alert${when}. Nothing changed; the card shows the current state.`;
}

/**
 * Who may triage an alert: users of the alert's account (another account's user, e.g. an external
 * guest in the chat, is refused), and with `triage admins` only admins who authorized the bot.
 */
export async function checkMayTriage(deps: Pick<BotDeps, 'db'>, ref: AlertRef, clicker: Clicker, adminId: string | undefined): Promise<void> {
  if (clicker.accountId !== ref.accountId) {
    refuse('Only users of the account this alert is about can triage it, and you are signed in to another RingCentral account. Nothing changed.');
  }
  const policy = await deps.db.alertPolicies.get(ref.accountId, adminId ?? '');
  if (policy.triageWho === 'admins') {
    const admin = await deps.db.admins.find(ref.accountId, clicker.id);
    if (!admin || admin.status !== 'active') refuse('Only admins who authorized Audit Trail Bot can triage these alerts. Nothing changed. (Its admin chose: triage admins.)');
  }
}

/**
 * Applies a click on one alert: the verb must be one the alert's current state offers and the card's
 * version the current one; the change is one conditional update, so of two concurrent clicks the
 * first wins and the second is told who was first. Returns the new triage state.
 */
export async function triageAlert(
  deps: Pick<BotDeps, 'db' | 'now'>,
  ref: AlertRef,
  verb: TriageVerb,
  cardVersion: number,
  clicker: Clicker,
  note: string | null,
  timeZone: string,
): Promise<Triage> {
  const event = await deps.db.auditEvents.find(ref.accountId, ref.source, ref.recordId);
  if (!event) refuse('That alert is no longer stored (its audit record was purged), so there is nothing to change.');
  const current = await deps.db.triage.get(ref);
  if (current.version !== cardVersion) refuse(firstWasMessage(current, timeZone));
  if (!triageVerbsFor(current.state).includes(verb)) {
    refuse(`That button is not offered for an alert that is ${current.state}. Nothing changed.`);
  }
  const result = await deps.db.triage.change(ref, cardVersion, TRIAGE_TARGET[verb], { id: clicker.id, name: clicker.name }, verb === 'expected' ? note : null, deps.now());
  if (!result.ok) return refuse(firstWasMessage(result.current, timeZone));
  return result.triage;
}

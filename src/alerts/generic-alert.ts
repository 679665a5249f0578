import type { AdaptiveCard } from '../cards/render-card';
import type { AuditFacts } from '../catalog/describe-audit-record';
import { alertCard, type AlertCardOptions } from './alert-card';
import { formatAlertSentence, SMS_MAX_UTF16, SMS_OPT_OUT } from './format-alert-sms';

/** One `details.parameters` entry as the record has it (the keys are undocumented: RINGCENTRAL.md §8). */
export interface RecordParameter {
  key: string;
  value: string;
}

const PAST: Record<string, string> = {
  CHANGE: 'changed', UPDATE: 'updated', EDIT: 'edited', MODIFY: 'modified', SET: 'set', RESET: 'reset',
  ENABLE: 'enabled', DISABLE: 'disabled', ACTIVATE: 'activated', DEACTIVATE: 'deactivated',
  CREATE: 'created', ADD: 'added', DELETE: 'deleted', REMOVE: 'removed',
  ASSIGN: 'assigned', UNASSIGN: 'unassigned', ENFORCE: 'enforced', UNFORCE: 'no longer enforced',
  LOCK: 'locked', UNLOCK: 'unlocked', BLOCK: 'blocked', UNBLOCK: 'unblocked', APPROVE: 'approved', REVOKE: 'revoked',
  IMPORT: 'imported', EXPORT: 'exported', MOVE: 'moved', RENAME: 'renamed', UPLOAD: 'uploaded', DOWNLOAD: 'downloaded',
};
/** Words kept in capitals. */
const ACRONYMS = new Set(['ID', 'IP', 'MFA', '2FA', 'SMS', 'MMS', 'FAC', 'SSO', 'API', 'URL', 'IVR', 'DID', 'E911', 'PIN', 'CTI', 'SIP', 'VOIP', 'ACD', 'CRM', 'SAML', 'IDP', 'RCV', 'GLIP', 'PBX', 'DND', 'TFA']);

/**
 * An actionId the catalog does not know, in words: "CHANGE_CALLER_ID" → "Caller ID changed",
 * "DELETE_EXTENSION:User" → "Extension deleted (user)". Without a known verb first:
 * "CALLER_ID_RESET" → "Caller ID reset" (words as they are).
 */
export function actionIdInWords(actionId: string): string {
  const [action = '', ...scope] = actionId.trim().split(':');
  const words = action.split(/[_\s]+/).filter(Boolean).map((w) => w.toUpperCase());
  if (words.length === 0) return 'Unknown audit-trail event';
  const word = (w: string) => (ACRONYMS.has(w) ? w : w.toLowerCase());
  const verb = PAST[words[0]!];
  const rest = (verb ? words.slice(1) : words).map(word);
  const phrase = verb ? [...rest, verb] : rest;
  if (phrase.length === 0) return 'Unknown audit-trail event';
  const qualifier = scope.join(' ').replace(/[_\s]+/g, ' ').trim().toLowerCase();
  const sentence = phrase.join(' ') + (qualifier ? ` (${qualifier})` : '');
  return sentence.charAt(0).toUpperCase() + sentence.slice(1);
}

/** Every `details.parameters` entry of a stored record that has a value, in order; a missing key shows as "parameter N". */
export function recordParameters(raw: string): RecordParameter[] {
  let record: unknown;
  try {
    record = JSON.parse(raw);
  } catch {
    return [];
  }
  const parameters = (record as { details?: { parameters?: unknown } } | null)?.details?.parameters;
  if (!Array.isArray(parameters)) return [];
  return parameters.flatMap((p: unknown, i) => {
    const entry = (typeof p === 'object' && p !== null ? p : {}) as { key?: unknown; value?: unknown };
    const value = typeof entry.value === 'string' || typeof entry.value === 'number' || typeof entry.value === 'boolean' ? String(entry.value).replace(/\s+/g, ' ').trim() : '';
    if (value === '') return [];
    const key = typeof entry.key === 'string' && entry.key.trim() !== '' ? entry.key.trim() : `parameter ${i + 1}`;
    return [{ key, value }];
  });
}

/** The facts of a record outside the catalog: its actionId in words, and no guessed element / old / new values. */
export function genericFacts(facts: AuditFacts, actionId: string): AuditFacts {
  const { element: _element, oldValue: _old, newValue: _new, ...rest } = facts;
  return { ...rest, description: actionIdInWords(actionId) };
}

/** The alert card for an action outside the catalog: the usual card, plus each parameter as "key: value". */
export function genericAlertCard(facts: AuditFacts, parameters: RecordParameter[], timeZone: string, options: AlertCardOptions = {}): AdaptiveCard {
  const card = alertCard(facts, timeZone, options);
  if (parameters.length === 0) return card;
  return {
    ...card,
    body: [
      ...card.body,
      { type: 'TextBlock', text: 'Details', weight: 'Bolder', spacing: 'Medium', wrap: true },
      { type: 'FactSet', spacing: 'Small', facts: parameters.map((p) => ({ title: p.key, value: p.value })) },
    ],
  };
}

/**
 * The SMS for an action outside the catalog, in the product guide's style: the sentence, then
 * `Details: key: value; key: value`, then the opt-out (within 1000 units: details are cut first).
 */
export function genericAlertSms(facts: AuditFacts, parameters: RecordParameter[], timeZone: string): string {
  const sentence = formatAlertSentence(facts, timeZone);
  const details = parameters.length ? ` Details: ${parameters.map((p) => `${p.key}: ${p.value}`).join('; ')}` : '';
  const room = SMS_MAX_UTF16 - SMS_OPT_OUT.length - 1;
  let text = `${sentence}${details}`;
  if (text.length > room) text = `${text.slice(0, room - 1)}…`;
  return `${text} ${SMS_OPT_OUT}`;
}

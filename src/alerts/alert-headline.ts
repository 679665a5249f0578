import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { AuditFacts } from '../catalog/describe-audit-record';
import { readsAsOn } from '../policy/grade-alert';

/** Collapses whitespace; blank is undefined. */
export const oneLine = (value: string | undefined): string | undefined => {
  const text = value?.replace(/\s+/g, ' ').trim();
  return text === '' ? undefined : text;
};

/** "+16505550121" → "+1 650 555 0121"; anything that is not an E.164 number stays as it is. */
export function formatPhoneValue(value: string | undefined): string | undefined {
  const text = oneLine(value);
  if (text === undefined || !/^\+\d{7,15}$/.test(text)) return text;
  return parsePhoneNumberFromString(text)?.formatInternational() ?? text;
}

/** Readable names of the user-info elements RingCentral sends as identifiers (RINGCENTRAL.md §8). */
const ELEMENT_NAMES: Record<string, string> = {
  contactphone: 'Contact phone',
  mobilephone: 'Mobile phone',
  firstname: 'First name',
  lastname: 'Last name',
  jobtitle: 'Job title',
  email: 'Email',
  department: 'Department',
  recordusername: 'Record user name',
};

/** "ContactPhone" → "Contact phone", "maxQueueTime" → "Max queue time", "Department" stays. */
export function readableName(name: string): string {
  const known = ELEMENT_NAMES[name.toLowerCase().replace(/[^a-z0-9]/g, '')];
  if (known) return known;
  const words = name.replace(/[_-]+/g, ' ').replace(/([a-z0-9])([A-Z])/g, '$1 $2').trim().toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const change = (from: string | undefined, to: string | undefined): string | undefined =>
  from !== undefined && to !== undefined ? `${from} → ${to}` : to !== undefined ? `now ${to}` : from !== undefined ? `was ${from}` : undefined;

const targetName = (facts: AuditFacts): string | undefined => oneLine(facts.target.name) ?? (oneLine(facts.target.extensionNumber) ? `ext ${facts.target.extensionNumber}` : undefined);

function withTarget(text: string, facts: AuditFacts): string {
  const target = targetName(facts);
  return target === undefined ? text : `${text} for ${target}`;
}

function ringcxHeadline(facts: AuditFacts): string {
  const type = oneLine(facts.entity?.type) ?? 'entity';
  const name = oneLine(facts.entity?.description);
  const verb = facts.action === 'CREATE' ? 'created' : facts.action === 'DELETE' ? 'deleted' : facts.action === 'UPDATE' ? 'updated' : 'changed';
  const head = `RingCX ${type}${name === undefined ? '' : ` '${name}'`} ${verb}`;
  const [first, ...more] = facts.changes ?? [];
  if (first === undefined) return head;
  const detail = `${first.attribute} ${oneLine(first.from) ?? '(empty)'} → ${oneLine(first.to) ?? '(empty)'}`;
  return `${head}: ${detail}${more.length ? ` (and ${more.length} more)` : ''}`;
}

/**
 * One line stating the change and its target: "Department changed for Peter B MacIntyre 44: Biology →
 * Mathematics", "MFA turned OFF for the whole company", "RingCX Gate 'Sales Queue' updated:
 * gatePriority 0 → 1". Also the card's fallback text.
 */
export function alertHeadline(facts: AuditFacts): string {
  if (facts.source === 'RingCX') return ringcxHeadline(facts);
  const from = formatPhoneValue(facts.oldValue);
  const to = formatPhoneValue(facts.newValue);
  switch (facts.key) {
    case 'mfa-company-off':
      return 'MFA turned OFF for the whole company';
    case 'mfa-company-on':
      return 'MFA turned on for the whole company';
    case '2fa-user-off':
      return withTarget('2FA turned OFF', facts);
    case '2fa-user-on':
      return withTarget('2FA turned on', facts);
    case 'fac-user-enabled':
      return withTarget('Forward All Calls turned ON', facts);
    case 'fac-user-disabled':
      return withTarget('Forward All Calls turned off', facts);
    case 'fac-company-changed':
      return `Company calls now: ${to ?? 'changed'}${from === undefined ? '' : ` (was: ${from})`}`;
    case 'guest-communications-changed':
      return `External guest communications turned ${readsAsOn(facts.newValue) ? 'ON' : 'off'} for the company${from !== undefined && to !== undefined ? `: ${from} → ${to}` : ''}`;
    case 'file-sharing-changed':
      return `Team Messaging file sharing turned ${readsAsOn(facts.newValue) ? 'ON' : 'off'} for the company${from !== undefined && to !== undefined ? `: ${from} → ${to}` : ''}`;
    case undefined: {
      const description = oneLine(facts.description) ?? 'Audit-trail event';
      const detail = change(from, to);
      const element = oneLine(facts.element);
      const what = element !== undefined && description === 'User account information changed' ? `${readableName(element)} changed` : description;
      return `${withTarget(what, facts)}${detail === undefined ? '' : `: ${detail}`}`;
    }
    default: {
      // every user-information event: "<Element> changed for <user>: old → new"
      const element = readableName(oneLine(facts.element) ?? 'User information');
      const detail = change(from, to);
      return `${withTarget(`${element} changed`, facts)}${detail === undefined ? '' : `: ${detail}`}`;
    }
  }
}

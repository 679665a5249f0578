import { describe, expect, it } from 'vitest';
import { alertCard } from '../../../src/alerts/alert-card';
import { formatAlertSentence } from '../../../src/alerts/format-alert-sms';
import type { AdaptiveCard } from '../../../src/cards/render-card';
import { describeAuditRecord, type AuditFacts } from '../../../src/catalog/describe-audit-record';
import { EVENT_KEYS, type EventKey } from '../../../src/catalog/event-catalog';
import { DEPARTMENT_CHANGE, EVENT_RECORDS, POLL_TIME, parsed, rawRecord } from '../catalog/audit-record-fixtures';
import { ALLOWED_TYPES, sdkProblems, stringsOf, typedObjects } from '../cards/card-inspect';

const LA = 'America/Los_Angeles';
const factsOf = (raw: unknown): AuditFacts => describeAuditRecord(parsed(raw), POLL_TIME);

const texts = (card: AdaptiveCard): string[] =>
  typedObjects(card)
    .filter((o) => o['type'] === 'TextBlock')
    .map((o) => String(o['text']));

const factsShown = (card: AdaptiveCard): { title: string; value: string }[] =>
  typedObjects(card)
    .filter((o) => o['type'] === 'FactSet')
    .flatMap((o) => (Array.isArray(o['facts']) ? o['facts'] : []))
    .map((fact) => fact as { title: string; value: string });

const WEAKENING: ReadonlySet<EventKey> = new Set(['mfa-company-off', '2fa-user-off', 'fac-user-enabled', 'guest-communications-changed']);
const BANNER = 'Test alert — no change happened';
const WEAKENED = '⚠ Security weakened';

describe('alertCard', () => {
  it("When the guide's Department change is shown, then the card has the description as title and who, what, affected, when and source", () => {
    const card = alertCard(factsOf(DEPARTMENT_CHANGE), LA);
    expect(texts(card)).toEqual(['User account information changed']);
    expect(factsShown(card)).toEqual([
      { title: 'Who', value: 'Peter Beck MacIntyre · ext 12001 · Super Admin' },
      { title: 'IP address', value: '203.0.113.42' },
      { title: 'What changed', value: 'Department: Biology → Mathematics' },
      { title: 'Affected', value: 'Peter B MacIntyre 44 · ext 12004 · id 1983009004' },
      { title: 'When', value: 'Apr 24, 2025 2:12 pm America/Los_Angeles (Apr 24, 2025 9:12 pm UTC)' },
      { title: 'Source', value: 'RingEX' },
    ]);
  });

  describe.each(EVENT_KEYS.map((key) => [key] as const))('for a %s record', (key) => {
    const facts = factsOf(EVENT_RECORDS[key]);

    it.each([
      ['an alert', false],
      ['a test alert', true],
    ] as const)('When it is rendered as %s, then the adaptivecards SDK parses it as 1.3 with no problems and no template is left over', (_label, test) => {
      const card = alertCard(facts, LA, { test });
      expect(card.version).toBe('1.3');
      expect(sdkProblems(card)).toEqual([]);
      expect(typedObjects(card).every((o) => typeof o['type'] === 'string' && ALLOWED_TYPES.has(o['type']))).toBe(true);
      expect(stringsOf(card).filter(({ value }) => value.includes('${'))).toEqual([]);
      expect(factsShown(card).filter(({ value }) => value.trim() === '')).toEqual([]);
    });

    it(`When it is rendered, then "Security weakened" is ${WEAKENING.has(key) ? 'shown' : 'not shown'} and there is no test banner`, () => {
      const shown = texts(alertCard(facts, LA));
      expect(shown.includes(WEAKENED)).toBe(WEAKENING.has(key));
      expect(shown).not.toContain(BANNER);
      expect(shown).toContain(facts.description);
    });

    it('When it is rendered, then the fallback text is the SMS sentence, with "[TEST] " for a test', () => {
      expect(alertCard(facts, LA).fallbackText).toBe(formatAlertSentence(facts, LA));
      expect(alertCard(facts, LA, { test: true }).fallbackText).toBe(`[TEST] ${formatAlertSentence(facts, LA)}`);
    });
  });

  it('When the weakened mark is shown, then it is in the attention colour', () => {
    const mark = typedObjects(alertCard(factsOf(EVENT_RECORDS['mfa-company-off']), LA)).find((o) => o['text'] === WEAKENED);
    expect(mark).toMatchObject({ type: 'TextBlock', color: 'Attention', wrap: true });
  });

  it('When guest communications are turned off, then the card does not say security was weakened', () => {
    const raw = rawRecord('CHANGE_GLIP_ALLOW_ADDING_USERS', ['External guest communications', 'On', 'Off']);
    expect(texts(alertCard(factsOf(raw), LA))).not.toContain(WEAKENED);
  });

  it('When it is a test alert, then a warning banner says no change happened, above the title', () => {
    const card = alertCard(factsOf(DEPARTMENT_CHANGE), LA, { test: true });
    expect(texts(card)).toEqual([BANNER, 'User account information changed']);
    expect(card.body[0]).toMatchObject({ type: 'Container', style: 'warning' });
  });

  it('When the company Forward All Calls action changes, then "What changed" does not repeat the old action as element', () => {
    const card = alertCard(factsOf(EVENT_RECORDS['fac-company-changed']), LA);
    expect(factsShown(card)).toContainEqual({ title: 'What changed', value: 'Play company greeting → Forward to extension 12000' });
    expect(factsShown(card)).toContainEqual({ title: 'Affected', value: 'Lakeside Community College' });
  });

  it('When only a new value is known, then "What changed" reads "element: now value"', () => {
    const card = alertCard(factsOf(rawRecord('CHANGE_USER_INFO:USER', ['Department', null, 'Mathematics'])), LA);
    expect(factsShown(card)).toContainEqual({ title: 'What changed', value: 'Department: now Mathematics' });
  });

  it('When the record has no initiator, target, parameters or IP, then only When and Source are shown', () => {
    const raw = rawRecord('UNFORCE_MFA_ACCOUNT', [], { initiator: null, target: null, details: null, clientIp: null });
    const card = alertCard(factsOf(raw), LA);
    expect(factsShown(card)).toEqual([
      { title: 'When', value: 'Apr 24, 2025 2:12 pm America/Los_Angeles (Apr 24, 2025 9:12 pm UTC)' },
      { title: 'Source', value: 'RingEX' },
    ]);
    expect(sdkProblems(card)).toEqual([]);
  });

  it('When only the initiator extension id is known, then Who shows it', () => {
    const card = alertCard(factsOf(rawRecord('ENFORCE_MFA_ACCOUNT', [], { initiator: { extensionId: '1983002004' } })), LA);
    expect(factsShown(card)).toContainEqual({ title: 'Who', value: 'extension id 1983002004' });
  });

  it('When the zone is invalid, then When shows the UTC time alone', () => {
    const card = alertCard(factsOf(DEPARTMENT_CHANGE), 'Not/AZone');
    expect(factsShown(card)).toContainEqual({ title: 'When', value: 'Apr 24, 2025 9:12 pm UTC' });
  });

  it('When names hold a template expression and quotes, then they are shown as typed and not expanded', () => {
    const name = 'Zoë "Z" O\'Brien ${title}';
    const raw = rawRecord('CHANGE_USER_INFO:USER', ['Department', 'Biology', 'Mathematics'], { target: { objectId: '1983009004', name } });
    const card = alertCard(factsOf(raw), LA);
    expect(factsShown(card)).toContainEqual({ title: 'Affected', value: `${name} · id 1983009004` });
    expect(sdkProblems(card)).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { alertCard } from '../../../src/alerts/alert-card';
import { alertHeadline } from '../../../src/alerts/alert-headline';
import type { AdaptiveCard } from '../../../src/cards/render-card';
import { describeAuditRecord, type AuditFacts } from '../../../src/catalog/describe-audit-record';
import { describeRingcxRecord } from '../../../src/catalog/describe-ringcx-record';
import { parseRingcxRecord } from '../../../src/catalog/ringcx-record';
import { EVENT_KEYS } from '../../../src/catalog/event-catalog';
import { OPEN_TRIAGE } from '../../../src/db/alert-triage-repository';
import { DEPARTMENT_CHANGE, EVENT_RECORDS, POLL_TIME, parsed, rawRecord } from '../catalog/audit-record-fixtures';
import { ALLOWED_TYPES, sdkProblems, stringsOf, typedObjects } from '../cards/card-inspect';

const LA = 'America/Los_Angeles';
const factsOf = (raw: unknown): AuditFacts => describeAuditRecord(parsed(raw), POLL_TIME);
const REF = { accountId: '1983001004', source: 'ringex' as const, adminId: '1983002004' };

const texts = (card: AdaptiveCard): string[] =>
  typedObjects(card)
    .filter((o) => o['type'] === 'TextBlock')
    .map((o) => String(o['text']));

const factsShown = (card: AdaptiveCard): { title: string; value: string }[] =>
  typedObjects(card)
    .filter((o) => o['type'] === 'FactSet')
    .flatMap((o) => (Array.isArray(o['facts']) ? o['facts'] : []))
    .map((fact) => fact as { title: string; value: string });

const buttons = (card: AdaptiveCard): string[] => ((card.actions ?? []) as { title: string }[]).map((a) => a.title);
const BANNER = 'Test alert — no change happened';

describe('alertCard', () => {
  it("When the guide's Department change is shown, then the headline states change and target, the severity is Low, and who/when is one line", () => {
    const card = alertCard(factsOf(DEPARTMENT_CHANGE), LA, { ref: REF });
    expect(texts(card)).toEqual(['Low', 'Department changed for Peter B MacIntyre 44: Biology → Mathematics', 'By Peter Beck MacIntyre (ext 12001, Super Admin) · Apr 24, 2:12 pm PDT']);
    expect(card.fallbackText).toBe('Department changed for Peter B MacIntyre 44: Biology → Mathematics');
    expect(factsShown(card)).toEqual([
      { title: 'Setting', value: 'Department' },
      { title: 'Before', value: 'Biology' },
      { title: 'After', value: 'Mathematics' },
      { title: 'Affected', value: 'Peter B MacIntyre 44 · ext 12004' },
      { title: 'IP address', value: '203.0.113.42' },
      { title: 'Source', value: 'RingEX' },
    ]);
  });

  it('When MFA is turned off for the company, then the card says so, Critical, in the attention container style', () => {
    const card = alertCard(factsOf(EVENT_RECORDS['mfa-company-off']), LA, { ref: REF });
    expect(card.body[0]).toMatchObject({ type: 'Container', style: 'attention', items: [{ text: 'Critical', color: 'Attention' }, { text: 'MFA turned OFF for the whole company' }] });
    expect(card.fallbackText).toBe('MFA turned OFF for the whole company');
  });

  it('When a phone number changes, then the field name is readable and the numbers are formatted', () => {
    const card = alertCard(factsOf(EVENT_RECORDS['user-info-contact-phone']), LA);
    expect(texts(card)[1]).toBe('Contact phone changed for Peter B MacIntyre 44: +1 650 555 0143 → +1 650 555 0199');
    expect(factsShown(card)).toContainEqual({ title: 'Setting', value: 'Contact phone' });
    expect(factsShown(card)).toContainEqual({ title: 'After', value: '+1 650 555 0199' });
  });

  it('When a RingCX gate is updated, then the headline names the entity and the change', () => {
    const facts = describeRingcxRecord(
      parseRingcxRecord({ id: 1, authUser: { userName: 'dana', firstName: 'Dana', lastName: 'Lead', userId: 7 }, createTime: Date.parse('2026-03-02T17:04:05.000Z'), auditedClass: 'com.ringcentral.ringcx.admin.Gate', auditedEntityId: '3120', auditedEntityDescription: 'Sales Queue', actionType: 'UPDATE', accountId: '15001001', auditLogResultList: [{ attributeName: 'gatePriority', originalValue: '0', newValue: '1' }] }).record,
      POLL_TIME,
    );
    expect(alertHeadline(facts)).toBe("RingCX Gate 'Sales Queue' updated: gatePriority 0 → 1");
    const card = alertCard(facts, LA);
    expect(factsShown(card)).toContainEqual({ title: 'Entity', value: 'Gate · Sales Queue' });
    expect(factsShown(card)).toContainEqual({ title: 'Gate priority', value: '0 → 1' });
    expect(JSON.stringify(card)).not.toContain('3120');
  });

  describe.each(EVENT_KEYS.map((key) => [key] as const))('for a %s record', (key) => {
    const facts = factsOf(EVENT_RECORDS[key]);

    it.each([
      ['an open alert', { ref: REF }],
      ['an acknowledged alert', { ref: REF, triage: { ...OPEN_TRIAGE, state: 'acknowledged' as const, version: 1, actorName: 'Ada Admin', changedAt: POLL_TIME } }],
      ['a test alert', { test: true }],
    ] as const)('When it is rendered as %s, then the adaptivecards SDK parses it as 1.3 with no problems, no template left over and no internal id', (_label, options) => {
      const card = alertCard(facts, LA, options);
      expect(card.version).toBe('1.3');
      expect(sdkProblems(card)).toEqual([]);
      expect(typedObjects(card).every((o) => typeof o['type'] === 'string' && ALLOWED_TYPES.has(o['type']))).toBe(true);
      expect(stringsOf(card).filter(({ value }) => value.includes('${'))).toEqual([]);
      expect(factsShown(card).filter(({ value }) => value.trim() === '')).toEqual([]);
      // extension ids of the initiator and target appear only in the buttons' data, never in what people read
      expect([...texts(card), ...factsShown(card).map((f) => f.value)].join('\n')).not.toMatch(/1983002004|1983009004/);
      expect(card.fallbackText).toContain(alertHeadline(facts));
    });
  });

  it('When the alert is open, acknowledged or expected, then the buttons are the ones that state allows, always with Open audit trail', () => {
    const facts = factsOf(EVENT_RECORDS['mfa-company-off']);
    expect(buttons(alertCard(facts, LA, { ref: REF }))).toEqual(['Acknowledge', 'Expected change', 'Open audit trail']);
    const acked = alertCard(facts, LA, { ref: REF, triage: { ...OPEN_TRIAGE, state: 'acknowledged', version: 1, actorName: 'Ada Admin', changedAt: new Date('2025-04-24T21:14:00Z') } });
    expect(buttons(acked)).toEqual(['Expected change', 'Resolve', 'Open audit trail']);
    expect(texts(acked)).toContain('Acknowledged by Ada Admin · Apr 24, 2:14 pm PDT');
    const expected = alertCard(facts, LA, { ref: REF, triage: { ...OPEN_TRIAGE, state: 'expected', version: 2, actorName: 'Ada Admin', note: 'Planned', changedAt: new Date('2025-04-24T21:20:00Z') } });
    expect(buttons(expected)).toEqual(['Reopen', 'Open audit trail']);
    expect(texts(expected)).toContain('Note: Planned');
    expect((acked.actions as { url?: string }[]).at(-1)).toEqual({ type: 'Action.OpenUrl', title: 'Open audit trail', url: 'https://service.ringcentral.com' });
  });

  it('When it is a test alert, then a warning banner says no change happened, above the severity, and there are no triage buttons', () => {
    const card = alertCard(factsOf(DEPARTMENT_CHANGE), LA, { test: true, ref: REF });
    expect(texts(card)[0]).toBe(BANNER);
    expect(card.body[0]).toMatchObject({ type: 'Container', style: 'warning' });
    expect(card.fallbackText).toBe('[TEST] Department changed for Peter B MacIntyre 44: Biology → Mathematics');
    expect(buttons(card)).toEqual(['Open audit trail']);
  });

  it('When the actor answered, then the card says "Confirmed by the actor", or after a no shows Critical and the compromise line', () => {
    const facts = factsOf(EVENT_RECORDS['2fa-user-off']);
    expect(texts(alertCard(facts, LA, { ref: REF, triage: { ...OPEN_TRIAGE, actorAnswer: 'yes' } }))).toContain('Confirmed by the actor');
    const denied = alertCard(facts, LA, { ref: REF, triage: { ...OPEN_TRIAGE, actorAnswer: 'no' } });
    expect(texts(denied)).toContain('The actor says they did not make this change: possible account compromise.');
    expect(texts(denied)[0]).toBe('Critical');
  });

  it('When the record has no initiator, target, parameters or IP, then the headline and time still show', () => {
    const raw = rawRecord('UNFORCE_MFA_ACCOUNT', [], { initiator: null, target: null, details: null, clientIp: null });
    const card = alertCard(factsOf(raw), LA);
    expect(texts(card)).toEqual(['Critical', 'MFA turned OFF for the whole company', 'Apr 24, 2:12 pm PDT']);
    expect(sdkProblems(card)).toEqual([]);
  });

  it('When the zone is invalid, then the time is in UTC', () => {
    expect(texts(alertCard(factsOf(DEPARTMENT_CHANGE), 'Not/AZone'))).toContain('By Peter Beck MacIntyre (ext 12001, Super Admin) · Apr 24, 9:12 pm UTC');
  });

  it('When names hold a template expression and quotes, then they are shown as typed and not expanded', () => {
    const name = 'Zoë "Z" O\'Brien ${headline}';
    const raw = rawRecord('CHANGE_USER_INFO:USER', ['Department', 'Biology', 'Mathematics'], { target: { objectId: '1983009004', name } });
    const card = alertCard(factsOf(raw), LA);
    expect(factsShown(card)).toContainEqual({ title: 'Affected', value: name });
    expect(sdkProblems(card)).toEqual([]);
  });
});

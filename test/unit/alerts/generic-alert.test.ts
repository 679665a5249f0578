import { describe, expect, it } from 'vitest';
import { actionIdInWords, genericAlertSms, genericFacts, recordParameters } from '../../../src/alerts/generic-alert';
import type { AuditFacts } from '../../../src/catalog/describe-audit-record';

describe('actionIdInWords', () => {
  it.each([
    ['CHANGE_CALLER_ID', 'Caller ID changed'],
    ['DELETE_EXTENSION:User', 'Extension deleted (user)'],
    ['ENABLE_SSO', 'SSO enabled'],
    ['CALLER_ID_RESET', 'Caller ID reset'],
    ['UPDATE_IVR_MENU', 'IVR menu updated'],
    ['', 'Unknown audit-trail event'],
  ])('When the actionId is "%s", then it reads "%s"', (actionId, words) => {
    expect(actionIdInWords(actionId)).toBe(words);
  });
});

describe('generic alert SMS', () => {
  const facts: AuditFacts = {
    source: 'RingEX',
    recordId: '9001',
    key: undefined,
    description: 'Change caller id',
    element: '+16505550100',
    oldValue: 'Business Mobile',
    initiator: { name: 'Peter Beck MacIntyre' },
    target: { name: 'Peter B MacIntyre 44', objectId: '1983009004', extensionNumber: '12004' },
    eventTime: new Date('2025-04-24T21:12:00Z'),
    weakensSecurity: false,
  };
  const raw = JSON.stringify({ details: { parameters: [{ key: 'callerId', value: '+16505550100' }, { key: 'featureName', value: 'Business Mobile' }, { key: 'empty', value: '' }, { value: 'x' }] } });

  it('When an action outside the catalog is texted, then it reads like the guide with each parameter as key: value and no guessed element', () => {
    expect(recordParameters(raw)).toEqual([
      { key: 'callerId', value: '+16505550100' },
      { key: 'featureName', value: 'Business Mobile' },
      { key: 'parameter 4', value: 'x' },
    ]);
    expect(genericAlertSms(genericFacts(facts, 'CHANGE_CALLER_ID'), recordParameters(raw), 'America/Los_Angeles')).toBe(
      'Apr 24, 2025 => 2:12 pm: Caller ID changed by: Peter Beck MacIntyre. The target of the change was: Peter B MacIntyre 44 at: 1983009004 (ext: 12004) Details: callerId: +16505550100; featureName: Business Mobile; parameter 4: x To opt out at any time, simply reply with STOP.',
    );
  });

  it('When the parameters are very long, then the text stays within 1000 units and keeps the opt-out whole', () => {
    const long = JSON.stringify({ details: { parameters: [{ key: 'blob', value: 'x'.repeat(3000) }] } });
    const text = genericAlertSms(genericFacts(facts, 'CHANGE_CALLER_ID'), recordParameters(long), 'UTC');
    expect(text.length).toBeLessThanOrEqual(1000);
    expect(text.endsWith('… To opt out at any time, simply reply with STOP.')).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { parseRingcxRecord } from '../../../src/catalog/ringcx-record';
import { describeRingcxRecord, ringcxEventTime, summarizeEntityJson } from '../../../src/catalog/describe-ringcx-record';
import { formatAlertSms } from '../../../src/alerts/format-alert-sms';

const FALLBACK = new Date('2026-03-02T18:00:00.000Z');
const record = {
  id: 998877,
  authUser: { userName: 'dana.lead@sunnyvale.example', firstName: 'Dana', lastName: 'Lead', userId: 77120, sourceId: 'RC' },
  createTime: Date.parse('2026-03-02T17:04:05.000Z'),
  createTimeAsDateTime: '2026-03-02T09:04:05.000-08:00',
  auditedClass: 'com.ringcentral.ringcx.admin.Gate',
  auditedEntityId: '3120',
  auditedEntityDescription: 'Billing Queue',
  actionType: 'UPDATE',
  accountId: '15001001',
  auditLogResultList: [{ attributeName: 'maxQueueTime', originalValue: '30', newValue: '60', classType: 'java.lang.Integer' }],
  affectedEntityJson: '{"gateId":3120,"gateName":"Billing Queue"}',
};

describe('describeRingcxRecord', () => {
  it('When a well-formed UPDATE is described, then the facts name the entity, the action, each change and who made it', () => {
    const { record: parsed, problems } = parseRingcxRecord(record);
    expect(problems).toEqual([]);
    expect(describeRingcxRecord(parsed, FALLBACK)).toEqual({
      source: 'RingCX',
      recordId: '998877',
      key: undefined,
      description: 'RingCX Gate updated',
      initiator: { name: 'Dana Lead', userName: 'dana.lead@sunnyvale.example' },
      target: {},
      eventTime: new Date('2026-03-02T17:04:05.000Z'),
      weakensSecurity: false,
      entity: { type: 'Gate', description: 'Billing Queue', id: '3120' },
      action: 'UPDATE',
      changes: [{ attribute: 'maxQueueTime', from: '30', to: '60' }],
    });
  });

  it('When the SMS is written, then it reads like the RingEX one and ends with the opt-out', () => {
    const facts = describeRingcxRecord(parseRingcxRecord(record).record, FALLBACK);
    expect(formatAlertSms(facts, 'America/Los_Angeles')).toBe(
      'Mar 2, 2026 => 9:04 am: RingCX Gate updated by: Dana Lead (dana.lead@sunnyvale.example). Entity: [Gate: Billing Queue (id 3120)] [maxQueueTime] old value: [30] new value: [60] To opt out at any time, simply reply with STOP.',
    );
  });

  it('When a record is malformed, then the problems are named and the facts keep what is known', () => {
    const { record: parsed, problems } = parseRingcxRecord({ ...record, id: undefined, authUser: 'x', auditLogResultList: 'oops', createTime: 'soon', createTimeAsDateTime: null });
    expect(problems).toEqual(['id: unreadable', 'authUser: unreadable', 'auditLogResultList: not a list']);
    const facts = describeRingcxRecord(parsed, FALLBACK);
    expect(facts).toMatchObject({ recordId: '', description: 'RingCX Gate updated', initiator: {}, eventTime: FALLBACK, entitySummary: 'gateId: 3120, gateName: Billing Queue' });
    expect(parseRingcxRecord('nope').problems).toEqual(['record: not an object (string)']);
  });

  it('When an entity JSON is long or not JSON, then the summary stays short and on one line', () => {
    expect(summarizeEntityJson('not json\n at all')).toBe('not json at all');
    const long = summarizeEntityJson(JSON.stringify(Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`field${i}`, 'x'.repeat(40)]))))!;
    expect(long.length).toBeLessThanOrEqual(240);
    expect(summarizeEntityJson({ nested: { a: 1 }, name: 'Agent A' })).toBe('name: Agent A');
  });
});

describe('ringcxEventTime', () => {
  it('When a record has only createTimeAsDateTime with an offset without a colon (+0000, as RingCX writes it), then its time is read exactly', () => {
    const { record: parsed } = parseRingcxRecord({ ...record, createTime: undefined, createTimeAsDateTime: '2026-01-13T00:00:00.000+0000' });
    expect(ringcxEventTime(parsed, FALLBACK).toISOString()).toBe('2026-01-13T00:00:00.000Z');
  });

  it('When the colon-less offset is west of UTC (-0800), then the instant is 8 hours later in UTC', () => {
    const { record: parsed } = parseRingcxRecord({ ...record, createTime: null, createTimeAsDateTime: '2026-01-13T05:30:00.000-0800' });
    expect(ringcxEventTime(parsed, FALLBACK).toISOString()).toBe('2026-01-13T13:30:00.000Z');
  });

  it('When createTimeAsDateTime cannot be read, then the fallback time stands in and nothing throws', () => {
    const { record: parsed } = parseRingcxRecord({ ...record, createTime: undefined, createTimeAsDateTime: '2026-13-45T99:99:00.000+0000' });
    expect(ringcxEventTime(parsed, FALLBACK)).toEqual(FALLBACK);
  });
});

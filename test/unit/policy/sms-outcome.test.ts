import { describe, expect, it } from 'vitest';
import { smsOutcome, senderProblem } from '../../../src/policy/sms-outcome';

const failed = (deliveryErrorCode: string, messageStatus = 'DeliveryFailed') => smsOutcome({ messageStatus, deliveryErrorCode });

describe('smsOutcome (RINGCENTRAL.md §9 families)', () => {
  it('When the record says Delivered, then the SMS is delivered; Queued and Sent are still waiting', () => {
    expect(smsOutcome({ messageStatus: 'Delivered' })).toEqual({ kind: 'delivered' });
    expect(smsOutcome({ messageStatus: 'Queued' })).toMatchObject({ kind: 'waiting' });
    expect(smsOutcome({ messageStatus: 'Sent' })).toEqual({ kind: 'waiting', why: 'sent to the carrier, no delivery receipt yet' });
  });

  it('When the carrier has not reported (SMS-CAR-104 / -199), then it is waiting whatever the status', () => {
    for (const code of ['SMS-CAR-104', 'SMS-CAR-199']) {
      expect(failed(code, 'Sent')).toMatchObject({ kind: 'waiting' });
      expect(failed(code)).toMatchObject({ kind: 'waiting' });
    }
  });

  it('When the code ends in -413, then the recipient opted out, from any reporting party', () => {
    for (const code of ['SMS-RC-413', 'SMS-UP-413', 'SMS-CAR-413']) expect(failed(code, 'SendingFailed')).toEqual({ kind: 'opted-out', code });
  });

  it('When the destination is invalid, content is refused or the sender cannot send, then it fails with a reason (and a fix for the sender)', () => {
    for (const code of ['SMS-RC-410', 'SMS-UP-410', 'SMS-UP-411', 'SMS-UP-412', 'SMS-CAR-411', 'SMS-CAR-400', 'SMS-CAR-412']) expect(failed(code).kind).toBe('invalid-destination');
    for (const code of ['SMS-UP-432', 'SMS-CAR-432', 'SMS-RC-430', 'SMS-UP-430', 'SMS-CAR-430']) expect(failed(code).kind).toBe('content');
    for (const code of ['SMS-UP-414', 'SMS-CAR-414', 'SMS-UP-431', 'SMS-CAR-461']) {
      const outcome = failed(code);
      expect(outcome.kind).toBe('sender-problem');
      expect(outcome.kind === 'sender-problem' && outcome.fix).toContain('sms from <number>');
    }
  });

  it('When limits, throughput or a *-500 code is reported, then it is retried', () => {
    for (const code of ['SMS-RC-403', 'SMS-CAR-450', 'SMS-CAR-451', 'SMS-CAR-452', 'SMS-CAR-410', 'SMS-CAR-431', 'SMS-RC-500', 'SMS-UP-500', 'SMS-CAR-500', 'SMS-UP-503']) {
      expect(failed(code).kind).toBe('retry');
    }
  });

  it('When a failure has an unknown code or none, then it is unknown (the caller settles it)', () => {
    expect(failed('SMS-CAR-777')).toEqual({ kind: 'unknown', code: 'SMS-CAR-777', status: 'DeliveryFailed' });
    expect(smsOutcome({ messageStatus: 'SendingFailed' })).toEqual({ kind: 'unknown', code: null, status: 'SendingFailed' });
  });

  it('When the POST is refused with MSG-304, MSG-242 or CMN-408, then it is a sender problem with what to do', () => {
    expect(senderProblem('MSG-304')?.reason).toBe('the sender number does not belong to your extension');
    expect(senderProblem('MSG-242')?.reason).toBe('sending SMS is not available from the sender number');
    expect(senderProblem('CMN-408')?.fix).toContain('SMS permission');
    expect(senderProblem('CMN-101')).toBeUndefined();
  });
});

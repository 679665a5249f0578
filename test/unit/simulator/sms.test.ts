import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RingCentralSimulator } from '../../../src/simulator';
import { ADMIN_APP, call, Receiver, standardWorld, startSimulator, type FakeClock } from './sim-fixtures';

let sim: RingCentralSimulator;
let clock: FakeClock;
let world: Awaited<ReturnType<typeof standardWorld>>;
let token: string;
const SMS = '/restapi/v1.0/account/~/extension/~/sms';

beforeEach(async () => {
  ({ sim, clock } = await startSimulator());
  world = await standardWorld(sim);
  token = sim.issueTokens({ extensionId: world.admin.id, clientId: ADMIN_APP.clientId }).accessToken;
});
afterEach(async () => {
  expect(sim.specViolations).toEqual([]);
  await sim.stop();
});

function send(from: string, to: string, text: string) {
  return call(sim.url, 'POST', SMS, token, { from: { phoneNumber: from }, to: [{ phoneNumber: to }], text });
}

const record = (id: unknown) => call(sim.url, 'GET', `/restapi/v1.0/account/~/extension/~/message-store/${String(id)}`, token);

describe('phone numbers', () => {
  it('When the admin lists their numbers, then each comes with features, usage type and paging', async () => {
    const res = await call(sim.url, 'GET', '/restapi/v1.0/account/~/extension/~/phone-number?perPage=1', token);
    expect(res.status).toBe(200);
    expect(res.body.records).toEqual([expect.objectContaining({ phoneNumber: '+16505550100', features: ['SmsSender', 'CallerId'], usageType: 'DirectNumber' })]);
    expect(res.body.paging).toMatchObject({ page: 1, perPage: 1, totalPages: 2, totalElements: 2 });
    expect(res.body.navigation.nextPage.uri).toContain('page=2');
  });
});

describe('sending SMS', () => {
  it('When the admin sends from their SmsSender number, then it is Queued and recorded', async () => {
    const res = await send('+16505550100', '+14155550123', 'MFA was turned off for Acme Corp');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ type: 'SMS', direction: 'Outbound', messageStatus: 'Queued', from: { phoneNumber: '+16505550100' }, to: [{ phoneNumber: '+14155550123' }], subject: 'MFA was turned off for Acme Corp' });
    expect(sim.sentSms).toEqual([expect.objectContaining({ accountId: world.account.id, extensionId: world.admin.id, from: '+16505550100', to: ['+14155550123'], text: 'MFA was turned off for Acme Corp' })]);
  });

  it('When the from number is the extension\'s but cannot send SMS, then it is refused with 403 MSG-242; a number that is not theirs gets 403 MSG-304', async () => {
    const res = await send('+16505550199', '+14155550123', 'hi');
    expect(res.status).toBe(403);
    expect(res.body.errorCode).toBe('MSG-242');
    expect(res.body.errors[0].parameterName).toBe('from.phoneNumber');
    const notTheirs = await send('+19995550100', '+14155550123', 'hi');
    expect(notTheirs.status).toBe(403);
    expect(notTheirs.body.errorCode).toBe('MSG-304');
    expect(sim.sentSms).toHaveLength(0);
  });

  it('When the recipient is not E.164, then it is refused', async () => {
    expect((await send('+16505550100', '415-555-0123', 'hi')).status).toBe(400);
  });

  it('When the text is 1001 UTF-16 units, then it is refused with SMS-UP-432; 1000 is fine', async () => {
    const tooLong = await send('+16505550100', '+14155550123', `${'x'.repeat(999)}😀`);
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.errorCode).toBe('SMS-UP-432');
    expect((await send('+16505550100', '+14155550123', 'x'.repeat(1000))).status).toBe(200);
  });

  it('When a sent SMS ages, then its message record moves Queued → Sent → Delivered on the clock, with smsDeliveryTime', async () => {
    const sent = await send('+16505550100', '+14155550123', 'alert');
    expect((await record(sent.body.id)).body).toMatchObject({ id: sent.body.id, type: 'SMS', direction: 'Outbound', messageStatus: 'Queued' });
    clock.advance(1_500);
    expect((await record(sent.body.id)).body.messageStatus).toBe('Sent');
    clock.advance(2_000);
    const delivered = await record(sent.body.id);
    expect(delivered.body).toMatchObject({ messageStatus: 'Delivered', to: [{ phoneNumber: '+14155550123', messageStatus: 'Delivered' }] });
    expect(typeof delivered.body.smsDeliveryTime).toBe('string');
    expect(delivered.body.deliveryErrorCode).toBeUndefined();
    expect((await record('999999999')).status).toBe(404);
  });

  it('When an outcome is injected for a recipient, then that SMS record ends with the documented status and deliveryErrorCode', async () => {
    sim.injectSmsOutcome('+14155550123', { messageStatus: 'DeliveryFailed', deliveryErrorCode: 'SMS-CAR-411' });
    sim.injectSmsOutcome('+14155550123', { messageStatus: 'Sent', deliveryErrorCode: 'SMS-CAR-104' });
    const failed = await send('+16505550100', '+14155550123', 'alert');
    const silent = await send('+16505550100', '+14155550123', 'alert');
    const normal = await send('+16505550100', '+14155550123', 'alert');
    clock.advance(30 * 60_000);
    expect((await record(failed.body.id)).body).toMatchObject({ messageStatus: 'DeliveryFailed', deliveryErrorCode: 'SMS-CAR-411' });
    expect((await record(silent.body.id)).body).toMatchObject({ messageStatus: 'Sent', deliveryErrorCode: 'SMS-CAR-104' });
    expect((await record(normal.body.id)).body.messageStatus).toBe('Delivered');
  });

  it('When the recipient replied STOP, then the POST is still accepted but the record fails with SMS-RC-413 until they reply START', async () => {
    await sim.receiveSms({ to: '+16505550100', from: '+14155550123', text: ' stop ' });
    const blocked = await send('+16505550100', '+14155550123', 'alert');
    expect(blocked.status).toBe(200);
    clock.advance(5_000);
    expect((await record(blocked.body.id)).body).toMatchObject({ messageStatus: 'SendingFailed', deliveryErrorCode: 'SMS-RC-413' });
    await sim.receiveSms({ to: '+16505550100', from: '+14155550123', text: 'please stop texting' });
    await sim.receiveSms({ to: '+16505550100', from: '+14155550123', text: 'RESUME' });
    const again = await send('+16505550100', '+14155550123', 'alert');
    clock.advance(5_000);
    expect((await record(again.body.id)).body.messageStatus).toBe('Delivered');
  });

  it('When the consent list is searched, then it returns the pair records RingCentral keeps, filtered by from, to and optStatus', async () => {
    await sim.receiveSms({ to: '+16505550100', from: '+14155550123', text: 'STOP' });
    sim.setConsent({ from: '+16505550100', to: '+14155550124', optStatus: 'OptIn', source: 'Api' });
    const all = await call(sim.url, 'POST', '/restapi/v2/accounts/~/sms/consents/search', token, { from: ['+16505550100'], to: ['+14155550123', '+14155550124'] });
    expect(all.status).toBe(200);
    expect(all.body.records).toEqual([
      expect.objectContaining({ from: '+16505550100', to: '+14155550123', optStatus: 'OptOut', source: 'Recipient', coverage: 'PhoneNumber' }),
      expect.objectContaining({ from: '+16505550100', to: '+14155550124', optStatus: 'OptIn', source: 'Api' }),
    ]);
    const outs = await call(sim.url, 'POST', '/restapi/v2/accounts/~/sms/consents/search', token, { optStatus: 'OptOut' });
    expect(outs.body.records.map((r: { to: string }) => r.to)).toEqual(['+14155550123']);
  });

  it('When a number\'s SMS configuration is read, then an SmsSender number reports a Confirmed campaign and another number is 404', async () => {
    const numbers = await call(sim.url, 'GET', '/restapi/v1.0/account/~/extension/~/phone-number', token);
    const [sender, other] = numbers.body.records as { id: number; phoneNumber: string }[];
    const ok = await call(sim.url, 'GET', `/restapi/v1.0/account/~/extension/~/phone-number/${sender!.id}/sms-configuration`, token);
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ phoneNumber: '+16505550100', smsCampaignInfo: { status: 'Confirmed' } });
    expect((await call(sim.url, 'GET', `/restapi/v1.0/account/~/extension/~/phone-number/${other!.id}/sms-configuration`, token)).status).toBe(404);
  });

  it('When an SMS arrives, then an instant-message subscriber gets it', async () => {
    const receiver = await Receiver.start();
    try {
      const created = await call(sim.url, 'POST', '/restapi/v1.0/subscription', token, {
        eventFilters: ['/restapi/v1.0/account/~/extension/~/message-store/instant?type=SMS'],
        deliveryMode: { transportType: 'WebHook', address: `${receiver.url}/webhook` },
      });
      expect(created.status).toBe(200);
      await sim.receiveSms({ to: '+16505550100', from: '+14155550123', text: 'STOP' });
      const [note] = receiver.notifications();
      expect(note?.event).toBe(`/restapi/v1.0/account/${world.account.id}/extension/${world.admin.id}/message-store/instant?type=SMS`);
      expect(note?.body).toMatchObject({ from: { phoneNumber: '+14155550123' }, to: [{ phoneNumber: '+16505550100' }], subject: 'STOP', direction: 'Inbound' });
    } finally {
      await receiver.stop();
    }
  });
});

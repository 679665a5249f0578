import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RingCentralSimulator } from '../../../src/simulator';
import { ADMIN_APP, call, Receiver, standardWorld, startSimulator } from './sim-fixtures';

let sim: RingCentralSimulator;
let world: Awaited<ReturnType<typeof standardWorld>>;
let token: string;
const SMS = '/restapi/v1.0/account/~/extension/~/sms';

beforeEach(async () => {
  ({ sim } = await startSimulator());
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

  it('When the from number cannot send SMS, then it is refused with 400', async () => {
    const res = await send('+16505550199', '+14155550123', 'hi');
    expect(res.status).toBe(400);
    expect(res.body.errors[0].parameterName).toBe('from.phoneNumber');
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

  it('When the recipient replied STOP, then sending is refused until they reply START', async () => {
    await sim.receiveSms({ to: '+16505550100', from: '+14155550123', text: ' stop ' });
    expect((await send('+16505550100', '+14155550123', 'alert')).status).toBe(400);
    await sim.receiveSms({ to: '+16505550100', from: '+14155550123', text: 'please stop texting' });
    expect((await send('+16505550100', '+14155550123', 'alert')).status).toBe(400);
    await sim.receiveSms({ to: '+16505550100', from: '+14155550123', text: 'START' });
    expect((await send('+16505550100', '+14155550123', 'alert')).status).toBe(200);
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

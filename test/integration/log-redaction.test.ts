import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness, ADMIN_CLIENT_SECRET, BOT_CLIENT_SECRET, ENCRYPTION_KEY, SHARED_SECRET } from '../support/harness';
import { configuredWorld, type ConfiguredWorld } from '../support/world';
import { pollOnce } from '../../src/jobs/poll-audit-trail';
import { deliverDue } from '../../src/jobs/deliver-due';
import { followSms } from '../../src/jobs/follow-sms';
import { sampleAuditRecords } from '../../src/demo/sample-audit-records';

const SMS = '/restapi/v1.0/account/{accountId}/extension/{extensionId}/sms';
/** Any of the scenario's numbers, in any of the ways a number gets written. */
const FULL_NUMBER = /(?:\+?1[\s.-]?)?\(?650\)?[\s.-]?555[\s.-]?01\d\d/;

let h: Harness;
let world: ConfiguredWorld;
beforeEach(async () => {
  h = await startHarness({ logLevel: 'trace' });
  world = await configuredWorld(h);
  h.clock.advance(60_000);
});
afterEach(async () => {
  await h.stop();
});

describe('No phone number, token or SQL value in any log line (issue 13.7)', () => {
  it('When a whole scenario runs at trace level (install, login, alerts, an opted-out number, errors), then the log holds no full number, no token, no secret and no SQL value', async () => {
    const people = {
      accountId: world.accountId,
      accountName: 'Sunnyvale Biology Labs',
      actor: { id: world.adminId, extensionNumber: '101', name: 'Peter Beck MacIntyre' },
      target: { id: world.targetId, extensionNumber: '12004', name: 'Peter B MacIntyre 44' },
    };
    for (const record of sampleAuditRecords(people).slice(0, 4)) h.sim.addAuditRecord(world.accountId, record);
    // RingCentral's own words name both numbers
    h.sim.failNext({ method: 'POST', path: SMS }, {
      kind: 'body',
      status: 400,
      body: { errorCode: 'SMS-RC-410', message: 'The recipient +16505550102 has opted out of messages from +16505550100', errors: [{ errorCode: 'SMS-RC-410', message: 'The recipient +16505550102 has opted out of messages from +16505550100', parameterName: 'to' }] },
    });
    h.sim.failNext({ method: 'POST', path: SMS }, { kind: 'status', status: 503 });
    h.sim.failNext({ method: 'POST', path: '/team-messaging/v1/chats/{chatId}/adaptive-cards' }, { kind: 'status', status: 500 });
    // and the documented way: the message record reports the recipient opted out (RINGCENTRAL.md §9)
    h.sim.injectSmsOutcome('+16505550101', { messageStatus: 'DeliveryFailed', deliveryErrorCode: 'SMS-CAR-413' });
    await pollOnce(h.app.deps);
    for (let round = 0; round < 60; round += 1) {
      await deliverDue(h.app.deps);
      await followSms(h.app.deps);
      await h.settle();
      const open = await h.app.deps.db.models.Delivery.count({ where: { status: ['pending', 'sending', 'accepted'] } });
      if (open === 0) break;
      h.clock.advance(5 * 60_000);
    }
    expect(await h.app.deps.db.models.Delivery.count({ where: { deliveryErrorCode: 'SMS-CAR-413' } })).toBe(1);
    // a chat command with a number in it, and a bad one
    await h.sim.sendChatMessage({ chatId: world.dmId, fromId: world.adminId, text: 'sms to +16505550103 (650) 555-0104' });
    await h.settle();
    await h.sim.sendChatMessage({ chatId: world.dmId, fromId: world.adminId, text: 'status' });
    await h.settle();

    const log = h.logs.text();
    // the scenario really ran and was logged at trace, SQL included
    expect(h.sim.sentSms.length).toBeGreaterThan(0);
    const lines = h.logs.lines.map((l) => JSON.parse(l) as { msg?: string; sql?: string });
    const sql = lines.filter((l) => l.msg === 'sql');
    expect(sql.length).toBeGreaterThan(50);
    expect(log).toContain('opted out of messages from …0100');

    expect(log).not.toMatch(FULL_NUMBER);
    for (const l of sql) expect(l.sql).not.toContain("'");

    const botToken = (await h.app.deps.db.installations.botToken(world.accountId))!;
    const admin = (await h.app.deps.db.admins.tokens(world.accountId, world.adminId))!;
    const verificationToken = h.sim.subscriptions.find((s) => s.ownerId === world.botId)!.deliveryMode.verificationToken!;
    const sealed = (await h.app.deps.db.models.AdminAuthorization.findOne({ where: { extensionId: world.adminId } }))!.accessTokenEnc!;
    for (const secret of [botToken, admin.accessToken, admin.refreshToken, verificationToken, sealed, BOT_CLIENT_SECRET, ADMIN_CLIENT_SECRET, SHARED_SECRET, ENCRYPTION_KEY]) {
      expect(secret.length).toBeGreaterThan(10);
      expect(log).not.toContain(secret);
    }
  });
});

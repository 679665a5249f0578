import type { BotDeps } from '../bot/bot-deps';
import type { AdminScope } from '../admin/settings-service';
import { adminAccessToken } from '../admin/admin-tokens';
import type { AuditFacts } from '../catalog/describe-audit-record';
import { alertCard } from '../alerts/alert-card';
import { formatAlertSms } from '../alerts/format-alert-sms';
import { RingCentralError } from '../ringcentral/rest-client';

/** One line per destination: what happened to the test alert there. */
export interface TestAlertResult {
  channel: 'sms' | 'chat';
  destination: string;
  ok: boolean;
  detail: string;
}

/** A realistic, clearly marked test event. */
export function testFacts(adminName: string, now: Date): AuditFacts {
  return {
    source: 'RingEX',
    recordId: `test-${now.getTime()}`,
    key: '2fa-user-off',
    description: '2FA turned off per user',
    element: 'Two-factor authentication',
    initiator: { name: adminName },
    target: { name: adminName },
    eventTime: now,
    weakensSecurity: true,
  };
}

const reason = (error: unknown) =>
  error instanceof RingCentralError ? `${error.errorCode ? `${error.errorCode}: ` : ''}${error.message}` : error instanceof Error ? error.message : String(error);

/**
 * `test`: sends a marked test alert right now to every destination the admin configured (whether
 * or not that channel is switched on), bypassing the outbox, and reports each result.
 */
export async function sendTestAlert(deps: BotDeps, scope: AdminScope, adminName: string): Promise<TestAlertResult[]> {
  const settings = await deps.db.settings.get(scope.accountId, scope.extensionId);
  const admin = await deps.db.admins.find(scope.accountId, scope.extensionId);
  const timeZone = settings.timezone ?? admin?.timezone ?? 'UTC';
  const facts = testFacts(adminName, deps.now());
  const results: TestAlertResult[] = [];
  const botToken = await deps.db.installations.botToken(scope.accountId);
  for (const chatId of settings.chatIds) {
    try {
      if (!botToken) throw new Error('the bot is not installed');
      await deps.api.postCard(botToken, chatId, alertCard(facts, timeZone, { test: true, portalUrl: deps.config.adminPortalUrl }));
      results.push({ channel: 'chat', destination: chatId, ok: true, detail: 'card posted' });
    } catch (error) {
      results.push({ channel: 'chat', destination: chatId, ok: false, detail: reason(error) });
    }
  }
  for (const to of settings.smsRecipients) {
    try {
      if (!settings.smsSender) throw new Error('no SMS sender number is set (sms from <number>)');
      if (await deps.db.optOuts.isOptedOut(scope.accountId, settings.smsSender, to)) throw new Error(`this number opted out of SMS from ${settings.smsSender}; they can reply START to it`);
      const token = await adminAccessToken(deps, scope.accountId, scope.extensionId);
      const sent = await deps.api.sendSms(token, { from: settings.smsSender, to, text: formatAlertSms(facts, timeZone, { test: true }) });
      results.push({ channel: 'sms', destination: to, ok: true, detail: `SMS accepted (${sent.messageStatus ?? 'Queued'})` });
    } catch (error) {
      results.push({ channel: 'sms', destination: to, ok: false, detail: reason(error) });
    }
  }
  return results;
}

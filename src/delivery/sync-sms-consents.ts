import type { BotDeps } from '../bot/bot-deps';
import { adminAccessToken, NeedsReauthorization } from '../admin/admin-tokens';
import { ANY_SENDER } from '../db/opt-outs-repository';
import { RingCentralError } from '../ringcentral/rest-client';
import { optOutNoticeKey, tellOptedOut } from './tell-opted-out';

export type ConsentSyncResult =
  | { status: 'ok'; optedOut: string[] }
  | { status: 'failed'; reason: string }
  | { status: 'skipped' };

/**
 * Reads RingCentral's SMS consent list (`POST /restapi/v2/accounts/~/sms/consents/search`, RINGCENTRAL.md §9)
 * for one admin's sender and recipients, so an opt-out made while our reply listener was down is known
 * before the next alert. OptOut records become opted-out pairs (the admin is told of new ones once);
 * OptIn records lift them. A failing search is logged and kept for `status`; it never throws.
 */
export async function syncSmsConsents(deps: BotDeps, accountId: string, extensionId: string): Promise<ConsentSyncResult> {
  const settings = await deps.db.settings.find(accountId, extensionId);
  if (!settings?.smsSender || settings.smsRecipients.length === 0) return { status: 'skipped' };
  const sender = settings.smsSender;
  const now = deps.now();
  const log = deps.logger.child({ accountId, extensionId, job: 'sms-consents' });
  try {
    const token = await adminAccessToken(deps, accountId, extensionId);
    const records = await deps.api.searchSmsConsents(token, { from: [sender], to: settings.smsRecipients });
    const optedOut: string[] = [];
    for (const record of records) {
      if (!settings.smsRecipients.includes(record.to)) continue;
      // Account coverage: the recipient opted out of every number of the account.
      const pairSender = record.coverage === 'Account' ? ANY_SENDER : (record.from ?? sender);
      if (record.optStatus === 'OptOut') {
        optedOut.push(record.to);
        const how = `listed as opted out in RingCentral's consent list${record.source ? `, source: ${record.source}` : ''}`;
        if (await deps.db.optOuts.optOut(accountId, pairSender, record.to, 'consents', how, now)) {
          await tellOptedOut(deps, accountId, extensionId, pairSender, record.to, how);
        }
      } else if (record.optStatus === 'OptIn') {
        if (await deps.db.optOuts.optIn(accountId, pairSender, record.to)) {
          await deps.db.notices.clear(accountId, extensionId, optOutNoticeKey(pairSender, record.to));
        }
      }
    }
    await deps.db.optOuts.recordConsentSync(accountId, extensionId, { checkedAt: now, status: 'ok', error: null });
    log.info({ records: records.length, optedOut: optedOut.length }, 'SMS consent list read');
    return { status: 'ok', optedOut };
  } catch (error) {
    const reason =
      error instanceof NeedsReauthorization
        ? 'your authorization expired; type login to renew it'
        : error instanceof RingCentralError
          ? `${error.errorCode ? `${error.errorCode}: ` : ''}${error.message}`
          : error instanceof Error
            ? error.message
            : String(error);
    await deps.db.optOuts.recordConsentSync(accountId, extensionId, { checkedAt: now, status: 'failed', error: reason.slice(0, 500) });
    log.warn({ err: error }, 'SMS consent list not read; opt-outs known so far still apply');
    return { status: 'failed', reason };
  }
}

/** The daily read: every admin of every installed account who sends SMS. */
export async function syncAllSmsConsents(deps: BotDeps): Promise<{ admins: number; failed: number }> {
  let admins = 0;
  let failed = 0;
  for (const installation of await deps.db.installations.listInstalled()) {
    for (const settings of await deps.db.settings.listByAccount(installation.accountId)) {
      if (!settings.smsSender || settings.smsRecipients.length === 0) continue;
      admins += 1;
      if ((await syncSmsConsents(deps, installation.accountId, settings.extensionId)).status === 'failed') failed += 1;
    }
  }
  return { admins, failed };
}

import { Op } from 'sequelize';
import type { Models } from './models';

/** Where we learned of an opt-out: a STOP reply, a `*-413` delivery outcome, or RingCentral's consent list. */
export type OptOutSource = 'reply' | 'delivery' | 'consents';

/** '' as sender: the recipient opted out of every number of the account (rows from before pairs, `Account` coverage). */
export const ANY_SENDER = '';

export interface OptOut {
  sender: string;
  phoneNumber: string;
  source: OptOutSource;
  reason: string;
  optedOutAt: Date;
}

/** The last read of RingCentral's consent list for one admin's sender, for `status`. */
export interface ConsentSync {
  checkedAt: Date;
  status: 'ok' | 'failed';
  error: string | null;
}

/**
 * SMS opt-outs per sender→recipient pair, as RingCentral keeps them (RINGCENTRAL.md §9): a STOP to one
 * of our numbers blocks that number only.
 */
export class OptOutsRepository {
  constructor(private readonly models: Models) {}

  /** Records the opt-out; true when it is new (the admin has not been told of it yet). */
  async optOut(accountId: string, sender: string, phoneNumber: string, source: OptOutSource, reason: string, now: Date): Promise<boolean> {
    const existing = await this.models.SmsOptOut.findOne({ where: { accountId, sender, phoneNumber } });
    if (existing) return false;
    await this.models.SmsOptOut.upsert({ accountId, sender, phoneNumber, source, reason: reason.slice(0, 128), optedOutAt: now });
    return true;
  }

  /** START and its synonyms, or an OptIn consent record: the pair receives alerts again (an any-sender row is lifted too). */
  async optIn(accountId: string, sender: string, phoneNumber: string): Promise<boolean> {
    return (await this.models.SmsOptOut.destroy({ where: { accountId, phoneNumber, sender: [sender, ANY_SENDER] } })) > 0;
  }

  async list(accountId: string): Promise<OptOut[]> {
    const rows = await this.models.SmsOptOut.findAll({ where: { accountId }, order: [['phoneNumber', 'ASC'], ['sender', 'ASC']] });
    return rows.map((r) => ({ sender: r.sender, phoneNumber: r.phoneNumber, source: r.source, reason: r.reason, optedOutAt: r.optedOutAt }));
  }

  /** Opted-out pairs as `sender|recipient` keys (sender '' = any), for planning deliveries. */
  async pairKeys(accountId: string): Promise<Set<string>> {
    return new Set((await this.list(accountId)).map((o) => `${o.sender}|${o.phoneNumber}`));
  }

  async isOptedOut(accountId: string, sender: string, phoneNumber: string): Promise<boolean> {
    return (await this.models.SmsOptOut.count({ where: { accountId, phoneNumber, sender: { [Op.in]: [sender, ANY_SENDER] } } })) > 0;
  }

  async recordConsentSync(accountId: string, extensionId: string, result: ConsentSync): Promise<void> {
    await this.models.SmsConsentSync.upsert({ accountId, extensionId, checkedAt: result.checkedAt, status: result.status, error: result.error });
  }

  async consentSync(accountId: string, extensionId: string): Promise<ConsentSync | undefined> {
    const row = await this.models.SmsConsentSync.findOne({ where: { accountId, extensionId } });
    return row ? { checkedAt: row.checkedAt, status: row.status, error: row.error } : undefined;
  }
}


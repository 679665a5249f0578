import type { Models } from './models';

/** SMS recipients who replied STOP (or whom RingCentral reports as opted out), per account. */
export class OptOutsRepository {
  constructor(private readonly models: Models) {}

  async optOut(accountId: string, phoneNumber: string, reason: string, now: Date): Promise<void> {
    await this.models.SmsOptOut.upsert({ accountId, phoneNumber, reason, optedOutAt: now });
  }

  /** START / UNSTOP: the number receives alerts again. */
  async optIn(accountId: string, phoneNumber: string): Promise<boolean> {
    return (await this.models.SmsOptOut.destroy({ where: { accountId, phoneNumber } })) > 0;
  }

  async list(accountId: string): Promise<{ phoneNumber: string; reason: string; optedOutAt: Date }[]> {
    const rows = await this.models.SmsOptOut.findAll({ where: { accountId }, order: [['phoneNumber', 'ASC']] });
    return rows.map((r) => ({ phoneNumber: r.phoneNumber, reason: r.reason, optedOutAt: r.optedOutAt }));
  }

  async isOptedOut(accountId: string, phoneNumber: string): Promise<boolean> {
    return (await this.models.SmsOptOut.count({ where: { accountId, phoneNumber } })) > 0;
  }
}

import type { Models } from './models';

/** Problems an admin has been told about, so each is told once (not on every poll). */
export class AdminNoticesRepository {
  constructor(private readonly models: Models) {}

  /** True for the first caller with this key; later calls get false. */
  async claim(accountId: string, extensionId: string, noticeKey: string, now: Date): Promise<boolean> {
    const [, created] = await this.models.AdminNotice.findOrCreate({
      where: { accountId, extensionId, noticeKey },
      defaults: { accountId, extensionId, noticeKey, sentAt: now },
    });
    return created;
  }

  /** Forgets a notice so the problem is told again if it comes back (e.g. after the admin fixed it). */
  async clear(accountId: string, extensionId: string, noticeKey: string): Promise<void> {
    await this.models.AdminNotice.destroy({ where: { accountId, extensionId, noticeKey } });
  }
}

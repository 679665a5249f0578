import { createHash } from 'node:crypto';
import { Op } from 'sequelize';
import type { Models, InstallationRow } from './models';
import type { TokenCipher } from '../crypto/token-cipher';

/** A bot installation as the rest of the bot sees it: no secrets, plain values. */
export interface Installation {
  accountId: string;
  botId: string;
  installerId: string | null;
  status: 'installed' | 'uninstalled';
  subscriptionId: string | null;
  subscriptionStatus: string | null;
  subscriptionExpiresAt: Date | null;
  installedAt: Date;
  uninstalledAt: Date | null;
}

const hashToken = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

function toInstallation(row: InstallationRow): Installation {
  return {
    accountId: row.accountId,
    botId: row.botId,
    installerId: row.installerId,
    status: row.status,
    subscriptionId: row.subscriptionId,
    subscriptionStatus: row.subscriptionStatus,
    subscriptionExpiresAt: row.subscriptionExpiresAt,
    installedAt: row.installedAt,
    uninstalledAt: row.uninstalledAt,
  };
}

/** Bot installations, one per RingCentral account. */
export class InstallationsRepository {
  constructor(
    private readonly models: Models,
    private readonly cipher: TokenCipher,
  ) {}

  /** Stores (or replaces, on reinstall) the installation of `accountId`; the subscription fields start empty. */
  async saveInstalled(input: {
    accountId: string;
    botId: string;
    installerId: string | null;
    token: string;
    now: Date;
  }): Promise<Installation> {
    const [row] = await this.models.Installation.upsert({
      accountId: input.accountId,
      botId: input.botId,
      installerId: input.installerId,
      status: 'installed',
      tokenEnc: this.cipher.encrypt(input.token),
      verificationTokenHash: null,
      subscriptionId: null,
      subscriptionStatus: null,
      subscriptionExpiresAt: null,
      installedAt: input.now,
      uninstalledAt: null,
    });
    return toInstallation(row);
  }

  async findByAccount(accountId: string): Promise<Installation | undefined> {
    const row = await this.models.Installation.findByPk(accountId);
    return row ? toInstallation(row) : undefined;
  }

  /** The installed (not uninstalled) installation whose bot extension is `botId`. */
  async findInstalledByBotId(botId: string): Promise<Installation | undefined> {
    const row = await this.models.Installation.findOne({ where: { botId, status: 'installed' } });
    return row ? toInstallation(row) : undefined;
  }

  async listInstalled(): Promise<Installation[]> {
    const rows = await this.models.Installation.findAll({ where: { status: 'installed' }, order: [['accountId', 'ASC']] });
    return rows.map(toInstallation);
  }

  /** The decrypted bot token, or undefined when the account has no live installation. */
  async botToken(accountId: string): Promise<string | undefined> {
    const row = await this.models.Installation.findByPk(accountId);
    if (!row || row.status !== 'installed' || !row.tokenEnc) return undefined;
    return this.cipher.decrypt(row.tokenEnc);
  }

  /** Records the chat-event subscription and the Verification-Token it was created with (stored hashed). */
  async saveSubscription(
    accountId: string,
    subscription: { id: string; status: string; expiresAt: Date | null; verificationToken?: string },
  ): Promise<void> {
    await this.models.Installation.update(
      {
        subscriptionId: subscription.id,
        subscriptionStatus: subscription.status,
        subscriptionExpiresAt: subscription.expiresAt,
        ...(subscription.verificationToken !== undefined
          ? { verificationTokenHash: hashToken(subscription.verificationToken) }
          : {}),
      },
      { where: { accountId } },
    );
  }

  /**
   * The live installation whose webhook Verification-Token is `token`, found by the token's hash
   * alone: the answer (and the time it takes) depends only on the token, never on a bot id a caller
   * names, so the webhook cannot be used to tell installed bot ids apart.
   */
  async findByVerificationToken(token: string): Promise<Installation | undefined> {
    const row = await this.models.Installation.findOne({ where: { verificationTokenHash: hashToken(token), status: 'installed' } });
    return row ? toInstallation(row) : undefined;
  }

  /** Forgets the bot token and the subscription; the row stays as a record that the account uninstalled. */
  async markUninstalled(accountId: string, now: Date): Promise<void> {
    await this.models.Installation.update(
      {
        status: 'uninstalled',
        tokenEnc: null,
        verificationTokenHash: null,
        subscriptionId: null,
        subscriptionStatus: null,
        subscriptionExpiresAt: null,
        uninstalledAt: now,
      },
      { where: { accountId } },
    );
  }

  /** Accounts uninstalled before `cutoff`, whose records are due to be purged. */
  async listUninstalledBefore(cutoff: Date): Promise<Installation[]> {
    const rows = await this.models.Installation.findAll({
      where: { status: 'uninstalled', uninstalledAt: { [Op.lt]: cutoff } },
    });
    return rows.map(toInstallation);
  }

  async delete(accountId: string): Promise<void> {
    await this.models.Installation.destroy({ where: { accountId } });
  }
}

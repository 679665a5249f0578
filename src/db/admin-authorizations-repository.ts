import type { Transaction } from 'sequelize';
import type { Models, AdminAuthorizationRow } from './models';
import type { TokenCipher } from '../crypto/token-cipher';

export type AdminStatus = 'active' | 'needs_reauth' | 'revoked';

/** An admin who authorized the bot, without the tokens. */
export interface AdminAuthorization {
  id: number;
  accountId: string;
  extensionId: string;
  name: string | null;
  status: AdminStatus;
  accessExpiresAt: Date | null;
  refreshExpiresAt: Date | null;
  timezone: string | null;
  country: string | null;
  reauthNotifiedAt: Date | null;
}

/** The admin's token pair, decrypted, for the one call that needs it. */
export interface AdminTokens {
  accessToken: string;
  refreshToken: string;
  accessExpiresAt: Date;
  refreshExpiresAt: Date;
}

function toAdmin(row: AdminAuthorizationRow): AdminAuthorization {
  return {
    id: row.id,
    accountId: row.accountId,
    extensionId: row.extensionId,
    name: row.name,
    status: row.status,
    accessExpiresAt: row.accessExpiresAt,
    refreshExpiresAt: row.refreshExpiresAt,
    timezone: row.timezone ?? null,
    country: row.country ?? null,
    reauthNotifiedAt: row.reauthNotifiedAt ?? null,
  };
}

/** Admin authorizations: one row per (account, extension), tokens sealed with AES-256-GCM. */
export class AdminAuthorizationsRepository {
  constructor(
    private readonly models: Models,
    private readonly cipher: TokenCipher,
  ) {}

  /** Creates or replaces the admin's authorization with a fresh token pair (status active). */
  async saveTokens(
    input: { accountId: string; extensionId: string; name: string | null; timezone?: string | null; country?: string | null } & AdminTokens,
    transaction?: Transaction,
  ): Promise<AdminAuthorization> {
    const values = {
      accountId: input.accountId,
      extensionId: input.extensionId,
      name: input.name,
      timezone: input.timezone ?? null,
      country: input.country ?? null,
      reauthNotifiedAt: null,
      status: 'active' as const,
      accessTokenEnc: this.cipher.encrypt(input.accessToken),
      refreshTokenEnc: this.cipher.encrypt(input.refreshToken),
      accessExpiresAt: input.accessExpiresAt,
      refreshExpiresAt: input.refreshExpiresAt,
    };
    const existing = await this.models.AdminAuthorization.findOne({
      where: { accountId: input.accountId, extensionId: input.extensionId },
      transaction,
    });
    if (existing) {
      await existing.update(values, { transaction });
      return toAdmin(existing);
    }
    return toAdmin(await this.models.AdminAuthorization.create(values, { transaction }));
  }

  async find(accountId: string, extensionId: string): Promise<AdminAuthorization | undefined> {
    const row = await this.models.AdminAuthorization.findOne({ where: { accountId, extensionId } });
    return row ? toAdmin(row) : undefined;
  }

  async listByAccount(accountId: string): Promise<AdminAuthorization[]> {
    const rows = await this.models.AdminAuthorization.findAll({ where: { accountId }, order: [['id', 'ASC']] });
    return rows.map(toAdmin);
  }

  /** The decrypted tokens of an active admin, or undefined. */
  async tokens(accountId: string, extensionId: string): Promise<AdminTokens | undefined> {
    const row = await this.models.AdminAuthorization.findOne({ where: { accountId, extensionId } });
    if (!row || row.status !== 'active' || !row.accessTokenEnc || !row.refreshTokenEnc) return undefined;
    return {
      accessToken: this.cipher.decrypt(row.accessTokenEnc),
      refreshToken: this.cipher.decrypt(row.refreshTokenEnc),
      accessExpiresAt: row.accessExpiresAt ?? new Date(0),
      refreshExpiresAt: row.refreshExpiresAt ?? new Date(0),
    };
  }

  async setStatus(accountId: string, extensionId: string, status: AdminStatus): Promise<void> {
    await this.models.AdminAuthorization.update({ status }, { where: { accountId, extensionId } });
  }

  /** Deletes every admin token of the account (uninstall): the rows stay, marked revoked, with no tokens. */
  async revokeAccount(accountId: string): Promise<void> {
    await this.models.AdminAuthorization.update(
      { status: 'revoked', accessTokenEnc: null, refreshTokenEnc: null },
      { where: { accountId } },
    );
  }

  /** Removes every admin row of the account (purge after uninstall). */
  async deleteAccount(accountId: string): Promise<void> {
    await this.models.AdminAuthorization.destroy({ where: { accountId } });
  }

  /**
   * Stores a rotated token pair in one UPDATE, only if the refresh token used is still the stored one:
   * when another process rotated first, nothing is written and false comes back.
   */
  async saveRotated(accountId: string, extensionId: string, usedRefreshToken: string, next: AdminTokens): Promise<boolean> {
    const row = await this.models.AdminAuthorization.findOne({ where: { accountId, extensionId } });
    if (!row?.refreshTokenEnc || this.cipher.decrypt(row.refreshTokenEnc) !== usedRefreshToken) return false;
    const [affected] = await this.models.AdminAuthorization.update(
      {
        accessTokenEnc: this.cipher.encrypt(next.accessToken),
        refreshTokenEnc: this.cipher.encrypt(next.refreshToken),
        accessExpiresAt: next.accessExpiresAt,
        refreshExpiresAt: next.refreshExpiresAt,
        status: 'active',
      },
      { where: { accountId, extensionId, refreshTokenEnc: row.refreshTokenEnc } },
    );
    return affected === 1;
  }

  /** Sets reauthNotifiedAt if it was empty; true only for the caller that set it (tell the admin once). */
  async claimReauthNotice(accountId: string, extensionId: string, now: Date): Promise<boolean> {
    const [affected] = await this.models.AdminAuthorization.update(
      { reauthNotifiedAt: now },
      { where: { accountId, extensionId, reauthNotifiedAt: null } },
    );
    return affected === 1;
  }

  /** Logout: the admin's row and tokens go. */
  async delete(accountId: string, extensionId: string): Promise<void> {
    await this.models.AdminAuthorization.destroy({ where: { accountId, extensionId } });
  }
}

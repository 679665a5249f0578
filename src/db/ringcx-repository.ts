import type { Transaction } from 'sequelize';
import type { TokenCipher } from '../crypto/token-cipher';
import type { RingcxModels, RingcxSettingsRow } from './ringcx-models';
import type { RingcxTokenStore, StoredRingcxToken } from '../ringcx/ringcx-token-manager';

export const RINGCX_ACTIONS = ['CREATE', 'UPDATE', 'DELETE'] as const;
export type RingcxAction = (typeof RINGCX_ACTIONS)[number];

/** One admin's RingCX alert settings. */
export interface RingcxSettings {
  accountId: string;
  extensionId: string;
  version: number;
  enabled: boolean;
  enabledSince: Date | null;
  /** The RingCX sub-accounts seen when the admin enabled RingCX. */
  subAccounts: { accountId: string; accountName: string }[];
  /** Chosen sub-account ids; null watches all of them. */
  watchedSubAccounts: string[] | null;
  /** RingCX's auditable entity types. */
  entities: { fullPath: string; name: string }[];
  /** Chosen entity type names; null alerts on all. */
  entityFilter: string[] | null;
  actionFilter: RingcxAction[];
  /** RingCX user names whose changes send no alert. */
  ignoredUsers: string[];
}

export type RingcxSettingsPatch = Partial<Omit<RingcxSettings, 'accountId' | 'extensionId' | 'version'>>;

export interface RingcxCursor {
  windowEnd: Date;
  lastPollAt: Date | null;
  lastPollStatus: string | null;
  lastError: string | null;
}

function json<T>(text: string | null, fallback: T): T {
  if (text === null) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

function toSettings(row: RingcxSettingsRow): RingcxSettings {
  return {
    accountId: row.accountId,
    extensionId: row.extensionId,
    version: row.version,
    enabled: row.enabled,
    enabledSince: row.enabledSince,
    subAccounts: json(row.subAccounts, []),
    watchedSubAccounts: json<string[] | null>(row.watchedSubAccounts, null),
    entities: json(row.entities, []),
    entityFilter: json<string[] | null>(row.entityFilter, null),
    actionFilter: json<RingcxAction[]>(row.actionFilter, [...RINGCX_ACTIONS]),
    ignoredUsers: json(row.ignoredUsers, []),
  };
}

const defaults = (accountId: string, extensionId: string): RingcxSettings => ({
  accountId,
  extensionId,
  version: 0,
  enabled: false,
  enabledSince: null,
  subAccounts: [],
  watchedSubAccounts: null,
  entities: [],
  entityFilter: null,
  actionFilter: [...RINGCX_ACTIONS],
  ignoredUsers: [],
});

/** RingCX tokens (sealed), per-admin RingCX settings and the per-sub-account window cursors. */
export class RingcxRepository {
  /** The token manager's store: one pair per account. */
  readonly tokens: RingcxTokenStore;

  constructor(
    private readonly models: RingcxModels,
    cipher: TokenCipher,
  ) {
    this.tokens = {
      load: async (accountId) => {
        const row = await models.RingcxToken.findByPk(accountId);
        if (!row) return undefined;
        try {
          return {
            accessToken: cipher.decrypt(row.accessTokenEnc),
            refreshToken: row.refreshTokenEnc === null ? null : cipher.decrypt(row.refreshTokenEnc),
            accessExpiresAt: row.accessExpiresAt,
            extensionId: row.extensionId,
            mainAccountId: row.mainAccountId,
          } satisfies StoredRingcxToken;
        } catch {
          return undefined; // sealed with another key: exchange again
        }
      },
      save: async (accountId, token) => {
        await models.RingcxToken.upsert({
          accountId,
          extensionId: token.extensionId,
          accessTokenEnc: cipher.encrypt(token.accessToken),
          refreshTokenEnc: token.refreshToken === null ? null : cipher.encrypt(token.refreshToken),
          accessExpiresAt: token.accessExpiresAt,
          mainAccountId: token.mainAccountId,
        });
      },
    };
  }

  /** The admin's settings, or the defaults (RingCX off) when never saved. */
  async settings(accountId: string, extensionId: string): Promise<RingcxSettings> {
    const row = await this.models.RingcxSettings.findOne({ where: { accountId, extensionId } });
    return row ? toSettings(row) : defaults(accountId, extensionId);
  }

  async enabledInAccount(accountId: string): Promise<RingcxSettings[]> {
    const rows = await this.models.RingcxSettings.findAll({ where: { accountId, enabled: true }, order: [['extensionId', 'ASC']] });
    return rows.map(toSettings);
  }

  /** Accounts where at least one admin has RingCX on. */
  async accountsEnabled(): Promise<string[]> {
    const rows = await this.models.RingcxSettings.findAll({ attributes: ['accountId'], where: { enabled: true }, group: ['accountId'] });
    return rows.map((r) => r.accountId).sort();
  }

  /**
   * Saves a change; with `expectedVersion`, only when the stored version still matches (a stale card
   * changes nothing). Returns the saved settings, or undefined when the version had moved on.
   */
  async update(accountId: string, extensionId: string, patch: RingcxSettingsPatch, expectedVersion?: number): Promise<RingcxSettings | undefined> {
    const current = await this.settings(accountId, extensionId);
    if (expectedVersion !== undefined && current.version !== expectedVersion) return undefined;
    const next = { ...current, ...patch, version: current.version + 1 };
    const values = {
      accountId,
      extensionId,
      version: next.version,
      enabled: next.enabled,
      enabledSince: next.enabledSince,
      subAccounts: JSON.stringify(next.subAccounts),
      watchedSubAccounts: next.watchedSubAccounts === null ? null : JSON.stringify(next.watchedSubAccounts),
      entities: JSON.stringify(next.entities),
      entityFilter: next.entityFilter === null ? null : JSON.stringify(next.entityFilter),
      actionFilter: JSON.stringify(next.actionFilter),
      ignoredUsers: JSON.stringify(next.ignoredUsers),
    };
    if (current.version === 0) {
      await this.models.RingcxSettings.create(values);
      return next;
    }
    const [affected] = await this.models.RingcxSettings.update(values, { where: { accountId, extensionId, version: current.version } });
    return affected === 1 ? next : undefined;
  }

  async deleteSettings(accountId: string, extensionId: string): Promise<void> {
    await this.models.RingcxSettings.destroy({ where: { accountId, extensionId } });
  }

  async cursor(accountId: string, subAccountId: string): Promise<RingcxCursor | undefined> {
    const row = await this.models.RingcxCursor.findOne({ where: { accountId, subAccountId } });
    return row ? { windowEnd: row.windowEnd, lastPollAt: row.lastPollAt, lastPollStatus: row.lastPollStatus, lastError: row.lastError } : undefined;
  }

  async cursors(accountId: string): Promise<(RingcxCursor & { subAccountId: string })[]> {
    const rows = await this.models.RingcxCursor.findAll({ where: { accountId }, order: [['subAccountId', 'ASC']] });
    return rows.map((row) => ({ subAccountId: row.subAccountId, windowEnd: row.windowEnd, lastPollAt: row.lastPollAt, lastPollStatus: row.lastPollStatus, lastError: row.lastError }));
  }

  /** Moves the cursor to the end of a stored window; run in the transaction that stored the window's records. */
  async advance(accountId: string, subAccountId: string, windowEnd: Date, now: Date, transaction?: Transaction): Promise<void> {
    await this.models.RingcxCursor.upsert(
      { accountId, subAccountId, windowEnd, lastPollAt: now, lastPollStatus: 'ok', lastError: null },
      { transaction },
    );
  }

  /** Records a failed poll of a sub-account; the cursor stays. */
  async recordFailure(accountId: string, subAccountId: string, now: Date, status: string, error: string): Promise<void> {
    await this.models.RingcxCursor.update({ lastPollAt: now, lastPollStatus: status, lastError: error }, { where: { accountId, subAccountId } });
  }
}

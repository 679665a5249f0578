import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';

/** Row shapes of the RingCX tables (migrations/20261121040000-ringcx.ts); never `sync()`ed. */
export class RingcxTokenRow extends Model<InferAttributes<RingcxTokenRow>, InferCreationAttributes<RingcxTokenRow>> {
  declare accountId: string;
  declare extensionId: string;
  declare accessTokenEnc: string;
  declare refreshTokenEnc: string | null;
  declare accessExpiresAt: Date;
  declare mainAccountId: string | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class RingcxSettingsRow extends Model<InferAttributes<RingcxSettingsRow>, InferCreationAttributes<RingcxSettingsRow>> {
  declare accountId: string;
  declare extensionId: string;
  declare version: number;
  declare enabled: boolean;
  declare enabledSince: Date | null;
  declare subAccounts: string;
  declare watchedSubAccounts: string | null;
  declare entities: string;
  declare entityFilter: string | null;
  declare actionFilter: string;
  declare ignoredUsers: string;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class RingcxCursorRow extends Model<InferAttributes<RingcxCursorRow>, InferCreationAttributes<RingcxCursorRow>> {
  declare accountId: string;
  declare subAccountId: string;
  declare windowEnd: Date;
  declare lastPollAt: Date | null;
  declare lastPollStatus: string | null;
  declare lastError: string | null;
  declare updatedAt: CreationOptional<Date>;
}

export interface RingcxModels {
  RingcxToken: typeof RingcxTokenRow;
  RingcxSettings: typeof RingcxSettingsRow;
  RingcxCursor: typeof RingcxCursorRow;
}

/** Binds fresh RingCX model classes to `sequelize`. */
export function defineRingcxModels(sequelize: Sequelize): RingcxModels {
  class RingcxToken extends RingcxTokenRow {}
  class RingcxSettings extends RingcxSettingsRow {}
  class RingcxCursor extends RingcxCursorRow {}
  RingcxToken.init(
    {
      accountId: { type: DataTypes.STRING(32), primaryKey: true },
      extensionId: { type: DataTypes.STRING(32), allowNull: false },
      accessTokenEnc: { type: DataTypes.TEXT, allowNull: false },
      refreshTokenEnc: DataTypes.TEXT,
      accessExpiresAt: { type: DataTypes.DATE, allowNull: false },
      mainAccountId: DataTypes.STRING(32),
      createdAt: DataTypes.DATE,
      updatedAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'ringcx_tokens', underscored: true, timestamps: true },
  );
  RingcxSettings.init(
    {
      accountId: { type: DataTypes.STRING(32), primaryKey: true },
      extensionId: { type: DataTypes.STRING(32), primaryKey: true },
      version: { type: DataTypes.INTEGER, allowNull: false },
      enabled: { type: DataTypes.BOOLEAN, allowNull: false },
      enabledSince: DataTypes.DATE,
      subAccounts: { type: DataTypes.TEXT, allowNull: false },
      watchedSubAccounts: DataTypes.TEXT,
      entities: { type: DataTypes.TEXT, allowNull: false },
      entityFilter: DataTypes.TEXT,
      actionFilter: { type: DataTypes.TEXT, allowNull: false },
      ignoredUsers: { type: DataTypes.TEXT, allowNull: false },
      createdAt: DataTypes.DATE,
      updatedAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'ringcx_settings', underscored: true, timestamps: true },
  );
  RingcxCursor.init(
    {
      accountId: { type: DataTypes.STRING(32), primaryKey: true },
      subAccountId: { type: DataTypes.STRING(32), primaryKey: true },
      windowEnd: { type: DataTypes.DATE, allowNull: false },
      lastPollAt: DataTypes.DATE,
      lastPollStatus: DataTypes.STRING(32),
      lastError: DataTypes.TEXT,
      updatedAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'ringcx_cursors', underscored: true, timestamps: true, createdAt: false },
  );
  return { RingcxToken, RingcxSettings, RingcxCursor };
}

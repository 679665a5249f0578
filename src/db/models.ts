import { DataTypes, Model, type InferAttributes, type InferCreationAttributes, type CreationOptional, type Sequelize } from 'sequelize';

/** Row shapes mirror the migrations; models are never `sync()`ed. */
export class InstallationRow extends Model<InferAttributes<InstallationRow>, InferCreationAttributes<InstallationRow>> {
  declare accountId: string;
  declare botId: string;
  declare installerId: string | null;
  declare status: 'installed' | 'uninstalled';
  declare tokenEnc: string | null;
  declare verificationTokenHash: string | null;
  declare subscriptionId: string | null;
  declare subscriptionStatus: string | null;
  declare subscriptionExpiresAt: Date | null;
  declare installedAt: Date;
  declare uninstalledAt: Date | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class BotChatRow extends Model<InferAttributes<BotChatRow>, InferCreationAttributes<BotChatRow>> {
  declare accountId: string;
  declare chatId: string;
  declare chatType: string | null;
  declare name: string | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class AdminAuthorizationRow extends Model<
  InferAttributes<AdminAuthorizationRow>,
  InferCreationAttributes<AdminAuthorizationRow>
> {
  declare id: CreationOptional<number>;
  declare accountId: string;
  declare extensionId: string;
  declare name: string | null;
  declare status: 'active' | 'needs_reauth' | 'revoked';
  declare accessTokenEnc: string | null;
  declare refreshTokenEnc: string | null;
  declare accessExpiresAt: Date | null;
  declare refreshExpiresAt: Date | null;
  declare timezone: CreationOptional<string | null>;
  declare country: CreationOptional<string | null>;
  declare reauthNotifiedAt: CreationOptional<Date | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class AdminSettingsRow extends Model<InferAttributes<AdminSettingsRow>, InferCreationAttributes<AdminSettingsRow>> {
  declare accountId: string;
  declare extensionId: string;
  declare version: number;
  declare smsEnabled: boolean;
  declare smsSender: string | null;
  declare smsRecipients: string;
  declare chatsEnabled: boolean;
  declare chatIds: string;
  declare eventKeys: string;
  declare paused: boolean;
  declare timezone: string | null;
  declare notificationsSince: Date | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class SettingsChangeRow extends Model<InferAttributes<SettingsChangeRow>, InferCreationAttributes<SettingsChangeRow>> {
  declare id: CreationOptional<number>;
  declare accountId: string;
  declare extensionId: string;
  declare actorId: string;
  declare field: string;
  declare oldValue: string | null;
  declare newValue: string | null;
  declare changedAt: Date;
}

export class OAuthStateRow extends Model<InferAttributes<OAuthStateRow>, InferCreationAttributes<OAuthStateRow>> {
  declare stateHash: string;
  declare accountId: string;
  declare extensionId: string;
  declare chatId: string;
  declare codeVerifierEnc: string | null;
  declare expiresAt: Date;
  declare usedAt: Date | null;
  declare createdAt: CreationOptional<Date>;
}

/** The models bound to one connection. */
export interface Models {
  Installation: typeof InstallationRow;
  BotChat: typeof BotChatRow;
  AdminAuthorization: typeof AdminAuthorizationRow;
  AdminSettings: typeof AdminSettingsRow;
  SettingsChange: typeof SettingsChangeRow;
  OAuthState: typeof OAuthStateRow;
}

const common = { underscored: true, timestamps: true } as const;

/** Binds a fresh set of model classes to `sequelize`, so two connections in one process never share one. */
export function defineModels(sequelize: Sequelize): Models {
  class Installation extends InstallationRow {}
  class BotChat extends BotChatRow {}
  class AdminAuthorization extends AdminAuthorizationRow {}
  class AdminSettings extends AdminSettingsRow {}
  class SettingsChange extends SettingsChangeRow {}
  class OAuthState extends OAuthStateRow {}
  Installation.init(
    {
      accountId: { type: DataTypes.STRING(32), primaryKey: true },
      botId: { type: DataTypes.STRING(32), allowNull: false },
      installerId: DataTypes.STRING(32),
      status: { type: DataTypes.STRING(16), allowNull: false },
      tokenEnc: DataTypes.TEXT,
      verificationTokenHash: DataTypes.STRING(64),
      subscriptionId: DataTypes.STRING(64),
      subscriptionStatus: DataTypes.STRING(32),
      subscriptionExpiresAt: DataTypes.DATE,
      installedAt: { type: DataTypes.DATE, allowNull: false },
      uninstalledAt: DataTypes.DATE,
      createdAt: DataTypes.DATE,
      updatedAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'bot_installations', ...common },
  );
  BotChat.init(
    {
      accountId: { type: DataTypes.STRING(32), primaryKey: true },
      chatId: { type: DataTypes.STRING(32), primaryKey: true },
      chatType: DataTypes.STRING(32),
      name: DataTypes.STRING(255),
      createdAt: DataTypes.DATE,
      updatedAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'bot_chats', ...common },
  );
  AdminAuthorization.init(
    {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      accountId: { type: DataTypes.STRING(32), allowNull: false },
      extensionId: { type: DataTypes.STRING(32), allowNull: false },
      name: DataTypes.STRING(255),
      status: { type: DataTypes.STRING(32), allowNull: false },
      accessTokenEnc: DataTypes.TEXT,
      refreshTokenEnc: DataTypes.TEXT,
      accessExpiresAt: DataTypes.DATE,
      refreshExpiresAt: DataTypes.DATE,
      timezone: DataTypes.STRING(64),
      country: DataTypes.STRING(2),
      reauthNotifiedAt: DataTypes.DATE,
      createdAt: DataTypes.DATE,
      updatedAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'admin_authorizations', ...common },
  );
  AdminSettings.init(
    {
      accountId: { type: DataTypes.STRING(32), primaryKey: true },
      extensionId: { type: DataTypes.STRING(32), primaryKey: true },
      version: { type: DataTypes.INTEGER, allowNull: false },
      smsEnabled: { type: DataTypes.BOOLEAN, allowNull: false },
      smsSender: DataTypes.STRING(32),
      smsRecipients: { type: DataTypes.TEXT, allowNull: false },
      chatsEnabled: { type: DataTypes.BOOLEAN, allowNull: false },
      chatIds: { type: DataTypes.TEXT, allowNull: false },
      eventKeys: { type: DataTypes.TEXT, allowNull: false },
      paused: { type: DataTypes.BOOLEAN, allowNull: false },
      timezone: DataTypes.STRING(64),
      notificationsSince: DataTypes.DATE,
      createdAt: DataTypes.DATE,
      updatedAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'admin_settings', ...common },
  );
  SettingsChange.init(
    {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      accountId: { type: DataTypes.STRING(32), allowNull: false },
      extensionId: { type: DataTypes.STRING(32), allowNull: false },
      actorId: { type: DataTypes.STRING(32), allowNull: false },
      field: { type: DataTypes.STRING(64), allowNull: false },
      oldValue: DataTypes.TEXT,
      newValue: DataTypes.TEXT,
      changedAt: { type: DataTypes.DATE, allowNull: false },
    },
    { sequelize, tableName: 'settings_changes', underscored: true, timestamps: false },
  );
  OAuthState.init(
    {
      stateHash: { type: DataTypes.STRING(64), primaryKey: true },
      accountId: { type: DataTypes.STRING(32), allowNull: false },
      extensionId: { type: DataTypes.STRING(32), allowNull: false },
      chatId: { type: DataTypes.STRING(32), allowNull: false },
      codeVerifierEnc: DataTypes.TEXT,
      expiresAt: { type: DataTypes.DATE, allowNull: false },
      usedAt: DataTypes.DATE,
      createdAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'oauth_states', underscored: true, timestamps: true, updatedAt: false },
  );
  return { Installation, BotChat, AdminAuthorization, AdminSettings, SettingsChange, OAuthState };
}

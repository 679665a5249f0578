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
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

/** The models bound to one connection. */
export interface Models {
  Installation: typeof InstallationRow;
  BotChat: typeof BotChatRow;
  AdminAuthorization: typeof AdminAuthorizationRow;
}

const common = { underscored: true, timestamps: true } as const;

/** Binds a fresh set of model classes to `sequelize`, so two connections in one process never share one. */
export function defineModels(sequelize: Sequelize): Models {
  class Installation extends InstallationRow {}
  class BotChat extends BotChatRow {}
  class AdminAuthorization extends AdminAuthorizationRow {}
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
      createdAt: DataTypes.DATE,
      updatedAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'admin_authorizations', ...common },
  );
  return { Installation, BotChat, AdminAuthorization };
}

import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';

/** Row shapes of the noise-control tables (migrations/20261201186000-noise-control.ts); never `sync()`ed. */
export class NoiseSettingsRow extends Model<InferAttributes<NoiseSettingsRow>, InferCreationAttributes<NoiseSettingsRow>> {
  declare accountId: string;
  declare extensionId: string;
  declare burstCount: number | null;
  declare burstWindowMinutes: number;
  declare smsQuietStart: string | null;
  declare smsQuietEnd: string | null;
  declare chatsDigest: string;
  declare smsDigest: string;
  declare weeklySummary: boolean;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class ActorExclusionRow extends Model<InferAttributes<ActorExclusionRow>, InferCreationAttributes<ActorExclusionRow>> {
  declare id: CreationOptional<number>;
  declare accountId: string;
  declare extensionId: string;
  declare source: string;
  declare actor: string;
  declare actorKey: string;
  declare expiresAt: Date | null;
  declare createdAt: Date;
}

export class AlertBurstRow extends Model<InferAttributes<AlertBurstRow>, InferCreationAttributes<AlertBurstRow>> {
  declare id: CreationOptional<number>;
  declare accountId: string;
  declare extensionId: string;
  declare source: string;
  declare burstKey: string;
  declare actorKey: string;
  declare actorName: string;
  declare startedAt: Date;
  declare windowEndsAt: Date;
  declare recordIds: string;
  declare severity: string;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class HeldAlertRow extends Model<InferAttributes<HeldAlertRow>, InferCreationAttributes<HeldAlertRow>> {
  declare id: CreationOptional<number>;
  declare accountId: string;
  declare extensionId: string;
  declare kind: string;
  declare releaseAt: Date;
  declare source: string;
  declare recordId: string;
  declare severity: string;
  declare createdAt: Date;
}

export class WatchedActionRow extends Model<InferAttributes<WatchedActionRow>, InferCreationAttributes<WatchedActionRow>> {
  declare accountId: string;
  declare extensionId: string;
  declare actionId: string;
  declare severity: string;
  declare createdAt: Date;
}

export class SeenActionRow extends Model<InferAttributes<SeenActionRow>, InferCreationAttributes<SeenActionRow>> {
  declare accountId: string;
  declare source: string;
  declare actionId: string;
  declare firstSeenAt: Date;
}

export interface NoiseModels {
  NoiseSettings: typeof NoiseSettingsRow;
  ActorExclusion: typeof ActorExclusionRow;
  AlertBurst: typeof AlertBurstRow;
  HeldAlert: typeof HeldAlertRow;
  WatchedAction: typeof WatchedActionRow;
  SeenAction: typeof SeenActionRow;
}

/** Binds fresh noise-control model classes to `sequelize`. */
export function defineNoiseModels(sequelize: Sequelize): NoiseModels {
  class NoiseSettings extends NoiseSettingsRow {}
  class ActorExclusion extends ActorExclusionRow {}
  class AlertBurst extends AlertBurstRow {}
  class HeldAlert extends HeldAlertRow {}
  class WatchedAction extends WatchedActionRow {}
  class SeenAction extends SeenActionRow {}
  NoiseSettings.init(
    {
      accountId: { type: DataTypes.STRING(32), primaryKey: true },
      extensionId: { type: DataTypes.STRING(32), primaryKey: true },
      burstCount: DataTypes.INTEGER,
      burstWindowMinutes: { type: DataTypes.INTEGER, allowNull: false },
      smsQuietStart: DataTypes.STRING(5),
      smsQuietEnd: DataTypes.STRING(5),
      chatsDigest: { type: DataTypes.STRING(8), allowNull: false },
      smsDigest: { type: DataTypes.STRING(8), allowNull: false },
      weeklySummary: { type: DataTypes.BOOLEAN, allowNull: false },
      createdAt: DataTypes.DATE,
      updatedAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'noise_settings', underscored: true, timestamps: true },
  );
  ActorExclusion.init(
    {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      accountId: { type: DataTypes.STRING(32), allowNull: false },
      extensionId: { type: DataTypes.STRING(32), allowNull: false },
      source: { type: DataTypes.STRING(16), allowNull: false },
      actor: { type: DataTypes.STRING(255), allowNull: false },
      actorKey: { type: DataTypes.STRING(255), allowNull: false },
      expiresAt: DataTypes.DATE,
      createdAt: { type: DataTypes.DATE, allowNull: false },
    },
    { sequelize, tableName: 'actor_exclusions', underscored: true, timestamps: false },
  );
  AlertBurst.init(
    {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      accountId: { type: DataTypes.STRING(32), allowNull: false },
      extensionId: { type: DataTypes.STRING(32), allowNull: false },
      source: { type: DataTypes.STRING(16), allowNull: false },
      burstKey: { type: DataTypes.STRING(40), allowNull: false },
      actorKey: { type: DataTypes.STRING(255), allowNull: false },
      actorName: { type: DataTypes.STRING(255), allowNull: false },
      startedAt: { type: DataTypes.DATE, allowNull: false },
      windowEndsAt: { type: DataTypes.DATE, allowNull: false },
      recordIds: { type: DataTypes.TEXT, allowNull: false },
      severity: { type: DataTypes.STRING(16), allowNull: false },
      createdAt: DataTypes.DATE,
      updatedAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'alert_bursts', underscored: true, timestamps: true },
  );
  HeldAlert.init(
    {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      accountId: { type: DataTypes.STRING(32), allowNull: false },
      extensionId: { type: DataTypes.STRING(32), allowNull: false },
      kind: { type: DataTypes.STRING(16), allowNull: false },
      releaseAt: { type: DataTypes.DATE, allowNull: false },
      source: { type: DataTypes.STRING(16), allowNull: false },
      recordId: { type: DataTypes.STRING(64), allowNull: false },
      severity: { type: DataTypes.STRING(16), allowNull: false },
      createdAt: { type: DataTypes.DATE, allowNull: false },
    },
    { sequelize, tableName: 'held_alerts', underscored: true, timestamps: false },
  );
  WatchedAction.init(
    {
      accountId: { type: DataTypes.STRING(32), primaryKey: true },
      extensionId: { type: DataTypes.STRING(32), primaryKey: true },
      actionId: { type: DataTypes.STRING(128), primaryKey: true },
      severity: { type: DataTypes.STRING(16), allowNull: false },
      createdAt: { type: DataTypes.DATE, allowNull: false },
    },
    { sequelize, tableName: 'watched_actions', underscored: true, timestamps: false },
  );
  SeenAction.init(
    {
      accountId: { type: DataTypes.STRING(32), primaryKey: true },
      source: { type: DataTypes.STRING(16), primaryKey: true },
      actionId: { type: DataTypes.STRING(128), primaryKey: true },
      firstSeenAt: { type: DataTypes.DATE, allowNull: false },
    },
    { sequelize, tableName: 'seen_actions', underscored: true, timestamps: false },
  );
  return { NoiseSettings, ActorExclusion, AlertBurst, HeldAlert, WatchedAction, SeenAction };
}

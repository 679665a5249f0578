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
  declare installGeneration: CreationOptional<number>;
  declare welcomedAt: CreationOptional<Date | null>;
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

export class OAuthLoginAttemptRow extends Model<InferAttributes<OAuthLoginAttemptRow>, InferCreationAttributes<OAuthLoginAttemptRow>> {
  declare attemptHash: string;
  declare stateHash: string;
  declare codeVerifierEnc: string;
  declare expiresAt: Date;
  declare createdAt: CreationOptional<Date>;
}

export class AuditCursorRow extends Model<InferAttributes<AuditCursorRow>, InferCreationAttributes<AuditCursorRow>> {
  declare accountId: string;
  declare source: string;
  declare cursorAt: Date | null;
  declare lastPollAt: Date | null;
  declare lastPollStatus: string | null;
  declare lastError: string | null;
  declare leaseUntil: Date | null;
  declare leaseOwner: string | null;
  declare updatedAt: CreationOptional<Date>;
}

export class AuditEventRow extends Model<InferAttributes<AuditEventRow>, InferCreationAttributes<AuditEventRow>> {
  declare source: string;
  declare accountId: string;
  declare recordId: string;
  declare actionId: string;
  declare eventKey: string | null;
  declare eventTime: Date;
  declare raw: string;
  declare fetchedAt: Date;
}

export class DeliveryRow extends Model<InferAttributes<DeliveryRow>, InferCreationAttributes<DeliveryRow>> {
  declare id: CreationOptional<number>;
  declare accountId: string;
  declare source: string;
  declare recordId: string;
  declare adminExtensionId: string;
  declare channel: 'sms' | 'chat';
  declare destination: string;
  declare kind: CreationOptional<string>;
  /** Chat rows end `sent`; SMS rows go `accepted` → `delivered` | `unconfirmed` | `dead` (or back to `pending` to resend). */
  declare status: 'pending' | 'sending' | 'sent' | 'accepted' | 'delivered' | 'unconfirmed' | 'dead' | 'cancelled';
  declare attempts: CreationOptional<number>;
  declare nextAttemptAt: Date;
  declare claimedAt: CreationOptional<Date | null>;
  declare claimToken: CreationOptional<string | null>;
  declare claimOwner: CreationOptional<string | null>;
  declare leaseUntil: CreationOptional<Date | null>;
  declare unknownSince: CreationOptional<Date | null>;
  declare heldUntil: CreationOptional<Date | null>;
  declare sentAt: CreationOptional<Date | null>;
  declare providerId: CreationOptional<string | null>;
  declare lastError: CreationOptional<string | null>;
  /** SMS: when the message record is read next (while `accepted`). */
  declare nextCheckAt: CreationOptional<Date | null>;
  /** SMS: how many times the message record was read for the current send. */
  declare checks: CreationOptional<number>;
  /** SMS: the message record's deliveryErrorCode, if any. */
  declare deliveryErrorCode: CreationOptional<string | null>;
  /** SMS: when the record settled (delivered, failed or given up as unconfirmed). */
  declare settledAt: CreationOptional<Date | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

/** A chat the bot may not post to until `reopensAt` (RingCentral's daily post cap, RINGCENTRAL.md §5). */
export class ChatPostCapRow extends Model<InferAttributes<ChatPostCapRow>, InferCreationAttributes<ChatPostCapRow>> {
  declare accountId: string;
  declare chatId: string;
  declare cappedAt: Date;
  declare reopensAt: Date;
}

export class SmsOptOutRow extends Model<InferAttributes<SmsOptOutRow>, InferCreationAttributes<SmsOptOutRow>> {
  declare accountId: string;
  /** Our number the recipient opted out of; '' = every number of the account. */
  declare sender: string;
  declare phoneNumber: string;
  declare source: 'reply' | 'delivery' | 'consents';
  declare reason: string;
  declare optedOutAt: Date;
}

export class SmsConsentSyncRow extends Model<InferAttributes<SmsConsentSyncRow>, InferCreationAttributes<SmsConsentSyncRow>> {
  declare accountId: string;
  declare extensionId: string;
  declare checkedAt: Date;
  declare status: 'ok' | 'failed';
  declare error: string | null;
}

export class AdminNoticeRow extends Model<InferAttributes<AdminNoticeRow>, InferCreationAttributes<AdminNoticeRow>> {
  declare accountId: string;
  declare extensionId: string;
  declare noticeKey: string;
  declare sentAt: Date;
}

export class HealthIncidentRow extends Model<InferAttributes<HealthIncidentRow>, InferCreationAttributes<HealthIncidentRow>> {
  declare id: CreationOptional<number>;
  declare accountId: string;
  declare kind: string;
  declare openKind: string | null;
  declare detail: string;
  declare startedAt: Date;
  declare clearedAt: Date | null;
}

export class AlertPolicyRow extends Model<InferAttributes<AlertPolicyRow>, InferCreationAttributes<AlertPolicyRow>> {
  declare accountId: string;
  declare extensionId: string;
  declare version: number;
  declare severityOverrides: string;
  declare smsMin: string;
  declare chatsMin: string;
  declare triageWho: string;
  declare escalateLevel: string;
  declare escalateAfterMinutes: number | null;
  declare confirmActors: boolean;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class AlertTriageRow extends Model<InferAttributes<AlertTriageRow>, InferCreationAttributes<AlertTriageRow>> {
  declare source: string;
  declare accountId: string;
  declare recordId: string;
  declare state: string;
  declare version: number;
  declare actorId: string | null;
  declare actorName: string | null;
  declare note: string | null;
  declare changedAt: Date | null;
  declare actorAnswer: string | null;
  declare actorAnsweredAt: Date | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class AlertTriageChangeRow extends Model<InferAttributes<AlertTriageChangeRow>, InferCreationAttributes<AlertTriageChangeRow>> {
  declare id: CreationOptional<number>;
  declare source: string;
  declare accountId: string;
  declare recordId: string;
  declare fromState: string;
  declare toState: string;
  declare actorId: string;
  declare actorName: string | null;
  declare note: string | null;
  declare changedAt: Date;
}

/** The models bound to one connection. */
export interface Models {
  Installation: typeof InstallationRow;
  BotChat: typeof BotChatRow;
  AdminAuthorization: typeof AdminAuthorizationRow;
  AdminSettings: typeof AdminSettingsRow;
  SettingsChange: typeof SettingsChangeRow;
  OAuthState: typeof OAuthStateRow;
  OAuthLoginAttempt: typeof OAuthLoginAttemptRow;
  AuditCursor: typeof AuditCursorRow;
  AuditEvent: typeof AuditEventRow;
  Delivery: typeof DeliveryRow;
  SmsOptOut: typeof SmsOptOutRow;
  SmsConsentSync: typeof SmsConsentSyncRow;
  ChatPostCap: typeof ChatPostCapRow;
  AdminNotice: typeof AdminNoticeRow;
  HealthIncident: typeof HealthIncidentRow;
  AlertPolicy: typeof AlertPolicyRow;
  AlertTriage: typeof AlertTriageRow;
  AlertTriageChange: typeof AlertTriageChangeRow;
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
  class OAuthLoginAttempt extends OAuthLoginAttemptRow {}
  class AuditCursor extends AuditCursorRow {}
  class AuditEvent extends AuditEventRow {}
  class Delivery extends DeliveryRow {}
  class SmsOptOut extends SmsOptOutRow {}
  class SmsConsentSync extends SmsConsentSyncRow {}
  class ChatPostCap extends ChatPostCapRow {}
  class AdminNotice extends AdminNoticeRow {}
  class HealthIncident extends HealthIncidentRow {}
  HealthIncident.init(
    {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      accountId: { type: DataTypes.STRING(32), allowNull: false },
      kind: { type: DataTypes.STRING(32), allowNull: false },
      openKind: { type: DataTypes.STRING(32), allowNull: true },
      detail: { type: DataTypes.TEXT, allowNull: false },
      startedAt: { type: DataTypes.DATE, allowNull: false },
      clearedAt: { type: DataTypes.DATE, allowNull: true },
    },
    { sequelize, tableName: 'health_incidents', underscored: true, timestamps: false },
  );
  class AlertPolicy extends AlertPolicyRow {}
  class AlertTriage extends AlertTriageRow {}
  class AlertTriageChange extends AlertTriageChangeRow {}
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
      installGeneration: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      welcomedAt: DataTypes.DATE,
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
  OAuthLoginAttempt.init(
    {
      attemptHash: { type: DataTypes.STRING(64), primaryKey: true },
      stateHash: { type: DataTypes.STRING(64), allowNull: false },
      codeVerifierEnc: { type: DataTypes.TEXT, allowNull: false },
      expiresAt: { type: DataTypes.DATE, allowNull: false },
      createdAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'oauth_login_attempts', underscored: true, timestamps: true, updatedAt: false },
  );
  AuditCursor.init(
    {
      accountId: { type: DataTypes.STRING(32), primaryKey: true },
      source: { type: DataTypes.STRING(16), primaryKey: true },
      cursorAt: DataTypes.DATE,
      lastPollAt: DataTypes.DATE,
      lastPollStatus: DataTypes.STRING(32),
      lastError: DataTypes.TEXT,
      leaseUntil: DataTypes.DATE,
      leaseOwner: DataTypes.STRING(64),
      updatedAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'audit_cursors', underscored: true, timestamps: true, createdAt: false },
  );
  AuditEvent.init(
    {
      source: { type: DataTypes.STRING(16), primaryKey: true },
      accountId: { type: DataTypes.STRING(32), primaryKey: true },
      recordId: { type: DataTypes.STRING(64), primaryKey: true },
      actionId: { type: DataTypes.STRING(128), allowNull: false },
      eventKey: DataTypes.STRING(64),
      eventTime: { type: DataTypes.DATE, allowNull: false },
      raw: { type: DataTypes.TEXT, allowNull: false },
      fetchedAt: { type: DataTypes.DATE, allowNull: false },
    },
    { sequelize, tableName: 'audit_events', underscored: true, timestamps: false },
  );
  Delivery.init(
    {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      accountId: { type: DataTypes.STRING(32), allowNull: false },
      source: { type: DataTypes.STRING(16), allowNull: false },
      recordId: { type: DataTypes.STRING(64), allowNull: false },
      adminExtensionId: { type: DataTypes.STRING(32), allowNull: false },
      channel: { type: DataTypes.STRING(8), allowNull: false },
      destination: { type: DataTypes.STRING(64), allowNull: false },
      kind: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'alert' },
      status: { type: DataTypes.STRING(16), allowNull: false },
      attempts: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      nextAttemptAt: { type: DataTypes.DATE, allowNull: false },
      claimedAt: DataTypes.DATE,
      claimToken: DataTypes.STRING(40),
      claimOwner: DataTypes.STRING(64),
      leaseUntil: DataTypes.DATE,
      unknownSince: DataTypes.DATE,
      heldUntil: DataTypes.DATE,
      sentAt: DataTypes.DATE,
      providerId: DataTypes.STRING(64),
      lastError: DataTypes.TEXT,
      nextCheckAt: DataTypes.DATE,
      checks: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      deliveryErrorCode: DataTypes.STRING(32),
      settledAt: DataTypes.DATE,
      createdAt: DataTypes.DATE,
      updatedAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'deliveries', ...common },
  );
  SmsOptOut.init(
    {
      accountId: { type: DataTypes.STRING(32), primaryKey: true },
      sender: { type: DataTypes.STRING(32), primaryKey: true },
      phoneNumber: { type: DataTypes.STRING(32), primaryKey: true },
      source: { type: DataTypes.STRING(16), allowNull: false },
      reason: { type: DataTypes.STRING(128), allowNull: false },
      optedOutAt: { type: DataTypes.DATE, allowNull: false },
    },
    { sequelize, tableName: 'sms_opt_outs', underscored: true, timestamps: false },
  );
  SmsConsentSync.init(
    {
      accountId: { type: DataTypes.STRING(32), primaryKey: true },
      extensionId: { type: DataTypes.STRING(32), primaryKey: true },
      checkedAt: { type: DataTypes.DATE, allowNull: false },
      status: { type: DataTypes.STRING(16), allowNull: false },
      error: DataTypes.TEXT,
    },
    { sequelize, tableName: 'sms_consent_syncs', underscored: true, timestamps: false },
  );
  ChatPostCap.init(
    {
      accountId: { type: DataTypes.STRING(32), primaryKey: true },
      chatId: { type: DataTypes.STRING(64), primaryKey: true },
      cappedAt: { type: DataTypes.DATE, allowNull: false },
      reopensAt: { type: DataTypes.DATE, allowNull: false },
    },
    { sequelize, tableName: 'chat_post_caps', underscored: true, timestamps: false },
  );
  AdminNotice.init(
    {
      accountId: { type: DataTypes.STRING(32), primaryKey: true },
      extensionId: { type: DataTypes.STRING(32), primaryKey: true },
      noticeKey: { type: DataTypes.STRING(128), primaryKey: true },
      sentAt: { type: DataTypes.DATE, allowNull: false },
    },
    { sequelize, tableName: 'admin_notices', underscored: true, timestamps: false },
  );
  AlertPolicy.init(
    {
      accountId: { type: DataTypes.STRING(32), primaryKey: true },
      extensionId: { type: DataTypes.STRING(32), primaryKey: true },
      version: { type: DataTypes.INTEGER, allowNull: false },
      severityOverrides: { type: DataTypes.TEXT, allowNull: false },
      smsMin: { type: DataTypes.STRING(16), allowNull: false },
      chatsMin: { type: DataTypes.STRING(16), allowNull: false },
      triageWho: { type: DataTypes.STRING(16), allowNull: false },
      escalateLevel: { type: DataTypes.STRING(16), allowNull: false },
      escalateAfterMinutes: DataTypes.INTEGER,
      confirmActors: { type: DataTypes.BOOLEAN, allowNull: false },
      createdAt: DataTypes.DATE,
      updatedAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'alert_policies', ...common },
  );
  AlertTriage.init(
    {
      source: { type: DataTypes.STRING(16), primaryKey: true },
      accountId: { type: DataTypes.STRING(32), primaryKey: true },
      recordId: { type: DataTypes.STRING(64), primaryKey: true },
      state: { type: DataTypes.STRING(16), allowNull: false },
      version: { type: DataTypes.INTEGER, allowNull: false },
      actorId: DataTypes.STRING(32),
      actorName: DataTypes.STRING(255),
      note: DataTypes.STRING(300),
      changedAt: DataTypes.DATE,
      actorAnswer: DataTypes.STRING(8),
      actorAnsweredAt: DataTypes.DATE,
      createdAt: DataTypes.DATE,
      updatedAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'alert_triage', ...common },
  );
  AlertTriageChange.init(
    {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      source: { type: DataTypes.STRING(16), allowNull: false },
      accountId: { type: DataTypes.STRING(32), allowNull: false },
      recordId: { type: DataTypes.STRING(64), allowNull: false },
      fromState: { type: DataTypes.STRING(16), allowNull: false },
      toState: { type: DataTypes.STRING(16), allowNull: false },
      actorId: { type: DataTypes.STRING(32), allowNull: false },
      actorName: DataTypes.STRING(255),
      note: DataTypes.STRING(300),
      changedAt: { type: DataTypes.DATE, allowNull: false },
    },
    { sequelize, tableName: 'alert_triage_changes', underscored: true, timestamps: false },
  );
  return { Installation, BotChat, AdminAuthorization, AdminSettings, SettingsChange, OAuthState, OAuthLoginAttempt, AuditCursor, AuditEvent, Delivery, SmsOptOut, SmsConsentSync, AdminNotice, ChatPostCap, HealthIncident, AlertPolicy, AlertTriage, AlertTriageChange };
}

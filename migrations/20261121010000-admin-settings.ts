import { DataTypes } from 'sequelize';
import type { Migration } from './migration';

/** Per-admin notification settings, their change log, and pending OAuth logins. */
export const adminSettings: Migration = {
  name: '20261121010000-admin-settings',
  async up({ queryInterface }) {
    await queryInterface.createTable('admin_settings', {
      account_id: { type: DataTypes.STRING(32), primaryKey: true },
      extension_id: { type: DataTypes.STRING(32), primaryKey: true },
      /** Bumped on every change; cards carry it so a click on a stale card is refused. */
      version: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 1 },
      sms_enabled: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
      sms_sender: { type: DataTypes.STRING(32), allowNull: true },
      /** JSON array of E.164 numbers, at most 5. */
      sms_recipients: { type: DataTypes.TEXT, allowNull: false, defaultValue: '[]' },
      chats_enabled: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
      /** JSON array of chat ids, at most 5. */
      chat_ids: { type: DataTypes.TEXT, allowNull: false, defaultValue: '[]' },
      /** JSON array of event keys. */
      event_keys: { type: DataTypes.TEXT, allowNull: false, defaultValue: '[]' },
      paused: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
      /** IANA zone overriding the account's for this admin's alerts. */
      timezone: { type: DataTypes.STRING(64), allowNull: true },
      /** When this admin first had a destination switched on: polling starts there, not in history. */
      notifications_since: { type: DataTypes.DATE, allowNull: true },
      created_at: { type: DataTypes.DATE, allowNull: false },
      updated_at: { type: DataTypes.DATE, allowNull: false },
    });

    await queryInterface.createTable('settings_changes', {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      account_id: { type: DataTypes.STRING(32), allowNull: false },
      extension_id: { type: DataTypes.STRING(32), allowNull: false },
      actor_id: { type: DataTypes.STRING(32), allowNull: false },
      field: { type: DataTypes.STRING(64), allowNull: false },
      old_value: { type: DataTypes.TEXT, allowNull: true },
      new_value: { type: DataTypes.TEXT, allowNull: true },
      changed_at: { type: DataTypes.DATE, allowNull: false },
    });
    await queryInterface.addIndex('settings_changes', ['account_id', 'extension_id', 'id'], { name: 'settings_changes_owner' });

    await queryInterface.createTable('oauth_states', {
      /** SHA-256 of the state parameter: the state itself only ever travels in URLs. */
      state_hash: { type: DataTypes.STRING(64), primaryKey: true },
      account_id: { type: DataTypes.STRING(32), allowNull: false },
      extension_id: { type: DataTypes.STRING(32), allowNull: false },
      chat_id: { type: DataTypes.STRING(32), allowNull: false },
      code_verifier_enc: { type: DataTypes.TEXT, allowNull: true },
      expires_at: { type: DataTypes.DATE, allowNull: false },
      used_at: { type: DataTypes.DATE, allowNull: true },
      created_at: { type: DataTypes.DATE, allowNull: false },
    });

    await queryInterface.addColumn('admin_authorizations', 'timezone', { type: DataTypes.STRING(64), allowNull: true });
    await queryInterface.addColumn('admin_authorizations', 'country', { type: DataTypes.STRING(2), allowNull: true });
    await queryInterface.addColumn('admin_authorizations', 'reauth_notified_at', { type: DataTypes.DATE, allowNull: true });
  },
  async down({ queryInterface }) {
    await queryInterface.removeColumn('admin_authorizations', 'reauth_notified_at');
    await queryInterface.removeColumn('admin_authorizations', 'country');
    await queryInterface.removeColumn('admin_authorizations', 'timezone');
    await queryInterface.dropTable('oauth_states');
    await queryInterface.dropTable('settings_changes');
    await queryInterface.dropTable('admin_settings');
  },
};

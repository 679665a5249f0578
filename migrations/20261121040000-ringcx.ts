import { DataTypes } from 'sequelize';
import type { Migration } from './migration';

/** RingCX audit logs: one sealed RingCX token pair per account, per-admin RingCX settings, and a window cursor per RingCX sub-account. */
export const ringcx: Migration = {
  name: '20261121040000-ringcx',
  async up({ queryInterface }) {
    await queryInterface.createTable('ringcx_tokens', {
      account_id: { type: DataTypes.STRING(32), primaryKey: true },
      /** The admin whose RingCentral token was exchanged for this pair. */
      extension_id: { type: DataTypes.STRING(32), allowNull: false },
      /** Sealed with the TokenCipher, like every token at rest. */
      access_token_enc: { type: DataTypes.TEXT, allowNull: false },
      refresh_token_enc: { type: DataTypes.TEXT, allowNull: true },
      access_expires_at: { type: DataTypes.DATE, allowNull: false },
      main_account_id: { type: DataTypes.STRING(32), allowNull: true },
      created_at: { type: DataTypes.DATE, allowNull: false },
      updated_at: { type: DataTypes.DATE, allowNull: false },
    });

    await queryInterface.createTable('ringcx_settings', {
      account_id: { type: DataTypes.STRING(32), primaryKey: true },
      extension_id: { type: DataTypes.STRING(32), primaryKey: true },
      /** Bumped on every change; the events card carries it so a stale card is refused. */
      version: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 1 },
      enabled: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
      /** When the admin last turned RingCX on: polling starts at the window holding it, not in history. */
      enabled_since: { type: DataTypes.DATE, allowNull: true },
      /** JSON [{accountId, accountName}]: the RingCX sub-accounts seen when enabling. */
      sub_accounts: { type: DataTypes.TEXT, allowNull: false, defaultValue: '[]' },
      /** JSON array of sub-account ids, or null for all of them. */
      watched_sub_accounts: { type: DataTypes.TEXT, allowNull: true },
      /** JSON [{fullPath, name}]: RingCX's auditable entity types. */
      entities: { type: DataTypes.TEXT, allowNull: false, defaultValue: '[]' },
      /** JSON array of entity type names, or null for all of them. */
      entity_filter: { type: DataTypes.TEXT, allowNull: true },
      /** JSON array of CREATE | UPDATE | DELETE. */
      action_filter: { type: DataTypes.TEXT, allowNull: false, defaultValue: '["CREATE","UPDATE","DELETE"]' },
      /** JSON array of RingCX user names whose changes send no alert. */
      ignored_users: { type: DataTypes.TEXT, allowNull: false, defaultValue: '[]' },
      created_at: { type: DataTypes.DATE, allowNull: false },
      updated_at: { type: DataTypes.DATE, allowNull: false },
    });

    await queryInterface.createTable('ringcx_cursors', {
      account_id: { type: DataTypes.STRING(32), primaryKey: true },
      sub_account_id: { type: DataTypes.STRING(32), primaryKey: true },
      /** End of the last window stored: the next window starts here. */
      window_end: { type: DataTypes.DATE, allowNull: false },
      last_poll_at: { type: DataTypes.DATE, allowNull: true },
      last_poll_status: { type: DataTypes.STRING(32), allowNull: true },
      last_error: { type: DataTypes.TEXT, allowNull: true },
      updated_at: { type: DataTypes.DATE, allowNull: false },
    });
  },
  async down({ queryInterface }) {
    await queryInterface.dropTable('ringcx_cursors');
    await queryInterface.dropTable('ringcx_settings');
    await queryInterface.dropTable('ringcx_tokens');
  },
};

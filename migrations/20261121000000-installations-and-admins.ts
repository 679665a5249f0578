import { DataTypes } from 'sequelize';
import type { Migration } from './migration';

const timestamps = {
  created_at: { type: DataTypes.DATE, allowNull: false },
  updated_at: { type: DataTypes.DATE, allowNull: false },
};

export const installationsAndAdmins: Migration = {
  name: '20261121000000-installations-and-admins',
  async up({ queryInterface }) {
    await queryInterface.createTable('bot_installations', {
      account_id: { type: DataTypes.STRING(32), primaryKey: true },
      bot_id: { type: DataTypes.STRING(32), allowNull: false },
      installer_id: { type: DataTypes.STRING(32), allowNull: true },
      status: { type: DataTypes.STRING(16), allowNull: false },
      /** AES-256-GCM sealed bot token; null once uninstalled. */
      token_enc: { type: DataTypes.TEXT, allowNull: true },
      /** SHA-256 of the webhook Verification-Token: only ever compared, never sent again. */
      verification_token_hash: { type: DataTypes.STRING(64), allowNull: true },
      subscription_id: { type: DataTypes.STRING(64), allowNull: true },
      subscription_status: { type: DataTypes.STRING(32), allowNull: true },
      subscription_expires_at: { type: DataTypes.DATE, allowNull: true },
      installed_at: { type: DataTypes.DATE, allowNull: false },
      uninstalled_at: { type: DataTypes.DATE, allowNull: true },
      ...timestamps,
    });
    await queryInterface.addIndex('bot_installations', ['bot_id'], { name: 'bot_installations_bot_id' });
    await queryInterface.addIndex('bot_installations', ['subscription_id'], {
      name: 'bot_installations_subscription_id',
    });

    await queryInterface.createTable('bot_chats', {
      account_id: { type: DataTypes.STRING(32), primaryKey: true },
      chat_id: { type: DataTypes.STRING(32), primaryKey: true },
      chat_type: { type: DataTypes.STRING(32), allowNull: true },
      name: { type: DataTypes.STRING(255), allowNull: true },
      ...timestamps,
    });

    await queryInterface.createTable('admin_authorizations', {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      account_id: { type: DataTypes.STRING(32), allowNull: false },
      extension_id: { type: DataTypes.STRING(32), allowNull: false },
      name: { type: DataTypes.STRING(255), allowNull: true },
      status: { type: DataTypes.STRING(32), allowNull: false },
      access_token_enc: { type: DataTypes.TEXT, allowNull: true },
      refresh_token_enc: { type: DataTypes.TEXT, allowNull: true },
      access_expires_at: { type: DataTypes.DATE, allowNull: true },
      refresh_expires_at: { type: DataTypes.DATE, allowNull: true },
      ...timestamps,
    });
    await queryInterface.addIndex('admin_authorizations', ['account_id', 'extension_id'], {
      name: 'admin_authorizations_account_extension',
      unique: true,
    });
  },
  async down({ queryInterface }) {
    await queryInterface.dropTable('admin_authorizations');
    await queryInterface.dropTable('bot_chats');
    await queryInterface.dropTable('bot_installations');
  },
};

import { DataTypes } from 'sequelize';
import type { Migration } from './migration';

/**
 * RingCentral's daily post cap (RINGCENTRAL.md §5): a chat the bot may not post to until `reopens_at`,
 * and, on each outbox row, `held_until` when the row was parked by the cap (such rows are folded into one
 * digest card when the chat reopens).
 */
export const chatPostCaps: Migration = {
  name: '20261201184100-chat-post-caps',
  async up({ queryInterface }) {
    await queryInterface.createTable('chat_post_caps', {
      account_id: { type: DataTypes.STRING(32), primaryKey: true },
      chat_id: { type: DataTypes.STRING(64), primaryKey: true },
      capped_at: { type: DataTypes.DATE, allowNull: false },
      reopens_at: { type: DataTypes.DATE, allowNull: false },
    });
    await queryInterface.addColumn('deliveries', 'held_until', { type: DataTypes.DATE, allowNull: true });
  },
  async down({ queryInterface }) {
    await queryInterface.removeColumn('deliveries', 'held_until');
    await queryInterface.dropTable('chat_post_caps');
  },
};

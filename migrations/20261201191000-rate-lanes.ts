import { DataTypes } from 'sequelize';
import type { Migration } from './migration';

/**
 * The RingCentral rate-limit budget shared by every instance on one PostgreSQL database
 * (src/ringcentral/shared-rate-ledger.ts): one row per call in a lane (taken when it may go, dated
 * `done_at` when it finished) and each lane's 429 penalty. A lane is the SHA-256 hex of the pacer key
 * and the rate-limit group, never a token. SQLite (one process) has the tables but does not use them.
 */
export const rateLanes: Migration = {
  name: '20261201191000-rate-lanes',
  async up({ queryInterface }) {
    await queryInterface.createTable('rate_slots', {
      id: { type: DataTypes.BIGINT, primaryKey: true, autoIncrement: true },
      lane: { type: DataTypes.STRING(64), allowNull: false },
      instance: { type: DataTypes.STRING(64), allowNull: false },
      acquired_at: { type: DataTypes.DATE, allowNull: false },
      done_at: { type: DataTypes.DATE, allowNull: true },
    });
    await queryInterface.addIndex('rate_slots', ['lane', 'acquired_at'], { name: 'rate_slots_lane' });
    await queryInterface.createTable('rate_penalties', {
      lane: { type: DataTypes.STRING(64), primaryKey: true },
      until: { type: DataTypes.DATE, allowNull: false },
    });
  },
  async down({ queryInterface }) {
    await queryInterface.dropTable('rate_penalties');
    await queryInterface.dropTable('rate_slots');
  },
};

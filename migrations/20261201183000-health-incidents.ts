import { DataTypes } from 'sequelize';
import type { Migration } from './migration';

/**
 * Health incidents found by the watchdog, one row per (account, kind) while it lasts. `open_kind` is
 * the kind while the incident is open and NULL once cleared, so the unique index lets one instance
 * open an incident (and send its card) while a second instance's insert fails; NULLs never collide.
 */
export const healthIncidents: Migration = {
  name: '20261201183000-health-incidents',
  async up({ queryInterface }) {
    await queryInterface.createTable('health_incidents', {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      account_id: { type: DataTypes.STRING(32), allowNull: false },
      kind: { type: DataTypes.STRING(32), allowNull: false },
      open_kind: { type: DataTypes.STRING(32), allowNull: true },
      detail: { type: DataTypes.TEXT, allowNull: false },
      started_at: { type: DataTypes.DATE, allowNull: false },
      cleared_at: { type: DataTypes.DATE, allowNull: true },
    });
    await queryInterface.addIndex('health_incidents', ['account_id', 'open_kind'], { name: 'health_incidents_open', unique: true });
    await queryInterface.addIndex('health_incidents', ['account_id', 'started_at'], { name: 'health_incidents_account' });
  },
  async down({ queryInterface }) {
    await queryInterface.dropTable('health_incidents');
  },
};

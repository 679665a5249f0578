import { DataTypes } from 'sequelize';
import type { Migration } from './migration';

/**
 * Claims carry the claiming instance and a short lease that the instance renews while the send is in
 * flight; a row whose lease ran out belongs to a dead worker and is taken over. `unknown_since` marks a
 * row whose last attempt may have landed (timed out, or its worker died mid-send): the first attempt is
 * looked for before the row is sent again.
 */
export const deliveryLeases: Migration = {
  name: '20261201184000-delivery-leases',
  async up({ queryInterface }) {
    await queryInterface.addColumn('deliveries', 'claim_owner', { type: DataTypes.STRING(64), allowNull: true });
    await queryInterface.addColumn('deliveries', 'lease_until', { type: DataTypes.DATE, allowNull: true });
    await queryInterface.addColumn('deliveries', 'unknown_since', { type: DataTypes.DATE, allowNull: true });
  },
  async down({ queryInterface }) {
    await queryInterface.removeColumn('deliveries', 'unknown_since');
    await queryInterface.removeColumn('deliveries', 'lease_until');
    await queryInterface.removeColumn('deliveries', 'claim_owner');
  },
};

import { DataTypes } from 'sequelize';
import type { Migration } from './migration';

/** Lets a worker claim a whole batch of due deliveries in one UPDATE and read back exactly its own. */
export const deliveryClaimToken: Migration = {
  name: '20261121030000-delivery-claim-token',
  async up({ queryInterface }) {
    await queryInterface.addColumn('deliveries', 'claim_token', { type: DataTypes.STRING(40), allowNull: true });
    await queryInterface.addIndex('deliveries', ['claim_token'], { name: 'deliveries_claim_token' });
  },
  async down({ queryInterface }) {
    await queryInterface.removeIndex('deliveries', 'deliveries_claim_token');
    await queryInterface.removeColumn('deliveries', 'claim_token');
  },
};

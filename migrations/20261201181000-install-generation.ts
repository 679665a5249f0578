import { DataTypes } from 'sequelize';
import type { Migration } from './migration';

/**
 * Installs of one account take turns through `install_generation` (each install claims the next number
 * with a compare-and-set, and only the holder of the current number may record a subscription), and
 * `welcomed_at` makes the welcome card a once-per-install event. Existing installations were welcomed.
 */
export const installGeneration: Migration = {
  name: '20261201181000-install-generation',
  async up({ queryInterface }) {
    await queryInterface.addColumn('bot_installations', 'install_generation', { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 });
    await queryInterface.addColumn('bot_installations', 'welcomed_at', { type: DataTypes.DATE, allowNull: true });
    await queryInterface.sequelize.query('UPDATE bot_installations SET welcomed_at = installed_at');
  },
  async down({ queryInterface }) {
    await queryInterface.removeColumn('bot_installations', 'welcomed_at');
    await queryInterface.removeColumn('bot_installations', 'install_generation');
  },
};

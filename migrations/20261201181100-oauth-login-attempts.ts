import { DataTypes } from 'sequelize';
import type { Migration } from './migration';

/**
 * One row per opening of a login link (/oauth/authorize): each keeps its own PKCE verifier, so a link
 * opened in two tabs can be finished from either. The attempt's own random state is what RingCentral
 * sends back; it is stored hashed, like the login state it belongs to.
 */
export const oauthLoginAttempts: Migration = {
  name: '20261201181100-oauth-login-attempts',
  async up({ queryInterface }) {
    await queryInterface.createTable('oauth_login_attempts', {
      attempt_hash: { type: DataTypes.STRING(64), primaryKey: true },
      state_hash: { type: DataTypes.STRING(64), allowNull: false },
      code_verifier_enc: { type: DataTypes.TEXT, allowNull: false },
      expires_at: { type: DataTypes.DATE, allowNull: false },
      created_at: { type: DataTypes.DATE, allowNull: false },
    });
    await queryInterface.addIndex('oauth_login_attempts', ['state_hash'], { name: 'oauth_login_attempts_state_hash' });
  },
  async down({ queryInterface }) {
    await queryInterface.dropTable('oauth_login_attempts');
  },
};

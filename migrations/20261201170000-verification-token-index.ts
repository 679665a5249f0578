import type { Migration } from './migration';

/**
 * The webhook finds its installation by the Verification-Token's hash before it reads anything else
 * in the notification (so a stranger's bot id tells them nothing): one index makes that lookup cheap.
 */
export const verificationTokenIndex: Migration = {
  name: '20261201170000-verification-token-index',
  async up({ queryInterface }) {
    await queryInterface.addIndex('bot_installations', ['verification_token_hash'], { name: 'bot_installations_verification_token_hash' });
  },
  async down({ queryInterface }) {
    await queryInterface.removeIndex('bot_installations', 'bot_installations_verification_token_hash');
  },
};

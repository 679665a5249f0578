import type { Migration } from './migration';

/**
 * The raw-record archive is read and purged across accounts in event-time order (`npm run export`,
 * the daily retention purge): one index whose order is exactly the export's keyset.
 */
export const archive: Migration = {
  name: '20261121050000-archive',
  async up({ queryInterface }) {
    await queryInterface.addIndex('audit_events', ['event_time', 'source', 'account_id', 'record_id'], { name: 'audit_events_time' });
  },
  async down({ queryInterface }) {
    await queryInterface.removeIndex('audit_events', 'audit_events_time');
  },
};

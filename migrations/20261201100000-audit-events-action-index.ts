import type { Migration } from './migration';

/**
 * Every RingEX audit record is archived now, not only the watched ones: index the archive by action so
 * an account's actions can be listed and counted (which actionIds occur, how often) without a full scan.
 */
export const auditEventsActionIndex: Migration = {
  name: '20261201100000-audit-events-action-index',
  async up({ queryInterface }) {
    await queryInterface.addIndex('audit_events', ['account_id', 'source', 'action_id'], { name: 'audit_events_account_action' });
  },
  async down({ queryInterface }) {
    await queryInterface.removeIndex('audit_events', 'audit_events_account_action');
  },
};

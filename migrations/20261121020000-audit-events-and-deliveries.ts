import { DataTypes } from 'sequelize';
import type { Migration } from './migration';

/** Poll cursors, fetched audit records (raw, de-duplicated by id), the delivery outbox, and SMS opt-outs. */
export const auditEventsAndDeliveries: Migration = {
  name: '20261121020000-audit-events-and-deliveries',
  async up({ queryInterface }) {
    await queryInterface.createTable('audit_cursors', {
      account_id: { type: DataTypes.STRING(32), primaryKey: true },
      source: { type: DataTypes.STRING(16), primaryKey: true },
      /** Everything up to here has been fetched and stored; the next window starts here (minus the overlap). */
      cursor_at: { type: DataTypes.DATE, allowNull: true },
      last_poll_at: { type: DataTypes.DATE, allowNull: true },
      last_poll_status: { type: DataTypes.STRING(32), allowNull: true },
      last_error: { type: DataTypes.TEXT, allowNull: true },
      /** A poller holds the account until then, so two instances never poll one account at once. */
      lease_until: { type: DataTypes.DATE, allowNull: true },
      lease_owner: { type: DataTypes.STRING(64), allowNull: true },
      updated_at: { type: DataTypes.DATE, allowNull: false },
    });

    await queryInterface.createTable('audit_events', {
      source: { type: DataTypes.STRING(16), primaryKey: true },
      account_id: { type: DataTypes.STRING(32), primaryKey: true },
      record_id: { type: DataTypes.STRING(64), primaryKey: true },
      action_id: { type: DataTypes.STRING(128), allowNull: false },
      event_key: { type: DataTypes.STRING(64), allowNull: true },
      event_time: { type: DataTypes.DATE, allowNull: false },
      /** The record exactly as RingCentral sent it (JSON): the archive auditors export. */
      raw: { type: DataTypes.TEXT, allowNull: false },
      fetched_at: { type: DataTypes.DATE, allowNull: false },
    });
    await queryInterface.addIndex('audit_events', ['account_id', 'event_time'], { name: 'audit_events_account_time' });

    await queryInterface.createTable('deliveries', {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      account_id: { type: DataTypes.STRING(32), allowNull: false },
      source: { type: DataTypes.STRING(16), allowNull: false },
      record_id: { type: DataTypes.STRING(64), allowNull: false },
      /** The admin whose settings asked for it: their token and sender number send the SMS. */
      admin_extension_id: { type: DataTypes.STRING(32), allowNull: false },
      channel: { type: DataTypes.STRING(8), allowNull: false },
      destination: { type: DataTypes.STRING(64), allowNull: false },
      status: { type: DataTypes.STRING(16), allowNull: false },
      attempts: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      next_attempt_at: { type: DataTypes.DATE, allowNull: false },
      claimed_at: { type: DataTypes.DATE, allowNull: true },
      sent_at: { type: DataTypes.DATE, allowNull: true },
      provider_id: { type: DataTypes.STRING(64), allowNull: true },
      last_error: { type: DataTypes.TEXT, allowNull: true },
      created_at: { type: DataTypes.DATE, allowNull: false },
      updated_at: { type: DataTypes.DATE, allowNull: false },
    });
    await queryInterface.addIndex('deliveries', ['source', 'account_id', 'record_id', 'channel', 'destination'], {
      name: 'deliveries_event_destination',
      unique: true,
    });
    await queryInterface.addIndex('deliveries', ['status', 'next_attempt_at'], { name: 'deliveries_due' });
    await queryInterface.addIndex('deliveries', ['account_id', 'admin_extension_id'], { name: 'deliveries_admin' });

    await queryInterface.createTable('sms_opt_outs', {
      account_id: { type: DataTypes.STRING(32), primaryKey: true },
      phone_number: { type: DataTypes.STRING(32), primaryKey: true },
      reason: { type: DataTypes.STRING(64), allowNull: false },
      opted_out_at: { type: DataTypes.DATE, allowNull: false },
    });

    await queryInterface.createTable('admin_notices', {
      account_id: { type: DataTypes.STRING(32), primaryKey: true },
      extension_id: { type: DataTypes.STRING(32), primaryKey: true },
      /** e.g. "dead:sms:+16505550101": each distinct problem is told once. */
      notice_key: { type: DataTypes.STRING(128), primaryKey: true },
      sent_at: { type: DataTypes.DATE, allowNull: false },
    });
  },
  async down({ queryInterface }) {
    await queryInterface.dropTable('admin_notices');
    await queryInterface.dropTable('sms_opt_outs');
    await queryInterface.dropTable('deliveries');
    await queryInterface.dropTable('audit_events');
    await queryInterface.dropTable('audit_cursors');
  },
};

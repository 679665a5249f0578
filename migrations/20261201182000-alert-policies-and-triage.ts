import { DataTypes } from 'sequelize';
import type { Migration } from './migration';

/**
 * Alert policy per admin (severity overrides, minimum severity per channel, who may triage, escalation,
 * "was this you?"), the triage state of each alert with its change log, and a `kind` on outbox rows so
 * an alert, its escalation reminder, the actor's confirmation card and a compromise escalation are each
 * sent once per destination (the unique index now includes the kind).
 */
export const alertPoliciesAndTriage: Migration = {
  name: '20261201182000-alert-policies-and-triage',
  async up({ queryInterface }) {
    await queryInterface.createTable('alert_policies', {
      account_id: { type: DataTypes.STRING(32), primaryKey: true },
      extension_id: { type: DataTypes.STRING(32), primaryKey: true },
      version: { type: DataTypes.INTEGER, allowNull: false },
      /** JSON object: event key → critical|high|medium|low. */
      severity_overrides: { type: DataTypes.TEXT, allowNull: false },
      sms_min: { type: DataTypes.STRING(16), allowNull: false },
      chats_min: { type: DataTypes.STRING(16), allowNull: false },
      /** members: any user of the account in the chat; admins: admins who authorized the bot. */
      triage_who: { type: DataTypes.STRING(16), allowNull: false },
      escalate_level: { type: DataTypes.STRING(16), allowNull: false },
      /** Minutes without acknowledgement before the one reminder; null: escalation off. */
      escalate_after_minutes: { type: DataTypes.INTEGER, allowNull: true },
      confirm_actors: { type: DataTypes.BOOLEAN, allowNull: false },
      created_at: { type: DataTypes.DATE, allowNull: false },
      updated_at: { type: DataTypes.DATE, allowNull: false },
    });
    await queryInterface.createTable('alert_triage', {
      source: { type: DataTypes.STRING(16), primaryKey: true },
      account_id: { type: DataTypes.STRING(32), primaryKey: true },
      record_id: { type: DataTypes.STRING(64), primaryKey: true },
      /** open | acknowledged | expected | resolved */
      state: { type: DataTypes.STRING(16), allowNull: false },
      /** Bumped by every change; a click carries the version its card showed (conditional update). */
      version: { type: DataTypes.INTEGER, allowNull: false },
      actor_id: { type: DataTypes.STRING(32), allowNull: true },
      actor_name: { type: DataTypes.STRING(255), allowNull: true },
      note: { type: DataTypes.STRING(300), allowNull: true },
      changed_at: { type: DataTypes.DATE, allowNull: true },
      /** The person who made the audited change answered "was this you?": yes | no. */
      actor_answer: { type: DataTypes.STRING(8), allowNull: true },
      actor_answered_at: { type: DataTypes.DATE, allowNull: true },
      created_at: { type: DataTypes.DATE, allowNull: false },
      updated_at: { type: DataTypes.DATE, allowNull: false },
    });
    await queryInterface.createTable('alert_triage_changes', {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      source: { type: DataTypes.STRING(16), allowNull: false },
      account_id: { type: DataTypes.STRING(32), allowNull: false },
      record_id: { type: DataTypes.STRING(64), allowNull: false },
      from_state: { type: DataTypes.STRING(16), allowNull: false },
      to_state: { type: DataTypes.STRING(16), allowNull: false },
      actor_id: { type: DataTypes.STRING(32), allowNull: false },
      actor_name: { type: DataTypes.STRING(255), allowNull: true },
      note: { type: DataTypes.STRING(300), allowNull: true },
      changed_at: { type: DataTypes.DATE, allowNull: false },
    });
    await queryInterface.addIndex('alert_triage_changes', ['account_id', 'source', 'record_id'], { name: 'alert_triage_changes_alert' });

    await queryInterface.addColumn('deliveries', 'kind', { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'alert' });
    await queryInterface.removeIndex('deliveries', 'deliveries_event_destination');
    await queryInterface.addIndex('deliveries', ['source', 'account_id', 'record_id', 'channel', 'destination', 'kind'], {
      name: 'deliveries_event_destination_kind',
      unique: true,
    });
  },
  async down({ queryInterface }) {
    await queryInterface.removeIndex('deliveries', 'deliveries_event_destination_kind');
    await queryInterface.bulkDelete('deliveries', { kind: ['escalation', 'confirm', 'compromise'] });
    await queryInterface.addIndex('deliveries', ['source', 'account_id', 'record_id', 'channel', 'destination'], { name: 'deliveries_event_destination', unique: true });
    await queryInterface.removeColumn('deliveries', 'kind');
    await queryInterface.dropTable('alert_triage_changes');
    await queryInterface.dropTable('alert_triage');
    await queryInterface.dropTable('alert_policies');
  },
};

import { DataTypes } from 'sequelize';
import type { Migration } from './migration';

/**
 * SMS outcomes followed to the end (RINGCENTRAL.md §9): a POST only means "accepted", so SMS rows
 * keep when their message record is read next, how often it was read, and the record's
 * `deliveryErrorCode`. Opt-outs become per sender→recipient pair, as RingCentral keeps them
 * (rows from before have sender '' and keep blocking every sender until the recipient opts in).
 * The last read of RingCentral's consent list is kept per admin, for `status`.
 */
export const smsOutcomes: Migration = {
  name: '20261201180000-sms-outcomes',
  async up({ queryInterface }) {
    await queryInterface.addColumn('deliveries', 'next_check_at', { type: DataTypes.DATE, allowNull: true });
    await queryInterface.addColumn('deliveries', 'checks', { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 });
    await queryInterface.addColumn('deliveries', 'delivery_error_code', { type: DataTypes.STRING(32), allowNull: true });
    await queryInterface.addColumn('deliveries', 'settled_at', { type: DataTypes.DATE, allowNull: true });
    await queryInterface.addIndex('deliveries', ['status', 'next_check_at'], { name: 'deliveries_follow_due' });

    await queryInterface.renameTable('sms_opt_outs', 'sms_opt_outs_by_recipient');
    await queryInterface.createTable('sms_opt_outs', {
      account_id: { type: DataTypes.STRING(32), primaryKey: true },
      /** Our number the recipient opted out of; '' = every number of the account. */
      sender: { type: DataTypes.STRING(32), primaryKey: true },
      phone_number: { type: DataTypes.STRING(32), primaryKey: true },
      /** reply | delivery | consents */
      source: { type: DataTypes.STRING(16), allowNull: false },
      reason: { type: DataTypes.STRING(128), allowNull: false },
      opted_out_at: { type: DataTypes.DATE, allowNull: false },
    });
    await queryInterface.sequelize.query(
      `INSERT INTO sms_opt_outs (account_id, sender, phone_number, source, reason, opted_out_at)
       SELECT account_id, '', phone_number, 'reply', reason, opted_out_at FROM sms_opt_outs_by_recipient`,
    );
    await queryInterface.dropTable('sms_opt_outs_by_recipient');

    await queryInterface.createTable('sms_consent_syncs', {
      account_id: { type: DataTypes.STRING(32), primaryKey: true },
      extension_id: { type: DataTypes.STRING(32), primaryKey: true },
      checked_at: { type: DataTypes.DATE, allowNull: false },
      /** ok | failed */
      status: { type: DataTypes.STRING(16), allowNull: false },
      error: { type: DataTypes.TEXT, allowNull: true },
    });
  },
  async down({ queryInterface }) {
    await queryInterface.dropTable('sms_consent_syncs');
    await queryInterface.renameTable('sms_opt_outs', 'sms_opt_outs_by_pair');
    await queryInterface.createTable('sms_opt_outs', {
      account_id: { type: DataTypes.STRING(32), primaryKey: true },
      phone_number: { type: DataTypes.STRING(32), primaryKey: true },
      reason: { type: DataTypes.STRING(64), allowNull: false },
      opted_out_at: { type: DataTypes.DATE, allowNull: false },
    });
    await queryInterface.sequelize.query(
      `INSERT INTO sms_opt_outs (account_id, phone_number, reason, opted_out_at)
       SELECT account_id, phone_number, MIN(reason), MIN(opted_out_at) FROM sms_opt_outs_by_pair GROUP BY account_id, phone_number`,
    );
    await queryInterface.dropTable('sms_opt_outs_by_pair');
    await queryInterface.removeIndex('deliveries', 'deliveries_follow_due');
    await queryInterface.removeColumn('deliveries', 'settled_at');
    await queryInterface.removeColumn('deliveries', 'delivery_error_code');
    await queryInterface.removeColumn('deliveries', 'checks');
    await queryInterface.removeColumn('deliveries', 'next_check_at');
  },
};

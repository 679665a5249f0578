import { DataTypes } from 'sequelize';
import type { Migration } from './migration';

/**
 * Noise control (issue 10): each admin's burst / quiet-hours settings, actor exclusions that may
 * expire, the bursts being summarised (one summary card and text per destination instead of
 * one alert per change), and the alerts held for a later summary (quiet hours, digests).
 */
export const noiseControl: Migration = {
  name: '20261201186000-noise-control',
  async up({ queryInterface }) {
    await queryInterface.createTable('noise_settings', {
      account_id: { type: DataTypes.STRING(32), primaryKey: true },
      extension_id: { type: DataTypes.STRING(32), primaryKey: true },
      /** Changes by one actor within the window that become one summary; null: bursts off. */
      burst_count: { type: DataTypes.INTEGER, allowNull: true },
      burst_window_minutes: { type: DataTypes.INTEGER, allowNull: false },
      /** "HH:MM" in the admin's time zone; both null: no quiet hours. */
      sms_quiet_start: { type: DataTypes.STRING(5), allowNull: true },
      sms_quiet_end: { type: DataTypes.STRING(5), allowNull: true },
      /** off | hourly | daily: alerts below high wait for one digest card / text. */
      chats_digest: { type: DataTypes.STRING(8), allowNull: false, defaultValue: 'off' },
      sms_digest: { type: DataTypes.STRING(8), allowNull: false, defaultValue: 'off' },
      /** Post the 7-day summary in the alert chats every Monday 09:00 (admin's time zone). */
      weekly_summary: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
      created_at: { type: DataTypes.DATE, allowNull: false },
      updated_at: { type: DataTypes.DATE, allowNull: false },
    });

    await queryInterface.createTable('actor_exclusions', {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      account_id: { type: DataTypes.STRING(32), allowNull: false },
      /** The admin whose alerts it silences. */
      extension_id: { type: DataTypes.STRING(32), allowNull: false },
      /** ringex: a RingEX initiator (name, extension number or email); ringcx: a RingCX user name. */
      source: { type: DataTypes.STRING(16), allowNull: false },
      /** As the admin typed it. */
      actor: { type: DataTypes.STRING(255), allowNull: false },
      /** Lower case, for matching and uniqueness. */
      actor_key: { type: DataTypes.STRING(255), allowNull: false },
      /** Null: until removed. */
      expires_at: { type: DataTypes.DATE, allowNull: true },
      created_at: { type: DataTypes.DATE, allowNull: false },
    });
    await queryInterface.addIndex('actor_exclusions', ['account_id', 'extension_id', 'source', 'actor_key'], {
      name: 'actor_exclusions_admin_actor',
      unique: true,
    });

    await queryInterface.createTable('alert_bursts', {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      account_id: { type: DataTypes.STRING(32), allowNull: false },
      /** The admin whose burst rule made it (each admin's rule decides for their own alerts). */
      extension_id: { type: DataTypes.STRING(32), allowNull: false },
      source: { type: DataTypes.STRING(16), allowNull: false },
      /**
       * From (source, actor, start): the outbox key of the summary ("burst:<key>"), so two admins with the same
       * rule and a shared chat make one summary there, and a restart never makes a second one.
       */
      burst_key: { type: DataTypes.STRING(40), allowNull: false },
      /** Who made the changes, lower case (name or RingCX user name). */
      actor_key: { type: DataTypes.STRING(255), allowNull: false },
      actor_name: { type: DataTypes.STRING(255), allowNull: false },
      /** The first change's time; the burst takes changes until this plus the window. */
      started_at: { type: DataTypes.DATE, allowNull: false },
      window_ends_at: { type: DataTypes.DATE, allowNull: false },
      /** Audit record ids in the burst (JSON array, in event-time order). */
      record_ids: { type: DataTypes.TEXT, allowNull: false },
      severity: { type: DataTypes.STRING(16), allowNull: false },
      created_at: { type: DataTypes.DATE, allowNull: false },
      updated_at: { type: DataTypes.DATE, allowNull: false },
    });
    await queryInterface.addIndex('alert_bursts', ['account_id', 'extension_id', 'burst_key'], { name: 'alert_bursts_key', unique: true });
    await queryInterface.addIndex('alert_bursts', ['account_id', 'extension_id', 'source', 'window_ends_at'], { name: 'alert_bursts_open' });

    // Alerts held back by the policy (quiet hours, digests) until `release_at`, when one summary per destination goes out.
    await queryInterface.createTable('held_alerts', {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      account_id: { type: DataTypes.STRING(32), allowNull: false },
      extension_id: { type: DataTypes.STRING(32), allowNull: false },
      /** quiet: an SMS held during quiet hours; digest-sms / digest-chat: an alert waiting for its digest. */
      kind: { type: DataTypes.STRING(16), allowNull: false },
      release_at: { type: DataTypes.DATE, allowNull: false },
      source: { type: DataTypes.STRING(16), allowNull: false },
      /** An audit record id, or "burst:<key>" for a burst summary. */
      record_id: { type: DataTypes.STRING(64), allowNull: false },
      severity: { type: DataTypes.STRING(16), allowNull: false },
      created_at: { type: DataTypes.DATE, allowNull: false },
    });
    await queryInterface.addIndex('held_alerts', ['account_id', 'extension_id', 'kind', 'release_at', 'source', 'record_id'], { name: 'held_alerts_release', unique: true });

    // Audit actions outside the event catalog that an admin chose to be alerted on (`events watch <actionId>`).
    await queryInterface.createTable('watched_actions', {
      account_id: { type: DataTypes.STRING(32), primaryKey: true },
      extension_id: { type: DataTypes.STRING(32), primaryKey: true },
      action_id: { type: DataTypes.STRING(128), primaryKey: true },
      severity: { type: DataTypes.STRING(16), allowNull: false },
      created_at: { type: DataTypes.DATE, allowNull: false },
    });

    // Every actionId (RingEX) an account's audit trail has shown, so a new one is announced once.
    await queryInterface.createTable('seen_actions', {
      account_id: { type: DataTypes.STRING(32), primaryKey: true },
      source: { type: DataTypes.STRING(16), primaryKey: true },
      action_id: { type: DataTypes.STRING(128), primaryKey: true },
      first_seen_at: { type: DataTypes.DATE, allowNull: false },
    });
  },
  async down({ queryInterface }) {
    await queryInterface.dropTable('seen_actions');
    await queryInterface.dropTable('watched_actions');
    await queryInterface.dropTable('held_alerts');
    await queryInterface.dropTable('alert_bursts');
    await queryInterface.dropTable('actor_exclusions');
    await queryInterface.dropTable('noise_settings');
  },
};

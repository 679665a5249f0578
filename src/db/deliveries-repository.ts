import { randomUUID } from 'node:crypto';
import { Op, type QueryOptions, type Transaction } from 'sequelize';
import type { Models, DeliveryRow } from './models';
import { groupByAccount, type AuditSource } from './audit-events-repository';

/** Rows per INSERT statement: values are inlined (no bind-parameter limit), fewer statements is faster. */
const INSERT_CHUNK = 2000;

export type Channel = 'sms' | 'chat';
export type DeliveryStatus = 'pending' | 'sending' | 'sent' | 'dead';

export interface NewDelivery {
  accountId: string;
  source: AuditSource;
  recordId: string;
  adminExtensionId: string;
  channel: Channel;
  destination: string;
  /** Not to be sent before then (a summary of held alerts); default: due at once. */
  notBefore?: Date;
}

export interface Delivery extends NewDelivery {
  id: number;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: Date;
  createdAt: Date;
  lastError: string | null;
}

/** Sent / retrying / dead per destination, for `status`. */
export interface DestinationStats {
  channel: Channel;
  destination: string;
  sent: number;
  retrying: number;
  dead: number;
  lastError: string | null;
}

const toDelivery = (row: DeliveryRow): Delivery => ({
  id: row.id,
  accountId: row.accountId,
  source: row.source as AuditSource,
  recordId: row.recordId,
  adminExtensionId: row.adminExtensionId,
  channel: row.channel,
  destination: row.destination,
  status: row.status,
  attempts: row.attempts,
  nextAttemptAt: row.nextAttemptAt,
  createdAt: row.createdAt,
  lastError: row.lastError ?? null,
});

/** The outbox: one row per (event, destination); workers claim rows so a send happens once. */
export class DeliveriesRepository {
  constructor(private readonly models: Models) {}

  /** Adds rows; an (event, destination) already there is left as it is. */
  async insertMany(rows: NewDelivery[], now: Date, transaction?: Transaction): Promise<void> {
    // Plain multi-row INSERTs (no model instances): a big window makes thousands of rows.
    const sequelize = this.models.Delivery.sequelize!;
    const queryInterface = sequelize.getQueryInterface();
    // One timestamp for every row, formatted once by the dialect (not once per row and column).
    const at = sequelize.literal(sequelize.escape(now));
    for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
      await queryInterface.bulkInsert(
        'deliveries',
        rows.slice(i, i + INSERT_CHUNK).map((r) => ({
          account_id: r.accountId,
          source: r.source,
          record_id: r.recordId,
          admin_extension_id: r.adminExtensionId,
          channel: r.channel,
          destination: r.destination,
          status: 'pending',
          attempts: 0,
          next_attempt_at: r.notBefore ? sequelize.literal(sequelize.escape(r.notBefore)) : at,
          created_at: at,
          updated_at: at,
        })),
        // Sequelize supports ignoreDuplicates here (INSERT OR IGNORE / ON CONFLICT DO NOTHING); its types omit it.
        { transaction, ignoreDuplicates: true } as QueryOptions,
      );
    }
  }

  /** Rows due now, oldest first. */
  async due(now: Date, limit: number): Promise<Delivery[]> {
    const rows = await this.models.Delivery.findAll({
      where: { status: 'pending', nextAttemptAt: { [Op.lte]: now } },
      order: [['id', 'ASC']],
      limit,
    });
    return rows.map(toDelivery);
  }

  /**
   * A worker that died between claiming and recording a send leaves the row `sending`; after
   * `staleMs` it is due again (the one send in flight may repeat; nothing is lost).
   */
  async reclaimStale(now: Date, staleMs: number): Promise<number> {
    const [affected] = await this.models.Delivery.update(
      { status: 'pending' },
      { where: { status: 'sending', claimedAt: { [Op.lt]: new Date(now.getTime() - staleMs) } } },
    );
    return affected;
  }

  /**
   * Claims up to `limit` due rows for this worker in one UPDATE and returns exactly those (with
   * `attempts` already counting this try). Rows another worker claimed first are not returned.
   */
  async claimDue(now: Date, limit: number): Promise<Delivery[]> {
    const due = await this.models.Delivery.findAll({
      attributes: ['id'],
      where: { status: 'pending', nextAttemptAt: { [Op.lte]: now } },
      order: [['id', 'ASC']],
      limit,
    });
    if (due.length === 0) return [];
    const token = randomUUID();
    const sequelize = this.models.Delivery.sequelize!;
    await this.models.Delivery.update(
      { status: 'sending', claimedAt: now, claimToken: token, attempts: sequelize.literal('attempts + 1') as unknown as number },
      { where: { id: due.map((d) => d.id), status: 'pending' } },
    );
    const rows = await this.models.Delivery.findAll({ where: { claimToken: token }, order: [['id', 'ASC']] });
    return rows.map(toDelivery);
  }

  async markSent(id: number, providerId: string | null, now: Date): Promise<void> {
    await this.models.Delivery.update({ status: 'sent', sentAt: now, providerId, lastError: null }, { where: { id } });
  }

  async markRetry(id: number, error: string, nextAttemptAt: Date): Promise<void> {
    await this.models.Delivery.update({ status: 'pending', nextAttemptAt, lastError: error }, { where: { id } });
  }

  async markDead(id: number, error: string): Promise<void> {
    await this.models.Delivery.update({ status: 'dead', lastError: error }, { where: { id } });
  }

  /** Deletes the sent and dead rows of these records (pending and sending rows are never deleted here). */
  async deleteSettledFor(records: { source: AuditSource; accountId: string; recordId: string }[], transaction: Transaction): Promise<number> {
    let deleted = 0;
    for (const { source, accountId, recordIds } of groupByAccount(records)) {
      for (let i = 0; i < recordIds.length; i += 500) {
        deleted += await this.models.Delivery.destroy({
          where: { source, accountId, recordId: recordIds.slice(i, i + 500), status: ['sent', 'dead'] },
          transaction,
        });
      }
    }
    return deleted;
  }

  async listByRecord(accountId: string, source: AuditSource, recordId: string): Promise<Delivery[]> {
    const rows = await this.models.Delivery.findAll({ where: { accountId, source, recordId }, order: [['id', 'ASC']] });
    return rows.map(toDelivery);
  }

  async countByStatus(): Promise<Record<DeliveryStatus, number>> {
    const counts: Record<DeliveryStatus, number> = { pending: 0, sending: 0, sent: 0, dead: 0 };
    const rows = (await this.models.Delivery.findAll({
      attributes: ['status', [this.models.Delivery.sequelize!.fn('COUNT', '*'), 'n']],
      group: ['status'],
      raw: true,
    })) as unknown as { status: DeliveryStatus; n: number | string }[];
    for (const row of rows) counts[row.status] = Number(row.n);
    return counts;
  }

  /** Per destination of one admin: how many sent, retrying, dead, and the last error. */
  async statsForAdmin(accountId: string, adminExtensionId: string): Promise<DestinationStats[]> {
    const rows = await this.models.Delivery.findAll({ where: { accountId, adminExtensionId }, order: [['id', 'ASC']] });
    const stats = new Map<string, DestinationStats>();
    for (const row of rows) {
      const key = `${row.channel}:${row.destination}`;
      const entry = stats.get(key) ?? { channel: row.channel, destination: row.destination, sent: 0, retrying: 0, dead: 0, lastError: null };
      if (row.status === 'sent') entry.sent += 1;
      else if (row.status === 'dead') entry.dead += 1;
      else entry.retrying += row.attempts > 0 ? 1 : 0;
      if (row.lastError) entry.lastError = row.lastError;
      stats.set(key, entry);
    }
    return [...stats.values()];
  }
}

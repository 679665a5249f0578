import { randomUUID } from 'node:crypto';
import { Op, type QueryOptions, type Transaction } from 'sequelize';
import type { Models, DeliveryRow } from './models';
import { groupByAccount, type AuditSource } from './audit-events-repository';

/** Rows per INSERT statement: values are inlined (no bind-parameter limit), fewer statements is faster. */
const INSERT_CHUNK = 2000;

export type Channel = 'sms' | 'chat';
/**
 * Chat rows: pending → sending → sent | dead. SMS rows: pending → sending → accepted (RingCentral took the
 * POST) → delivered | unconfirmed (its record never settled) | dead, or back to pending to be sent again.
 */
export type DeliveryStatus = 'pending' | 'sending' | 'sent' | 'accepted' | 'delivered' | 'unconfirmed' | 'dead';
/** Rows that are finished: nothing more is sent or read for them. */
export const SETTLED_STATUSES: DeliveryStatus[] = ['sent', 'delivered', 'unconfirmed', 'dead'];

export interface NewDelivery {
  accountId: string;
  source: AuditSource;
  recordId: string;
  adminExtensionId: string;
  channel: Channel;
  destination: string;
}

export interface Delivery extends NewDelivery {
  id: number;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: Date;
  createdAt: Date;
  lastError: string | null;
  providerId: string | null;
  sentAt: Date | null;
  checks: number;
  nextCheckAt: Date | null;
  deliveryErrorCode: string | null;
}

/**
 * Per destination, for `status`: chat cards `sent`; SMS `delivered` (the record says so), `accepted`
 * (not confirmed yet), `unconfirmed` (never confirmed); both `retrying` and `dead` (failed).
 */
export interface DestinationStats {
  channel: Channel;
  destination: string;
  sent: number;
  delivered: number;
  accepted: number;
  unconfirmed: number;
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
  providerId: row.providerId ?? null,
  sentAt: row.sentAt ?? null,
  checks: row.checks ?? 0,
  nextCheckAt: row.nextCheckAt ?? null,
  deliveryErrorCode: row.deliveryErrorCode ?? null,
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
          next_attempt_at: at,
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

  /** SMS: RingCentral accepted the POST; its message record is read from `nextCheckAt` on. */
  async markAccepted(id: number, providerId: string, now: Date, nextCheckAt: Date): Promise<void> {
    await this.models.Delivery.update(
      { status: 'accepted', sentAt: now, providerId, lastError: null, deliveryErrorCode: null, checks: 0, nextCheckAt, settledAt: null },
      { where: { id } },
    );
  }

  /** SMS rows whose message record is due to be read, oldest first. */
  async followDue(now: Date, limit: number): Promise<Delivery[]> {
    const rows = await this.models.Delivery.findAll({
      where: { status: 'accepted', nextCheckAt: { [Op.lte]: now } },
      order: [['nextCheckAt', 'ASC'], ['id', 'ASC']],
      limit,
    });
    return rows.map(toDelivery);
  }

  /** SMS: the record was read and has not settled; read it again at `nextCheckAt`. */
  async checkAgain(id: number, nextCheckAt: Date, note: string | null, code: string | null): Promise<void> {
    const sequelize = this.models.Delivery.sequelize!;
    await this.models.Delivery.update(
      { nextCheckAt, lastError: note, deliveryErrorCode: code, checks: sequelize.literal('checks + 1') as unknown as number },
      { where: { id, status: 'accepted' } },
    );
  }

  /** SMS: settled as delivered, unconfirmed (`note` says why) or dead (failed, `note` says why). */
  async settle(id: number, status: 'delivered' | 'unconfirmed' | 'dead', now: Date, note: string | null, code: string | null): Promise<void> {
    await this.models.Delivery.update({ status, settledAt: now, nextCheckAt: null, lastError: note, deliveryErrorCode: code }, { where: { id } });
  }

  /** SMS: the record failed in a way that may pass: send it again at `nextAttemptAt`. */
  async resendLater(id: number, error: string, code: string | null, nextAttemptAt: Date): Promise<void> {
    await this.models.Delivery.update({ status: 'pending', nextAttemptAt, nextCheckAt: null, lastError: error, deliveryErrorCode: code }, { where: { id } });
  }

  async markRetry(id: number, error: string, nextAttemptAt: Date): Promise<void> {
    await this.models.Delivery.update({ status: 'pending', nextAttemptAt, lastError: error }, { where: { id } });
  }

  async markDead(id: number, error: string): Promise<void> {
    await this.models.Delivery.update({ status: 'dead', lastError: error }, { where: { id } });
  }

  /** Deletes the settled rows of these records (pending, sending and accepted rows are never deleted here). */
  async deleteSettledFor(records: { source: AuditSource; accountId: string; recordId: string }[], transaction: Transaction): Promise<number> {
    let deleted = 0;
    for (const { source, accountId, recordIds } of groupByAccount(records)) {
      for (let i = 0; i < recordIds.length; i += 500) {
        deleted += await this.models.Delivery.destroy({
          where: { source, accountId, recordId: recordIds.slice(i, i + 500), status: SETTLED_STATUSES },
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
    const counts: Record<DeliveryStatus, number> = { pending: 0, sending: 0, sent: 0, accepted: 0, delivered: 0, unconfirmed: 0, dead: 0 };
    const rows = (await this.models.Delivery.findAll({
      attributes: ['status', [this.models.Delivery.sequelize!.fn('COUNT', '*'), 'n']],
      group: ['status'],
      raw: true,
    })) as unknown as { status: DeliveryStatus; n: number | string }[];
    for (const row of rows) counts[row.status] = Number(row.n);
    return counts;
  }

  /** Per destination of one admin: how many sent / delivered / accepted / unconfirmed / retrying / dead, and the last error. */
  async statsForAdmin(accountId: string, adminExtensionId: string): Promise<DestinationStats[]> {
    const rows = await this.models.Delivery.findAll({ where: { accountId, adminExtensionId }, order: [['id', 'ASC']] });
    const stats = new Map<string, DestinationStats>();
    for (const row of rows) {
      const key = `${row.channel}:${row.destination}`;
      const entry = stats.get(key) ?? { channel: row.channel, destination: row.destination, sent: 0, delivered: 0, accepted: 0, unconfirmed: 0, retrying: 0, dead: 0, lastError: null };
      if (row.status === 'sent') entry.sent += 1;
      else if (row.status === 'delivered') entry.delivered += 1;
      else if (row.status === 'accepted') entry.accepted += 1;
      else if (row.status === 'unconfirmed') entry.unconfirmed += 1;
      else if (row.status === 'dead') entry.dead += 1;
      else entry.retrying += row.attempts > 0 ? 1 : 0;
      if (row.lastError) entry.lastError = row.lastError;
      stats.set(key, entry);
    }
    return [...stats.values()];
  }
}

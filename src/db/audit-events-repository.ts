import { Op, type Transaction } from 'sequelize';
import type { Models } from './models';

export type AuditSource = 'ringex' | 'ringcx';

/** One fetched record, ready to store. */
export interface NewAuditEvent {
  recordId: string;
  actionId: string;
  eventKey: string | null;
  eventTime: Date;
  raw: string;
}

export interface AuditCursor {
  cursorAt: Date | null;
  lastPollAt: Date | null;
  lastPollStatus: string | null;
  lastError: string | null;
}

/** Poll cursors (with a lease so one instance polls an account at a time) and the raw record archive. */
export class AuditEventsRepository {
  constructor(private readonly models: Models) {}

  async cursor(accountId: string, source: AuditSource): Promise<AuditCursor | undefined> {
    const row = await this.models.AuditCursor.findOne({ where: { accountId, source } });
    return row
      ? { cursorAt: row.cursorAt, lastPollAt: row.lastPollAt, lastPollStatus: row.lastPollStatus, lastError: row.lastError }
      : undefined;
  }

  /** Takes the account's poll lease until `now + ttlMs`; false while another poller holds it. */
  async acquireLease(accountId: string, source: AuditSource, owner: string, now: Date, ttlMs: number): Promise<boolean> {
    await this.models.AuditCursor.findOrCreate({
      where: { accountId, source },
      defaults: { accountId, source, cursorAt: null, lastPollAt: null, lastPollStatus: null, lastError: null, leaseUntil: null, leaseOwner: null },
    });
    const [affected] = await this.models.AuditCursor.update(
      { leaseUntil: new Date(now.getTime() + ttlMs), leaseOwner: owner },
      {
        where: {
          accountId,
          source,
          [Op.or]: [{ leaseUntil: null }, { leaseUntil: { [Op.lt]: now } }, { leaseOwner: owner }],
        },
      },
    );
    return affected === 1;
  }

  async releaseLease(accountId: string, source: AuditSource, owner: string): Promise<void> {
    await this.models.AuditCursor.update({ leaseUntil: null, leaseOwner: null }, { where: { accountId, source, leaseOwner: owner } });
  }

  /** Records how a poll went; the cursor moves only when `cursorAt` is given (the window is stored). */
  async recordPoll(
    accountId: string,
    source: AuditSource,
    outcome: { now: Date; status: string; error?: string | null; cursorAt?: Date },
  ): Promise<void> {
    await this.models.AuditCursor.update(
      {
        lastPollAt: outcome.now,
        lastPollStatus: outcome.status,
        lastError: outcome.error ?? null,
        ...(outcome.cursorAt ? { cursorAt: outcome.cursorAt } : {}),
      },
      { where: { accountId, source } },
    );
  }

  /**
   * Stores the records not stored before and returns those (one SELECT and one INSERT per page).
   * Run inside the transaction that also writes their deliveries.
   */
  async insertNew(accountId: string, source: AuditSource, events: NewAuditEvent[], now: Date, transaction: Transaction): Promise<NewAuditEvent[]> {
    if (events.length === 0) return [];
    const unique = [...new Map(events.map((e) => [e.recordId, e])).values()];
    const existing = new Set<string>();
    for (let i = 0; i < unique.length; i += 500) {
      const ids = unique.slice(i, i + 500).map((e) => e.recordId);
      const rows = await this.models.AuditEvent.findAll({
        attributes: ['recordId'],
        where: { accountId, source, recordId: ids },
        transaction,
      });
      for (const row of rows) existing.add(row.recordId);
    }
    const fresh = unique.filter((e) => !existing.has(e.recordId));
    for (let i = 0; i < fresh.length; i += 500) {
      await this.models.AuditEvent.bulkCreate(
        fresh.slice(i, i + 500).map((e) => ({ ...e, accountId, source, fetchedAt: now })),
        { transaction, ignoreDuplicates: true },
      );
    }
    return fresh;
  }

  async find(accountId: string, source: AuditSource, recordId: string): Promise<NewAuditEvent | undefined> {
    const row = await this.models.AuditEvent.findOne({ where: { accountId, source, recordId } });
    return row ? { recordId: row.recordId, actionId: row.actionId, eventKey: row.eventKey, eventTime: row.eventTime, raw: row.raw } : undefined;
  }

  /** Several stored records of one account at once (the delivery worker's batch). */
  async findMany(accountId: string, source: AuditSource, recordIds: string[]): Promise<NewAuditEvent[]> {
    const found: NewAuditEvent[] = [];
    for (let i = 0; i < recordIds.length; i += 500) {
      const rows = await this.models.AuditEvent.findAll({ where: { accountId, source, recordId: recordIds.slice(i, i + 500) } });
      found.push(...rows.map((row) => ({ recordId: row.recordId, actionId: row.actionId, eventKey: row.eventKey, eventTime: row.eventTime, raw: row.raw })));
    }
    return found;
  }

  async count(accountId: string, source: AuditSource): Promise<number> {
    return this.models.AuditEvent.count({ where: { accountId, source } });
  }
}

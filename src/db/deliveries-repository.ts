import { randomUUID } from 'node:crypto';
import { DataTypes, Op, QueryTypes, UniqueConstraintError, type Transaction } from 'sequelize';
import { storableText } from './storable-text';
import type { Models, DeliveryRow } from './models';
import { groupByAccount, type AuditSource } from './audit-events-repository';
import { SqliteBindValues, runBound } from './sqlite-bind-values';

/** Rows per INSERT statement: values are inlined (no bind-parameter limit), fewer statements is faster. */
const INSERT_CHUNK = 1000;
/** Rows per PostgreSQL unnest INSERT (bound arrays: no statement text grows with the rows). */
const PG_CHUNK = 5000;
const INSERT_COLUMNS = 'source, account_id, record_id, admin_extension_id, channel, destination, kind, status, attempts, next_attempt_at, created_at, updated_at';

export type Channel = 'sms' | 'chat';
/** An accepted SMS row as the follow job read it. */
export type FollowedRow = { providerId: string | null; checks: number };

/**
 * What a row sends: the alert itself; its one escalation reminder (nobody acknowledged it in time);
 * the "was this you?" card to the person who made the change (destination: their extension id);
 * the compromise escalation after they answered no.
 */
export type DeliveryKind = 'alert' | 'escalation' | 'confirm' | 'compromise';
/**
 * Chat rows: pending → sending → sent | dead. SMS rows: pending → sending → accepted (RingCentral took the
 * POST) → delivered | unconfirmed (its record never settled) | dead, or back to pending to be sent again.
 * An escalation reminder whose alert was triaged before it went out is `cancelled`: settled, not a failure.
 */
export type DeliveryStatus = 'pending' | 'sending' | 'sent' | 'accepted' | 'delivered' | 'unconfirmed' | 'dead' | 'cancelled';
/** Rows that are finished: nothing more is sent or read for them. */
export const SETTLED_STATUSES: DeliveryStatus[] = ['sent', 'delivered', 'unconfirmed', 'dead', 'cancelled'];

export interface NewDelivery {
  accountId: string;
  source: AuditSource;
  recordId: string;
  adminExtensionId: string;
  channel: Channel;
  destination: string;
  /** Default 'alert'. */
  kind?: DeliveryKind;
  /** Not to be sent before then (a summary of held alerts, src/delivery/apply-noise-policy.ts); default: due at once. */
  notBefore?: Date;
}

export interface Delivery extends NewDelivery {
  kind: DeliveryKind;
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
  /** When the attempt now in flight (or the last one) started. */
  claimedAt: Date | null;
  /** The claim this worker holds; its writes name it, so a worker whose lease was taken over changes nothing. */
  claimToken: string | null;
  /** Set while an earlier attempt may have landed (timed out, or its worker died mid-send): look for it before sending again. */
  unknownSince: Date | null;
  /** Set when the row was parked by the chat's daily post cap: such rows are folded into one digest card. */
  heldUntil: Date | null;
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
  kind: (row.kind ?? 'alert') as DeliveryKind,
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
  claimedAt: row.claimedAt ?? null,
  claimToken: row.claimToken ?? null,
  unknownSince: row.unknownSince ?? null,
  heldUntil: row.heldUntil ?? null,
});

/** The outbox: one row per (event, destination); workers claim rows so a send happens once. */
export class DeliveriesRepository {
  constructor(private readonly models: Models) {}

  /**
   * PostgreSQL: one statement per chunk with the rows as one JSON parameter (json_to_recordset, parsed
   * faster than one text array per column).
   */
  private async insertPg(rows: NewDelivery[], now: Date, transaction: Transaction | undefined, onConflict: '' | 'ON CONFLICT DO NOTHING'): Promise<void> {
    const sequelize = this.models.Delivery.sequelize!;
    for (let i = 0; i < rows.length; i += PG_CHUNK) {
      const chunk = rows.slice(i, i + PG_CHUNK).map((r) => ({
        s: r.source,
        a: r.accountId,
        r: r.recordId,
        x: r.adminExtensionId,
        c: r.channel,
        d: r.destination,
        k: r.kind ?? 'alert',
        n: (r.notBefore ?? now).toISOString(),
      }));
      await sequelize.query(
        `INSERT INTO deliveries (${INSERT_COLUMNS})
         SELECT s, a, r, x, c, d, k, 'pending', 0, n, $2::timestamptz, $2::timestamptz
         FROM json_to_recordset($1::json) AS t(s text, a text, r text, x text, c text, d text, k text, n timestamptz)
         ${onConflict}`,
        { bind: [JSON.stringify(chunk), now.toISOString()], transaction, logging: false },
      );
    }
  }

  /**
   * The rows of events first stored in this transaction (a poll page's alerts): none can be in the
   * outbox yet, so they go in without ON CONFLICT, whose per-row check was a third of the insert's server
   * time (EXPLAIN ANALYZE on PostgreSQL 15: 36 against 23 ms for 3,000 rows). Duplicates within the
   * rows are dropped here first (the first kept, as ON CONFLICT DO NOTHING keeps it); should a row be
   * there after all (a record stored, purged and fetched again), the savepoint is rolled back and the
   * rows go in with ON CONFLICT DO NOTHING, as any other rows do.
   */
  private async insertForNewEventsPg(rows: NewDelivery[], now: Date, transaction: Transaction): Promise<void> {
    const seen = new Set<string>();
    const unique = rows.filter((r) => {
      const key = JSON.stringify([r.source, r.accountId, r.recordId, r.channel, r.destination, r.kind ?? 'alert']);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    const sequelize = this.models.Delivery.sequelize!;
    try {
      await sequelize.transaction({ transaction }, (savepoint) => this.insertPg(unique, now, savepoint, ''));
    } catch (error) {
      if (!(error instanceof UniqueConstraintError)) throw error;
      await this.insertPg(unique, now, transaction, 'ON CONFLICT DO NOTHING');
    }
  }

  /**
   * Adds rows; an (event, destination) already there is left as it is. One multi-row INSERT per
   * INSERT_CHUNK rows, written here rather than by Sequelize's bulkInsert (its per-value formatting is
   * most of the cost on a big window): ids, channels and phone numbers are quoted as SQL strings.
   */
  async insertMany(given: NewDelivery[], now: Date, transaction?: Transaction, options: { newEventIds?: ReadonlySet<string> } = {}): Promise<void> {
    if (given.length === 0) return;
    // ids and numbers as both databases store them (as insertNew stores an event's record id), on either path
    const rows = given.map((r) => ({ ...r, accountId: storableText(r.accountId), recordId: storableText(r.recordId), adminExtensionId: storableText(r.adminExtensionId), destination: storableText(r.destination) }));
    const sequelize = this.models.Delivery.sequelize!;
    if (sequelize.getDialect() === 'postgres') {
      // `newEventIds`: record ids of events this transaction stored first (insertNew's answer), whose rows cannot be here yet
      const fresh = options.newEventIds;
      const forNew = fresh && transaction ? rows.filter((r) => fresh.has(r.recordId)) : [];
      const others = forNew.length > 0 ? rows.filter((r) => !fresh!.has(r.recordId)) : rows;
      if (forNew.length > 0) await this.insertForNewEventsPg(forNew, now, transaction!);
      if (others.length > 0) await this.insertPg(others, now, transaction, 'ON CONFLICT DO NOTHING');
      return;
    }
    // SQLite: INSERT OR IGNORE (the unique (event, destination) index decides), values bound (each distinct one once).
    if (!transaction) {
      await sequelize.transaction((t) => this.insertMany(rows, now, t, options));
      return;
    }
    for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
      const bind = new SqliteBindValues((d) => sequelize.escape(d));
      const at = bind.date(now);
      const values = rows
        .slice(i, i + INSERT_CHUNK)
        .map((r) => `(${bind.ref(r.source)}, ${bind.ref(r.accountId)}, ${bind.ref(r.recordId)}, ${bind.ref(r.adminExtensionId)}, ${bind.ref(r.channel)}, ${bind.ref(r.destination)}, ${bind.ref(r.kind ?? 'alert')}, 'pending', 0, ${r.notBefore ? bind.date(r.notBefore) : at}, ${at}, ${at})`)
        .join(', ');
      await runBound(transaction, `INSERT OR IGNORE INTO deliveries (${INSERT_COLUMNS}) VALUES ${values}`, bind);
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
   * Claims up to `limit` rows for `owner` with a lease of `leaseMs` and returns exactly those (with
   * `attempts` already counting this try): rows that are due, and rows whose worker's lease ran out
   * (that worker is dead: a live one renews its leases). A taken-over row's attempt may have landed, so
   * it keeps `unknownSince` = when that attempt started.
   *
   * One statement, one round trip: an UPDATE of the oldest claimable rows that returns them. On SQLite
   * the statement runs alone (one writer at a time); on PostgreSQL the rows are picked `FOR UPDATE SKIP
   * LOCKED`, so workers racing for the oldest rows each get other rows and of two exactly one gets a row.
   */
  async claimDue(now: Date, limit: number, owner: string, leaseMs: number, inFlight: readonly number[] = []): Promise<Delivery[]> {
    const sequelize = this.models.Delivery.sequelize!;
    const at = sequelize.escape(now);
    const postgres = sequelize.getDialect() === 'postgres';
    const claimable = [
      // rows held by a chat's daily post cap are claimed together, for one digest (claimHeld)
      `(status = 'pending' AND next_attempt_at <= ${at} AND held_until IS NULL)`,
      // never a row this worker is still sending (its lease may look old on a clock that jumps)
      `(status = 'sending' AND lease_until < ${at}${inFlight.length > 0 ? ` AND id NOT IN (${inFlight.map((id) => Number(id)).join(', ')})` : ''})`,
      // rows claimed before leases existed: their worker is long gone
      `(status = 'sending' AND lease_until IS NULL AND claimed_at < ${sequelize.escape(new Date(now.getTime() - leaseMs))})`,
    ].join(' OR ');
    const rows = await sequelize.query(
      `UPDATE deliveries SET status = 'sending', claimed_at = ${at}, claim_token = ${sequelize.escape(randomUUID())}, claim_owner = ${sequelize.escape(owner)},
         lease_until = ${sequelize.escape(new Date(now.getTime() + leaseMs))}, attempts = attempts + 1, updated_at = ${at},
         unknown_since = CASE WHEN status = 'sending' THEN COALESCE(unknown_since, claimed_at) ELSE unknown_since END
       WHERE id IN (SELECT id FROM deliveries WHERE ${claimable} ORDER BY id LIMIT ${Math.max(1, Math.floor(limit))}${postgres ? ' FOR UPDATE SKIP LOCKED' : ''})
       RETURNING *`,
      { type: QueryTypes.SELECT, raw: true, logging: false },
    );
    return (rows as Record<string, unknown>[]).map((row) => toDelivery(this.fromColumns(row))).sort((a, b) => a.id - b.id);
  }

  /** A raw row (column names) as the model's attributes; SQLite answers dates as the text it stores ("2026-12-01 18:40:00.000 +00:00"). */
  private fromColumns(row: Record<string, unknown>): DeliveryRow {
    const attributes: Record<string, unknown> = {};
    for (const [name, attribute] of Object.entries(this.models.Delivery.getAttributes())) {
      const value = row[attribute.field ?? name];
      attributes[name] = typeof value === 'string' && attribute.type instanceof DataTypes.DATE ? new Date(value.includes('+') ? value : `${value}+00:00`) : value;
    }
    return attributes as unknown as DeliveryRow;
  }

  /** The heartbeat: extends the leases of the rows `owner` is still sending (and only those). */
  async renewClaims(ids: number[], owner: string, leaseUntil: Date): Promise<number> {
    if (ids.length === 0) return 0;
    const [affected] = await this.models.Delivery.update({ leaseUntil }, { where: { id: ids, claimOwner: owner, status: 'sending' } });
    return affected;
  }

  /** Rows whose claim `token` still holds (not taken over): the worker's writes are limited to these. */
  private mine(id: number, token: string | null | undefined) {
    return token ? { id, claimToken: token, status: 'sending' as const } : { id };
  }

  /** Marks the row sent; false when the claim was taken over meanwhile (nothing changed). */
  async markSent(id: number, providerId: string | null, now: Date, token?: string | null): Promise<boolean> {
    const [affected] = await this.models.Delivery.update(
      { status: 'sent', sentAt: now, providerId, lastError: null, leaseUntil: null, unknownSince: null },
      { where: this.mine(id, token) },
    );
    return affected > 0;
  }

  /**
   * Puts the row back for a later try. `unknownSince` is given when this attempt's outcome is unknown
   * (it timed out): the earliest such time is kept, and the next try looks for the attempt first.
   */
  async markRetry(id: number, error: string, nextAttemptAt: Date, token?: string | null, unknownSince?: Date | null): Promise<boolean> {
    const sequelize = this.models.Delivery.sequelize!;
    const [affected] = await this.models.Delivery.update(
      {
        status: 'pending',
        nextAttemptAt,
        lastError: error,
        leaseUntil: null,
        ...(unknownSince ? { unknownSince: sequelize.literal(`COALESCE(unknown_since, ${sequelize.escape(unknownSince)})`) as unknown as Date } : {}),
      },
      { where: this.mine(id, token) },
    );
    return affected > 0;
  }

  /** Settles a row that is no longer wanted (an escalation reminder for an alert triaged meanwhile): not a failure. */
  async markCancelled(id: number, reason: string, token?: string | null): Promise<boolean> {
    const [affected] = await this.models.Delivery.update({ status: 'cancelled', lastError: reason, leaseUntil: null }, { where: this.mine(id, token) });
    return affected > 0;
  }

  async markDead(id: number, error: string, token?: string | null): Promise<boolean> {
    const [affected] = await this.models.Delivery.update({ status: 'dead', lastError: error, leaseUntil: null }, { where: this.mine(id, token) });
    return affected > 0;
  }

  /** Marks the chat capped until `reopensAt` (RingCentral's daily post cap); true when it was not capped already. */
  async capChat(accountId: string, chatId: string, cappedAt: Date, reopensAt: Date): Promise<boolean> {
    const existing = await this.models.ChatPostCap.findOne({ where: { accountId, chatId } });
    if (existing && existing.reopensAt.getTime() >= reopensAt.getTime()) return false;
    await this.models.ChatPostCap.upsert({ accountId, chatId, cappedAt, reopensAt });
    return true;
  }

  /** When the capped chat reopens; undefined when it is not capped (any more) at `now`. */
  async chatCappedUntil(accountId: string, chatId: string, now: Date): Promise<Date | undefined> {
    const row = await this.models.ChatPostCap.findOne({ where: { accountId, chatId } });
    return row && row.reopensAt.getTime() > now.getTime() ? row.reopensAt : undefined;
  }

  /** The chat takes posts again (the digest went through). */
  async reopenChat(accountId: string, chatId: string): Promise<void> {
    await this.models.ChatPostCap.destroy({ where: { accountId, chatId } });
  }

  /**
   * Parks the chat's rows until it reopens: this worker's claimed row (by its token) and every pending
   * row for that chat. Held rows are not failures: they are not retried before `until` and do not count
   * toward giving up.
   */
  async holdChat(accountId: string, chatId: string, until: Date, claimed?: { id: number; token: string | null }): Promise<number> {
    const sequelize = this.models.Delivery.sequelize!;
    const [affected] = await this.models.Delivery.update(
      { status: 'pending', heldUntil: until, nextAttemptAt: until, leaseUntil: null, attempts: sequelize.literal('CASE WHEN attempts > 0 THEN attempts - 1 ELSE 0 END') as unknown as number },
      {
        where: {
          accountId,
          channel: 'chat',
          destination: chatId,
          [Op.or]: [{ status: 'pending' }, ...(claimed?.token ? [{ id: claimed.id, claimToken: claimed.token, status: 'sending' as const }] : [])],
        },
      },
    );
    return affected;
  }

  /** Chats with rows held by the daily post cap that are due again (their chat reopened). */
  async heldChatsDue(now: Date): Promise<{ accountId: string; chatId: string }[]> {
    const rows = (await this.models.Delivery.findAll({
      attributes: ['accountId', 'destination'],
      where: { status: 'pending', channel: 'chat', heldUntil: { [Op.ne]: null }, nextAttemptAt: { [Op.lte]: now } },
      group: ['accountId', 'destination'],
      raw: true,
    })) as unknown as { accountId: string; destination: string }[];
    return rows.map((r) => ({ accountId: r.accountId, chatId: r.destination }));
  }

  /** Claims every pending held row of the chat (for one digest card), with the same lease as one row. */
  async claimHeld(accountId: string, chatId: string, now: Date, owner: string, leaseMs: number): Promise<Delivery[]> {
    const token = randomUUID();
    const sequelize = this.models.Delivery.sequelize!;
    await this.models.Delivery.update(
      { status: 'sending', claimedAt: now, claimToken: token, claimOwner: owner, leaseUntil: new Date(now.getTime() + leaseMs), attempts: sequelize.literal('attempts + 1') as unknown as number },
      { where: { accountId, channel: 'chat', destination: chatId, status: 'pending', heldUntil: { [Op.ne]: null } } },
    );
    const rows = await this.models.Delivery.findAll({ where: { claimToken: token }, order: [['id', 'ASC']] });
    return rows.map(toDelivery);
  }

  /** SMS: RingCentral accepted the POST; its message record is read from `nextCheckAt` on. */
  async markAccepted(id: number, providerId: string, now: Date, nextCheckAt: Date, token?: string | null): Promise<boolean> {
    const [affected] = await this.models.Delivery.update(
      { status: 'accepted', sentAt: now, providerId, lastError: null, deliveryErrorCode: null, checks: 0, nextCheckAt, settledAt: null, leaseUntil: null, unknownSince: null },
      { where: this.mine(id, token) },
    );
    return affected > 0;
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

  /**
   * Where an SMS row's follow-up may write: the row as the follow job read it (still accepted, same send,
   * same number of reads), so two instances reading one record settle it once.
   */
  private asRead(id: number, seen?: FollowedRow) {
    return seen ? { id, status: 'accepted' as const, providerId: seen.providerId, checks: seen.checks } : { id };
  }

  /** SMS: the record was read and has not settled; read it again at `nextCheckAt`. False: another worker got there first. */
  async checkAgain(id: number, nextCheckAt: Date, note: string | null, code: string | null, seen?: FollowedRow): Promise<boolean> {
    const sequelize = this.models.Delivery.sequelize!;
    const [affected] = await this.models.Delivery.update(
      { nextCheckAt, lastError: note, deliveryErrorCode: code, checks: sequelize.literal('checks + 1') as unknown as number },
      { where: { ...this.asRead(id, seen), status: 'accepted' } },
    );
    return affected > 0;
  }

  /** SMS: settled as delivered, unconfirmed (`note` says why) or dead (failed, `note` says why). False: another worker got there first. */
  async settle(id: number, status: 'delivered' | 'unconfirmed' | 'dead', now: Date, note: string | null, code: string | null, seen?: FollowedRow): Promise<boolean> {
    const [affected] = await this.models.Delivery.update({ status, settledAt: now, nextCheckAt: null, lastError: note, deliveryErrorCode: code }, { where: this.asRead(id, seen) });
    return affected > 0;
  }

  /** SMS: the record failed in a way that may pass: send it again at `nextAttemptAt`. False: another worker got there first. */
  async resendLater(id: number, error: string, code: string | null, nextAttemptAt: Date, seen?: FollowedRow): Promise<boolean> {
    const [affected] = await this.models.Delivery.update({ status: 'pending', nextAttemptAt, nextCheckAt: null, lastError: error, deliveryErrorCode: code }, { where: this.asRead(id, seen) });
    return affected > 0;
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

  /**
   * For the escalation job: alert rows sent between `since` and `until`, and every escalation row
   * created since `since` (so alerts already escalated are skipped).
   */
  async recentForEscalation(since: Date, until: Date): Promise<Delivery[]> {
    const rows = await this.models.Delivery.findAll({
      where: {
        [Op.or]: [
          // delivered to RingCentral: chat cards are `sent`; SMS rows `accepted`, then `delivered` or `unconfirmed`
          { kind: 'alert', status: ['sent', 'accepted', 'delivered', 'unconfirmed'], sentAt: { [Op.gte]: since, [Op.lte]: until } },
          { kind: 'escalation', createdAt: { [Op.gte]: since } },
        ],
      },
      order: [['id', 'ASC']],
    });
    return rows.map(toDelivery);
  }

  async listByRecord(accountId: string, source: AuditSource, recordId: string): Promise<Delivery[]> {
    const rows = await this.models.Delivery.findAll({ where: { accountId, source, recordId }, order: [['id', 'ASC']] });
    return rows.map(toDelivery);
  }

  async countByStatus(): Promise<Record<DeliveryStatus, number>> {
    const counts: Record<DeliveryStatus, number> = { pending: 0, sending: 0, sent: 0, accepted: 0, delivered: 0, unconfirmed: 0, dead: 0, cancelled: 0 };
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
    // "Was this you?" cards go to the actor's direct chat, not to one of the admin's destinations.
    const rows = await this.models.Delivery.findAll({ where: { accountId, adminExtensionId, kind: { [Op.ne]: 'confirm' } }, order: [['id', 'ASC']] });
    const stats = new Map<string, DestinationStats>();
    for (const row of rows) {
      const key = `${row.channel}:${row.destination}`;
      const entry = stats.get(key) ?? { channel: row.channel, destination: row.destination, sent: 0, delivered: 0, accepted: 0, unconfirmed: 0, retrying: 0, dead: 0, lastError: null };
      if (row.status === 'sent') entry.sent += 1;
      else if (row.status === 'delivered') entry.delivered += 1;
      else if (row.status === 'accepted') entry.accepted += 1;
      else if (row.status === 'unconfirmed') entry.unconfirmed += 1;
      else if (row.status === 'dead') entry.dead += 1;
      else if (row.status === 'cancelled') continue; // not sent, not failed: the alert was handled first
      else entry.retrying += row.attempts > 0 ? 1 : 0;
      if (row.lastError) entry.lastError = row.lastError;
      stats.set(key, entry);
    }
    return [...stats.values()];
  }
}

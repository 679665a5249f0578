import { Op, Transaction, literal, type QueryOptions } from 'sequelize';
import type { AlertTriageRow, Models } from './models';
import { groupByAccount, type AuditSource } from './audit-events-repository';

export type TriageState = 'open' | 'acknowledged' | 'expected' | 'resolved';
export type ActorAnswer = 'yes' | 'no';

/** Which alert: one audit record of one account. */
export interface AlertRef {
  accountId: string;
  source: AuditSource;
  recordId: string;
}

/** The triage state of one alert, as every card of it shows. */
export interface Triage {
  state: TriageState;
  version: number;
  actorId: string | null;
  actorName: string | null;
  note: string | null;
  changedAt: Date | null;
  actorAnswer: ActorAnswer | null;
  actorAnsweredAt: Date | null;
}

export type TriageChangeResult = { ok: true; triage: Triage; from: TriageState } | { ok: false; current: Triage };

export const OPEN_TRIAGE: Triage = { state: 'open', version: 0, actorId: null, actorName: null, note: null, changedAt: null, actorAnswer: null, actorAnsweredAt: null };

const STATES: TriageState[] = ['open', 'acknowledged', 'expected', 'resolved'];

function toTriage(row: AlertTriageRow): Triage {
  return {
    state: STATES.includes(row.state as TriageState) ? (row.state as TriageState) : 'open',
    version: row.version,
    actorId: row.actorId,
    actorName: row.actorName,
    note: row.note,
    changedAt: row.changedAt,
    actorAnswer: row.actorAnswer === 'yes' || row.actorAnswer === 'no' ? row.actorAnswer : null,
    actorAnsweredAt: row.actorAnsweredAt,
  };
}

/** Triage state per alert with its change log. Every change is one conditional UPDATE: of two concurrent clicks one wins. */
export class AlertTriageRepository {
  constructor(private readonly models: Models) {}

  async get(ref: AlertRef): Promise<Triage> {
    const row = await this.models.AlertTriage.findOne({ where: { ...ref } });
    return row ? toTriage(row) : OPEN_TRIAGE;
  }

  /** States of many alerts of one account and source (absent: open). */
  async many(accountId: string, source: AuditSource, recordIds: string[]): Promise<Map<string, Triage>> {
    if (recordIds.length === 0) return new Map();
    const rows = await this.models.AlertTriage.findAll({ where: { accountId, source, recordId: { [Op.in]: recordIds } } });
    return new Map(rows.map((r) => [r.recordId, toTriage(r)]));
  }

  /** Makes sure the row exists (open, version 0) so the change below is a plain conditional UPDATE. */
  private async ensure(ref: AlertRef, now: Date): Promise<void> {
    await this.models.AlertTriage.bulkCreate(
      [{ ...ref, state: 'open', version: 0, actorId: null, actorName: null, note: null, changedAt: null, actorAnswer: null, actorAnsweredAt: null, createdAt: now, updatedAt: now }],
      { ignoreDuplicates: true } as QueryOptions,
    );
  }

  /**
   * Moves the alert to `to` if it is still at `expectedVersion`; otherwise nothing changes and the
   * current state is returned (someone else was first, or the card was stale).
   */
  async change(ref: AlertRef, expectedVersion: number, to: TriageState, actor: { id: string; name: string | null }, note: string | null, now: Date): Promise<TriageChangeResult> {
    await this.ensure(ref, now);
    const sequelize = this.models.AlertTriage.sequelize!;
    return sequelize.transaction({ type: Transaction.TYPES.IMMEDIATE }, async (transaction) => {
      const before = await this.models.AlertTriage.findOne({ where: { ...ref }, transaction });
      const from = before ? toTriage(before).state : 'open';
      const [affected] = await this.models.AlertTriage.update(
        { state: to, version: expectedVersion + 1, actorId: actor.id, actorName: actor.name, note, changedAt: now },
        { where: { ...ref, version: expectedVersion }, transaction },
      );
      const row = await this.models.AlertTriage.findOne({ where: { ...ref }, transaction });
      const current = row ? toTriage(row) : OPEN_TRIAGE;
      if (affected !== 1) return { ok: false as const, current };
      await this.models.AlertTriageChange.create({ ...ref, fromState: from, toState: to, actorId: actor.id, actorName: actor.name, note, changedAt: now }, { transaction });
      return { ok: true as const, triage: current, from };
    });
  }

  /** Records the actor's answer once; a second answer changes nothing (returns ok false with the first). */
  async answer(ref: AlertRef, answer: ActorAnswer, actorId: string, now: Date): Promise<{ ok: boolean; triage: Triage }> {
    await this.ensure(ref, now);
    const [affected] = await this.models.AlertTriage.update({ actorAnswer: answer, actorAnsweredAt: now }, { where: { ...ref, actorAnswer: null } });
    if (affected === 1) await this.models.AlertTriageChange.create({ ...ref, fromState: 'actor', toState: `actor-${answer}`, actorId, actorName: null, note: null, changedAt: now });
    return { ok: affected === 1, triage: await this.get(ref) };
  }

  /**
   * Retention purge: the triage state and change log of these records go once the records themselves
   * left the archive (a record kept back for an unsettled delivery keeps its triage).
   */
  async deleteFor(records: { source: AuditSource; accountId: string; recordId: string }[], transaction: Transaction): Promise<void> {
    const gone = (table: string) =>
      literal(`NOT EXISTS (SELECT 1 FROM audit_events e WHERE e.source = ${table}.source AND e.account_id = ${table}.account_id AND e.record_id = ${table}.record_id)`);
    for (const { source, accountId, recordIds } of groupByAccount(records)) {
      for (let i = 0; i < recordIds.length; i += 500) {
        const where = { source, accountId, recordId: recordIds.slice(i, i + 500) };
        await this.models.AlertTriage.destroy({ where: { ...where, [Op.and]: [gone('alert_triage')] }, transaction });
        await this.models.AlertTriageChange.destroy({ where: { ...where, [Op.and]: [gone('alert_triage_changes')] }, transaction });
      }
    }
  }

  /** The change log of one alert, oldest first. */
  async history(ref: AlertRef): Promise<{ fromState: string; toState: string; actorId: string; actorName: string | null; note: string | null; changedAt: Date }[]> {
    const rows = await this.models.AlertTriageChange.findAll({ where: { ...ref }, order: [['id', 'ASC']] });
    return rows.map((r) => ({ fromState: r.fromState, toState: r.toState, actorId: r.actorId, actorName: r.actorName, note: r.note, changedAt: r.changedAt }));
  }
}

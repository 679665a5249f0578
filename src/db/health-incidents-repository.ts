import { UniqueConstraintError } from 'sequelize';
import type { Models } from './models';

/** One watchdog incident: a problem of one kind in one account, from when it started until it cleared. */
export interface HealthIncident {
  id: number;
  accountId: string;
  kind: string;
  detail: string;
  startedAt: Date;
  clearedAt: Date | null;
}

/** Watchdog incidents: at most one open per (account, kind), enforced by a unique index across instances. */
export class HealthIncidentsRepository {
  constructor(private readonly models: Models) {}

  /** The account's open incidents, oldest first. */
  async listOpen(accountId: string): Promise<HealthIncident[]> {
    const rows = await this.models.HealthIncident.findAll({ where: { accountId, clearedAt: null }, order: [['startedAt', 'ASC'], ['id', 'ASC']] });
    return rows.map((r) => ({ id: r.id, accountId: r.accountId, kind: r.kind, detail: r.detail, startedAt: r.startedAt, clearedAt: r.clearedAt }));
  }

  /** Opens an incident; undefined when one of that kind is already open (another instance got there first). */
  async open(accountId: string, kind: string, detail: string, now: Date): Promise<HealthIncident | undefined> {
    try {
      const row = await this.models.HealthIncident.create({ accountId, kind, openKind: kind, detail, startedAt: now, clearedAt: null });
      return { id: row.id, accountId, kind, detail, startedAt: now, clearedAt: null };
    } catch (error) {
      if (error instanceof UniqueConstraintError) return undefined;
      throw error;
    }
  }

  /** Clears an open incident; false when it was already cleared (by another instance). */
  async clear(id: number, now: Date): Promise<boolean> {
    const [changed] = await this.models.HealthIncident.update({ clearedAt: now, openKind: null }, { where: { id, clearedAt: null } });
    return changed === 1;
  }
}

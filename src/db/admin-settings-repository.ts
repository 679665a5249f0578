import { Transaction } from 'sequelize';
import type { Models, AdminSettingsRow } from './models';
import type { EventKey } from '../catalog/event-catalog';
import { EVENT_KEYS, isEventKey } from '../catalog/event-catalog';

/** One admin's notification settings. */
export interface AdminSettings {
  accountId: string;
  extensionId: string;
  version: number;
  smsEnabled: boolean;
  smsSender: string | null;
  smsRecipients: string[];
  chatsEnabled: boolean;
  chatIds: string[];
  eventKeys: EventKey[];
  paused: boolean;
  timezone: string | null;
  notificationsSince: Date | null;
}

export type SettingsPatch = Partial<
  Pick<AdminSettings, 'smsEnabled' | 'smsSender' | 'smsRecipients' | 'chatsEnabled' | 'chatIds' | 'eventKeys' | 'paused' | 'timezone'>
>;

/** One line of the change log. */
export interface SettingsChange {
  actorId: string;
  field: keyof SettingsPatch;
  oldValue: string | null;
  newValue: string | null;
  changedAt: Date;
}

export type UpdateResult =
  | { ok: true; settings: AdminSettings; changes: SettingsChange[] }
  | { ok: false; reason: 'stale'; settings: AdminSettings };

const parseList = (json: string): string[] => {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
};

function toSettings(row: AdminSettingsRow): AdminSettings {
  return {
    accountId: row.accountId,
    extensionId: row.extensionId,
    version: row.version,
    smsEnabled: row.smsEnabled,
    smsSender: row.smsSender,
    smsRecipients: parseList(row.smsRecipients),
    chatsEnabled: row.chatsEnabled,
    chatIds: parseList(row.chatIds),
    eventKeys: parseList(row.eventKeys).filter(isEventKey),
    paused: row.paused,
    timezone: row.timezone,
    notificationsSince: row.notificationsSince,
  };
}

/** A new admin starts with every event chosen and no destination switched on. */
export function defaultSettings(accountId: string, extensionId: string): AdminSettings {
  return {
    accountId,
    extensionId,
    version: 0,
    smsEnabled: false,
    smsSender: null,
    smsRecipients: [],
    chatsEnabled: false,
    chatIds: [],
    eventKeys: [...EVENT_KEYS],
    paused: false,
    timezone: null,
    notificationsSince: null,
  };
}

/** How a value reads in the change log and in `status`. */
export function describeValue(field: keyof SettingsPatch, value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean') return field === 'paused' ? (value ? 'paused' : 'running') : value ? 'on' : 'off';
  if (Array.isArray(value)) return value.length ? value.join(', ') : '(none)';
  return String(value);
}

const FIELDS: (keyof SettingsPatch)[] = ['smsEnabled', 'smsSender', 'smsRecipients', 'chatsEnabled', 'chatIds', 'eventKeys', 'paused', 'timezone'];

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Admin settings with optimistic versioning and a change log written in the same transaction. */
export class AdminSettingsRepository {
  constructor(private readonly models: Models) {}

  async find(accountId: string, extensionId: string): Promise<AdminSettings | undefined> {
    const row = await this.models.AdminSettings.findOne({ where: { accountId, extensionId } });
    return row ? toSettings(row) : undefined;
  }

  /** The stored settings, or the defaults (not stored) for an admin who never changed anything. */
  async get(accountId: string, extensionId: string): Promise<AdminSettings> {
    return (await this.find(accountId, extensionId)) ?? defaultSettings(accountId, extensionId);
  }

  async listByAccount(accountId: string): Promise<AdminSettings[]> {
    const rows = await this.models.AdminSettings.findAll({ where: { accountId }, order: [['extensionId', 'ASC']] });
    return rows.map(toSettings);
  }

  /**
   * Applies `patch`. With `expectedVersion` (the version a card was rendered with) a concurrent or
   * earlier change makes the update fail as stale and nothing is written.
   */
  async update(
    accountId: string,
    extensionId: string,
    actorId: string,
    patch: SettingsPatch,
    options: { now: Date; expectedVersion?: number },
  ): Promise<UpdateResult> {
    // IMMEDIATE: on SQLite take the write lock up front, so a concurrent writer makes us wait
    // (busy timeout) instead of failing the upgrade from read to write (ignored by PostgreSQL).
    return this.models.AdminSettings.sequelize!.transaction({ type: Transaction.TYPES.IMMEDIATE }, async (transaction) => {
      const row = await this.models.AdminSettings.findOne({ where: { accountId, extensionId }, transaction });
      const current = row ? toSettings(row) : defaultSettings(accountId, extensionId);
      if (options.expectedVersion !== undefined && options.expectedVersion !== current.version) {
        return { ok: false as const, reason: 'stale' as const, settings: current };
      }
      const next: AdminSettings = { ...current, ...patch };
      const changes: SettingsChange[] = FIELDS.filter((f) => f in patch && !same(current[f], next[f])).map((field) => ({
        actorId,
        field,
        oldValue: describeValue(field, current[field]),
        newValue: describeValue(field, next[field]),
        changedAt: options.now,
      }));
      if (changes.length === 0) return { ok: true as const, settings: current, changes };

      next.version = current.version + 1;
      if (!next.notificationsSince && (next.smsEnabled || next.chatsEnabled)) next.notificationsSince = options.now;
      const values = {
        version: next.version,
        smsEnabled: next.smsEnabled,
        smsSender: next.smsSender,
        smsRecipients: JSON.stringify(next.smsRecipients),
        chatsEnabled: next.chatsEnabled,
        chatIds: JSON.stringify(next.chatIds),
        eventKeys: JSON.stringify(next.eventKeys),
        paused: next.paused,
        timezone: next.timezone,
        notificationsSince: next.notificationsSince,
      };
      if (row) {
        const [affected] = await this.models.AdminSettings.update(values, {
          where: { accountId, extensionId, version: current.version },
          transaction,
        });
        if (affected !== 1) return { ok: false as const, reason: 'stale' as const, settings: current };
      } else {
        await this.models.AdminSettings.create({ accountId, extensionId, ...values }, { transaction });
      }
      await this.models.SettingsChange.bulkCreate(
        changes.map((c) => ({ accountId, extensionId, ...c })),
        { transaction },
      );
      return { ok: true as const, settings: next, changes };
    });
  }

  async recentChanges(accountId: string, extensionId: string, limit = 5): Promise<SettingsChange[]> {
    const rows = await this.models.SettingsChange.findAll({
      where: { accountId, extensionId },
      order: [['id', 'DESC']],
      limit,
    });
    return rows.map((r) => ({
      actorId: r.actorId,
      field: r.field as keyof SettingsPatch,
      oldValue: r.oldValue,
      newValue: r.newValue,
      changedAt: r.changedAt,
    }));
  }

  /** Logout: the admin's settings go; the change log stays as the account's history. */
  async delete(accountId: string, extensionId: string): Promise<void> {
    await this.models.AdminSettings.destroy({ where: { accountId, extensionId } });
  }

  async deleteAccount(accountId: string): Promise<void> {
    await this.models.AdminSettings.destroy({ where: { accountId } });
    await this.models.SettingsChange.destroy({ where: { accountId } });
  }
}

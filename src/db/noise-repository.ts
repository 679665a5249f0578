import { createHash } from 'node:crypto';
import { Op, type Transaction } from 'sequelize';
import type { Models } from './models';
import type { NoiseModels, AlertBurstRow, ActorExclusionRow } from './noise-models';
import { actorKeyOf, type ActorExclusion, type ExclusionSource } from '../policy/exclusions';
import { DEFAULT_BURST_COUNT, DEFAULT_BURST_WINDOW_MINUTES, type OpenBurst } from '../policy/burst';
import { isSeverity, type Severity } from '../policy/severity';
import { isDigestInterval, type DigestInterval } from '../policy/digest';
import type { AuditSource } from './audit-events-repository';

/** One admin's noise-control settings. */
export interface NoiseSettings {
  accountId: string;
  extensionId: string;
  /** Null: bursts off. */
  burstCount: number | null;
  burstWindowMinutes: number;
  /** "HH:MM"–"HH:MM" in the admin's time zone; null: no quiet hours. */
  smsQuiet: { start: string; end: string } | null;
  chatsDigest: DigestInterval;
  smsDigest: DigestInterval;
  weeklySummary: boolean;
}

export type NoiseSettingsPatch = Partial<Pick<NoiseSettings, 'burstCount' | 'burstWindowMinutes' | 'smsQuiet' | 'chatsDigest' | 'smsDigest' | 'weeklySummary'>>;

/** Why an alert is held: quiet hours for SMS, or waiting for the channel's digest. */
export type HeldKind = 'quiet' | 'digest-sms' | 'digest-chat';

/** A stored exclusion. */
export interface StoredExclusion extends ActorExclusion {
  id: number;
  createdAt: Date;
}

/** A stored burst (per admin). */
export interface StoredBurst extends OpenBurst {
  id: number;
  accountId: string;
  extensionId: string;
  source: AuditSource;
  actorName: string;
}

export const defaultNoiseSettings = (accountId: string, extensionId: string): NoiseSettings => ({
  accountId,
  extensionId,
  burstCount: DEFAULT_BURST_COUNT,
  burstWindowMinutes: DEFAULT_BURST_WINDOW_MINUTES,
  smsQuiet: null,
  chatsDigest: 'off',
  smsDigest: 'off',
  weeklySummary: false,
});

const toExclusion = (row: ActorExclusionRow): StoredExclusion => ({
  id: row.id,
  source: row.source as ExclusionSource,
  actor: row.actor,
  expiresAt: row.expiresAt,
  createdAt: row.createdAt,
});

const toBurst = (row: AlertBurstRow): StoredBurst => {
  let recordIds: string[] = [];
  try {
    const parsed: unknown = JSON.parse(row.recordIds);
    if (Array.isArray(parsed)) recordIds = parsed.filter((v): v is string => typeof v === 'string');
  } catch {
    recordIds = [];
  }
  return {
    id: row.id,
    accountId: row.accountId,
    extensionId: row.extensionId,
    source: row.source as AuditSource,
    burstKey: row.burstKey,
    actorKey: row.actorKey,
    actorName: row.actorName,
    startedAt: row.startedAt,
    windowEndsAt: row.windowEndsAt,
    recordIds,
    severity: isSeverity(row.severity) ? row.severity : 'medium',
  };
};

/** The outbox key of a burst: the same actor and start give the same key (40 hex characters at most). */
export function burstKeyOf(source: AuditSource, actorKey: string, startedAt: Date): string {
  return createHash('sha256').update(`${source}|${actorKey}|${startedAt.toISOString()}`).digest('hex').slice(0, 32);
}

/** Noise-control settings, actor exclusions and bursts; settings and exclusion changes are change-logged. */
export class NoiseRepository {
  constructor(
    private readonly models: NoiseModels,
    private readonly core: Pick<Models, 'SettingsChange'>,
  ) {}

  async settings(accountId: string, extensionId: string): Promise<NoiseSettings> {
    const row = await this.models.NoiseSettings.findOne({ where: { accountId, extensionId } });
    if (!row) return defaultNoiseSettings(accountId, extensionId);
    return {
      accountId,
      extensionId,
      burstCount: row.burstCount,
      burstWindowMinutes: row.burstWindowMinutes,
      smsQuiet: row.smsQuietStart && row.smsQuietEnd ? { start: row.smsQuietStart, end: row.smsQuietEnd } : null,
      chatsDigest: isDigestInterval(row.chatsDigest) ? row.chatsDigest : 'off',
      smsDigest: isDigestInterval(row.smsDigest) ? row.smsDigest : 'off',
      weeklySummary: row.weeklySummary,
    };
  }

  /** Saves the patch and writes one change-log line per changed field (`field`, `old`, `new` as shown to people). */
  async update(accountId: string, extensionId: string, patch: NoiseSettingsPatch, lines: { field: string; oldValue: string | null; newValue: string | null }[], now: Date): Promise<NoiseSettings> {
    const current = await this.settings(accountId, extensionId);
    const next = { ...current, ...patch };
    await this.models.NoiseSettings.sequelize!.transaction(async (transaction) => {
      await this.models.NoiseSettings.upsert(
        {
          accountId,
          extensionId,
          burstCount: next.burstCount,
          burstWindowMinutes: next.burstWindowMinutes,
          smsQuietStart: next.smsQuiet?.start ?? null,
          smsQuietEnd: next.smsQuiet?.end ?? null,
          chatsDigest: next.chatsDigest,
          smsDigest: next.smsDigest,
          weeklySummary: next.weeklySummary,
          createdAt: now,
          updatedAt: now,
        },
        { transaction },
      );
      await this.log(accountId, extensionId, extensionId, lines, now, transaction);
    });
    return next;
  }

  private async log(accountId: string, extensionId: string, actorId: string, lines: { field: string; oldValue: string | null; newValue: string | null }[], now: Date, transaction: Transaction) {
    if (lines.length === 0) return;
    await this.core.SettingsChange.bulkCreate(lines.map((l) => ({ accountId, extensionId, actorId, ...l, changedAt: now })), { transaction });
  }

  /** Every exclusion of one admin (expired ones included until `removeExpired` runs), oldest first. */
  async exclusions(accountId: string, extensionId: string): Promise<StoredExclusion[]> {
    const rows = await this.models.ActorExclusion.findAll({ where: { accountId, extensionId }, order: [['id', 'ASC']] });
    return rows.map(toExclusion);
  }

  /** Exclusions of every admin of an account, by admin. */
  async exclusionsByAdmin(accountId: string): Promise<Map<string, StoredExclusion[]>> {
    const rows = await this.models.ActorExclusion.findAll({ where: { accountId }, order: [['id', 'ASC']] });
    const byAdmin = new Map<string, StoredExclusion[]>();
    for (const row of rows) byAdmin.set(row.extensionId, [...(byAdmin.get(row.extensionId) ?? []), toExclusion(row)]);
    return byAdmin;
  }

  /** Adds or replaces (same source and actor) an exclusion, change-logged. */
  async exclude(accountId: string, extensionId: string, exclusion: ActorExclusion, line: { field: string; oldValue: string | null; newValue: string | null }, now: Date): Promise<void> {
    const actorKey = actorKeyOf(exclusion.actor);
    await this.models.ActorExclusion.sequelize!.transaction(async (transaction) => {
      await this.models.ActorExclusion.destroy({ where: { accountId, extensionId, source: exclusion.source, actorKey }, transaction });
      await this.models.ActorExclusion.create(
        { accountId, extensionId, source: exclusion.source, actor: exclusion.actor.trim(), actorKey, expiresAt: exclusion.expiresAt, createdAt: now },
        { transaction },
      );
      await this.log(accountId, extensionId, extensionId, [line], now, transaction);
    });
  }

  /** Removes an exclusion, change-logged; false when there was none. */
  async unexclude(accountId: string, extensionId: string, source: ExclusionSource, actor: string, line: { field: string; oldValue: string | null; newValue: string | null }, now: Date): Promise<boolean> {
    return this.models.ActorExclusion.sequelize!.transaction(async (transaction) => {
      const removed = await this.models.ActorExclusion.destroy({ where: { accountId, extensionId, source, actorKey: actorKeyOf(actor) }, transaction });
      if (removed > 0) await this.log(accountId, extensionId, extensionId, [line], now, transaction);
      return removed > 0;
    });
  }

  /**
   * Deletes every exclusion that expired by `now`, with a change-log line each ("system" as the actor),
   * and returns them.
   */
  async removeExpired(now: Date, describe: (e: StoredExclusion & { accountId: string; extensionId: string }) => { field: string; oldValue: string | null; newValue: string | null }): Promise<(StoredExclusion & { accountId: string; extensionId: string })[]> {
    const rows = await this.models.ActorExclusion.findAll({ where: { expiresAt: { [Op.lte]: now } }, order: [['id', 'ASC']] });
    const removed: (StoredExclusion & { accountId: string; extensionId: string })[] = [];
    for (const row of rows) {
      const exclusion = { ...toExclusion(row), accountId: row.accountId, extensionId: row.extensionId };
      await this.models.ActorExclusion.sequelize!.transaction(async (transaction) => {
        const gone = await this.models.ActorExclusion.destroy({ where: { id: row.id }, transaction });
        if (gone > 0) {
          await this.log(row.accountId, row.extensionId, 'system', [describe(exclusion)], now, transaction);
          removed.push(exclusion);
        }
      });
    }
    return removed;
  }

  /** An admin's bursts whose window has not ended by `since`. */
  async openBursts(accountId: string, extensionId: string, source: AuditSource, since: Date, transaction?: Transaction): Promise<StoredBurst[]> {
    const rows = await this.models.AlertBurst.findAll({
      where: { accountId, extensionId, source, windowEndsAt: { [Op.gt]: since } },
      order: [['id', 'ASC']],
      ...(transaction ? { transaction } : {}),
    });
    return rows.map(toBurst);
  }

  async findBurst(accountId: string, extensionId: string, burstKey: string): Promise<StoredBurst | undefined> {
    const row = await this.models.AlertBurst.findOne({ where: { accountId, extensionId, burstKey } });
    return row ? toBurst(row) : undefined;
  }

  /** Stores a new burst (an existing one with the same key is kept: the first writer wins). */
  async openBurst(burst: Omit<StoredBurst, 'id'>, now: Date, transaction: Transaction): Promise<void> {
    const existing = await this.models.AlertBurst.findOne({ where: { accountId: burst.accountId, extensionId: burst.extensionId, burstKey: burst.burstKey }, transaction });
    if (existing) {
      const merged = [...new Set([...toBurst(existing).recordIds, ...burst.recordIds])];
      await existing.update({ recordIds: JSON.stringify(merged), updatedAt: now }, { transaction });
      return;
    }
    await this.models.AlertBurst.create(
      {
        accountId: burst.accountId,
        extensionId: burst.extensionId,
        source: burst.source,
        burstKey: burst.burstKey,
        actorKey: burst.actorKey,
        actorName: burst.actorName,
        startedAt: burst.startedAt,
        windowEndsAt: burst.windowEndsAt,
        recordIds: JSON.stringify(burst.recordIds),
        severity: burst.severity,
        createdAt: now,
        updatedAt: now,
      },
      { transaction },
    );
  }

  /** Holds alerts until `releaseAt` (an alert already held for that release is kept once). */
  async hold(rows: { accountId: string; extensionId: string; kind: HeldKind; releaseAt: Date; source: AuditSource; recordId: string; severity: Severity }[], now: Date, transaction: Transaction): Promise<void> {
    if (rows.length === 0) return;
    await this.models.HeldAlert.bulkCreate(
      rows.map((r) => ({ ...r, createdAt: now })),
      { transaction, ignoreDuplicates: true },
    );
  }

  /** The alerts held for one release, oldest first. */
  async held(accountId: string, extensionId: string, kind: HeldKind, releaseAt: Date): Promise<{ source: AuditSource; recordId: string; severity: Severity }[]> {
    const rows = await this.models.HeldAlert.findAll({ where: { accountId, extensionId, kind, releaseAt }, order: [['id', 'ASC']] });
    return rows.map((r) => ({ source: r.source as AuditSource, recordId: r.recordId, severity: isSeverity(r.severity) ? r.severity : 'medium' }));
  }

  /** Adds records to a stored burst; returns how many it holds now. */
  async growBurst(id: number, recordIds: string[], severity: Severity, now: Date, transaction: Transaction): Promise<number> {
    const row = await this.models.AlertBurst.findByPk(id, { transaction });
    if (!row) return 0;
    const merged = [...new Set([...toBurst(row).recordIds, ...recordIds])];
    await row.update({ recordIds: JSON.stringify(merged), severity, updatedAt: now }, { transaction });
    return merged.length;
  }

  /** The actions outside the catalog each admin of an account watches, with their severity. */
  async watchedActionsByAdmin(accountId: string): Promise<Map<string, Map<string, Severity>>> {
    const rows = await this.models.WatchedAction.findAll({ where: { accountId } });
    const byAdmin = new Map<string, Map<string, Severity>>();
    for (const row of rows) {
      const map = byAdmin.get(row.extensionId) ?? new Map<string, Severity>();
      map.set(row.actionId, isSeverity(row.severity) ? row.severity : 'medium');
      byAdmin.set(row.extensionId, map);
    }
    return byAdmin;
  }

  /** Watches (or re-grades) an action, change-logged. */
  async watchAction(accountId: string, extensionId: string, actionId: string, severity: Severity, line: { field: string; oldValue: string | null; newValue: string | null }, now: Date): Promise<void> {
    await this.models.WatchedAction.sequelize!.transaction(async (transaction) => {
      await this.models.WatchedAction.upsert({ accountId, extensionId, actionId, severity, createdAt: now }, { transaction });
      await this.log(accountId, extensionId, extensionId, [line], now, transaction);
    });
  }

  /** Stops watching an action, change-logged; false when it was not watched. */
  async unwatchAction(accountId: string, extensionId: string, actionId: string, line: { field: string; oldValue: string | null; newValue: string | null }, now: Date): Promise<boolean> {
    return this.models.WatchedAction.sequelize!.transaction(async (transaction) => {
      const removed = await this.models.WatchedAction.destroy({ where: { accountId, extensionId, actionId }, transaction });
      if (removed > 0) await this.log(accountId, extensionId, extensionId, [line], now, transaction);
      return removed > 0;
    });
  }

  /** Records the actionIds an account's audit trail shows; returns those never seen there before. */
  async markSeen(accountId: string, source: string, actionIds: string[], now: Date, transaction: Transaction): Promise<string[]> {
    const unique = [...new Set(actionIds)];
    if (unique.length === 0) return [];
    const known = new Set((await this.models.SeenAction.findAll({ where: { accountId, source, actionId: unique }, transaction })).map((r) => r.actionId));
    const fresh = unique.filter((a) => !known.has(a));
    if (fresh.length > 0) await this.models.SeenAction.bulkCreate(fresh.map((actionId) => ({ accountId, source, actionId, firstSeenAt: now })), { transaction, ignoreDuplicates: true });
    return fresh;
  }

  /** Admins of every account with the weekly summary on. */
  async weeklySummaryAdmins(): Promise<{ accountId: string; extensionId: string }[]> {
    const rows = await this.models.NoiseSettings.findAll({ where: { weeklySummary: true }, attributes: ['accountId', 'extensionId'] });
    return rows.map((r) => ({ accountId: r.accountId, extensionId: r.extensionId }));
  }

  /** The record ids an admin was alerted on (or that wait for a summary), by source: in bursts and held. */
  async policyRecordIds(accountId: string, extensionId: string): Promise<{ source: AuditSource; recordId: string }[]> {
    const bursts = await this.models.AlertBurst.findAll({ where: { accountId, extensionId } });
    const held = await this.models.HeldAlert.findAll({ where: { accountId, extensionId } });
    return [
      ...bursts.flatMap((b) => toBurst(b).recordIds.map((recordId) => ({ source: b.source as AuditSource, recordId }))),
      ...held.filter((h) => !h.recordId.startsWith('burst:')).map((h) => ({ source: h.source as AuditSource, recordId: h.recordId })),
    ];
  }

  /** Whether anything of `source` was ever recorded as seen for the account. */
  async anySeen(accountId: string, source: string, transaction?: Transaction): Promise<boolean> {
    return (await this.models.SeenAction.count({ where: { accountId, source }, transaction })) > 0;
  }
}

import { Transaction } from 'sequelize';
import type { AlertPolicyRow, Models } from './models';
import { isEventKey } from '../catalog/event-catalog';
import { isSeverity, type Severity } from '../policy/severity';
import { RINGCX_OVERRIDE_KEY, type SeverityOverrides } from '../policy/grade-alert';

/** Who may triage an alert card: any user of the account in that chat, or only admins who authorized the bot. */
export type TriageWho = 'members' | 'admins';

/** One admin's alert policy: grading, routing, triage, escalation and "was this you?". */
export interface AlertPolicy {
  accountId: string;
  extensionId: string;
  version: number;
  severityOverrides: SeverityOverrides;
  smsMin: Severity;
  chatsMin: Severity;
  triageWho: TriageWho;
  escalateLevel: Severity;
  /** null: escalation off. */
  escalateAfterMinutes: number | null;
  confirmActors: boolean;
}

export type AlertPolicyPatch = Partial<Omit<AlertPolicy, 'accountId' | 'extensionId' | 'version'>>;

/** One line of the change log (written to settings_changes with the admin's other settings). */
export interface AlertPolicyChange {
  field: string;
  oldValue: string | null;
  newValue: string | null;
}

/** How each policy field is named in the change log and in `status`. */
export const POLICY_FIELD_LABELS: Record<keyof AlertPolicyPatch, string> = {
  severityOverrides: 'Severity overrides',
  smsMin: 'SMS minimum severity',
  chatsMin: 'Chats minimum severity',
  triageWho: 'Who may triage',
  escalateLevel: 'Escalation level',
  escalateAfterMinutes: 'Escalate after',
  confirmActors: 'Confirm actors',
};

export function defaultAlertPolicy(accountId: string, extensionId: string): AlertPolicy {
  return {
    accountId,
    extensionId,
    version: 0,
    severityOverrides: {},
    smsMin: 'low',
    chatsMin: 'low',
    triageWho: 'members',
    escalateLevel: 'critical',
    escalateAfterMinutes: 15,
    confirmActors: false,
  };
}

function parseOverrides(json: string): SeverityOverrides {
  const result: SeverityOverrides = {};
  try {
    const value: unknown = JSON.parse(json);
    if (typeof value !== 'object' || value === null) return result;
    for (const [key, level] of Object.entries(value)) if ((isEventKey(key) || key === RINGCX_OVERRIDE_KEY) && typeof level === 'string' && isSeverity(level)) result[key] = level;
  } catch {
    // a damaged value reads as no overrides
  }
  return result;
}

const severityOr = (value: string, fallback: Severity): Severity => (isSeverity(value) ? value : fallback);

function toPolicy(row: AlertPolicyRow): AlertPolicy {
  return {
    accountId: row.accountId,
    extensionId: row.extensionId,
    version: row.version,
    severityOverrides: parseOverrides(row.severityOverrides),
    smsMin: severityOr(row.smsMin, 'low'),
    chatsMin: severityOr(row.chatsMin, 'low'),
    triageWho: row.triageWho === 'admins' ? 'admins' : 'members',
    escalateLevel: severityOr(row.escalateLevel, 'critical'),
    escalateAfterMinutes: row.escalateAfterMinutes,
    confirmActors: row.confirmActors,
  };
}

/** How a policy value reads in the change log. */
export function describePolicyValue(field: keyof AlertPolicyPatch, value: unknown): string | null {
  if (field === 'severityOverrides') {
    const entries = Object.entries(value as SeverityOverrides);
    return entries.length ? entries.map(([k, v]) => `${k}=${v}`).join(', ') : '(none)';
  }
  if (field === 'escalateAfterMinutes') return value === null ? 'off' : `${String(value)} min`;
  if (typeof value === 'boolean') return value ? 'on' : 'off';
  return value === null || value === undefined ? null : String(value);
}

const FIELDS = Object.keys(POLICY_FIELD_LABELS) as (keyof AlertPolicyPatch)[];

/** Alert policies, one row per admin; every change is written to the change log in the same transaction. */
export class AlertPoliciesRepository {
  constructor(private readonly models: Models) {}

  async get(accountId: string, extensionId: string): Promise<AlertPolicy> {
    const row = await this.models.AlertPolicy.findOne({ where: { accountId, extensionId } });
    return row ? toPolicy(row) : defaultAlertPolicy(accountId, extensionId);
  }

  /** Every stored policy of an account, by admin; admins without a row use the defaults. */
  async byAdmin(accountId: string): Promise<Map<string, AlertPolicy>> {
    const rows = await this.models.AlertPolicy.findAll({ where: { accountId } });
    return new Map(rows.map((r) => [r.extensionId, toPolicy(r)]));
  }

  async update(accountId: string, extensionId: string, actorId: string, patch: AlertPolicyPatch, now: Date): Promise<{ policy: AlertPolicy; changes: AlertPolicyChange[] }> {
    return this.models.AlertPolicy.sequelize!.transaction({ type: Transaction.TYPES.IMMEDIATE }, async (transaction) => {
      const row = await this.models.AlertPolicy.findOne({ where: { accountId, extensionId }, transaction });
      const current = row ? toPolicy(row) : defaultAlertPolicy(accountId, extensionId);
      const next: AlertPolicy = { ...current, ...patch };
      const changes = FIELDS.filter((f) => f in patch && JSON.stringify(current[f]) !== JSON.stringify(next[f])).map((f) => ({
        field: POLICY_FIELD_LABELS[f],
        oldValue: describePolicyValue(f, current[f]),
        newValue: describePolicyValue(f, next[f]),
      }));
      if (changes.length === 0) return { policy: current, changes };
      next.version = current.version + 1;
      const values = {
        version: next.version,
        severityOverrides: JSON.stringify(next.severityOverrides),
        smsMin: next.smsMin,
        chatsMin: next.chatsMin,
        triageWho: next.triageWho,
        escalateLevel: next.escalateLevel,
        escalateAfterMinutes: next.escalateAfterMinutes,
        confirmActors: next.confirmActors,
      };
      if (row) await this.models.AlertPolicy.update(values, { where: { accountId, extensionId }, transaction });
      else await this.models.AlertPolicy.create({ accountId, extensionId, ...values }, { transaction });
      await this.models.SettingsChange.bulkCreate(
        changes.map((c) => ({ accountId, extensionId, actorId, field: c.field, oldValue: c.oldValue, newValue: c.newValue, changedAt: now })),
        { transaction },
      );
      return { policy: next, changes };
    });
  }

  async delete(accountId: string, extensionId: string): Promise<void> {
    await this.models.AlertPolicy.destroy({ where: { accountId, extensionId } });
  }

  /** Purge after uninstall: every policy of the account. */
  async deleteAccount(accountId: string): Promise<void> {
    await this.models.AlertPolicy.destroy({ where: { accountId } });
  }
}

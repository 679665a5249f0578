import type { BotDeps } from '../bot/bot-deps';
import type { SeverityOverrides } from '../policy/grade-alert';

/** Each admin's severity overrides in an account (`severity <event key> <level>`, issue 9's alert policies). */
export async function severityOverridesByAdmin(deps: Pick<BotDeps, 'db'>, accountId: string): Promise<Map<string, SeverityOverrides>> {
  const policies = await deps.db.alertPolicies.byAdmin(accountId);
  return new Map([...policies].map(([admin, policy]) => [admin, policy.severityOverrides]));
}

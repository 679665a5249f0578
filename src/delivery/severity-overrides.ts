import type { BotDeps } from '../bot/bot-deps';
import type { SeverityOverrides } from '../policy/alert-severity';

/** Each admin's severity overrides in an account (none until issue 9's alert policies are on main). */
export async function severityOverridesByAdmin(_deps: Pick<BotDeps, 'db'>, _accountId: string): Promise<Map<string, SeverityOverrides>> {
  return new Map();
}

import type { BotDeps } from './bot-deps';
import type { Installation } from '../db/installations-repository';
import type { AdminAuthorization } from '../db/admin-authorizations-repository';
import type { AdminScope } from '../admin/settings-service';

/** What a non-admin is told when they try to configure the bot. */
export const ONLY_ADMINS =
  'Only an authorized admin can configure Audit Trail Bot. If you are a Super Admin or Billing Admin, type login (in a direct chat with me) to authorize.';

export const NEEDS_REAUTH = 'Your authorization of Audit Trail Bot has expired or was revoked. Type login to authorize again.';

export type AdminCheck = { ok: true; admin: AdminAuthorization; scope: AdminScope } | { ok: false; message: string };

/** The person `userId` as an active admin of this installation's account, or why not. */
export async function requireAdmin(deps: BotDeps, installation: Installation, userId: string): Promise<AdminCheck> {
  const admin = await deps.db.admins.find(installation.accountId, userId);
  if (!admin || admin.status === 'revoked') return { ok: false, message: ONLY_ADMINS };
  if (admin.status !== 'active') return { ok: false, message: NEEDS_REAUTH };
  return {
    ok: true,
    admin,
    scope: { deps, accountId: installation.accountId, extensionId: admin.extensionId, botId: installation.botId, country: admin.country },
  };
}

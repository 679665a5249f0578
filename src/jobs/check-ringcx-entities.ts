import type { BotDeps } from '../bot/bot-deps';
import { adminAccessToken, NeedsReauthorization } from '../admin/admin-tokens';
import { announceNewActions } from '../delivery/announce-new-actions';

/**
 * Once a day, for each account with RingCX on: reads RingCX's auditable entity types
 * (GET /voice/api/v1/admin/auditLogs/auditable, RINGCENTRAL.md §10) and tells the admins once about a
 * type RingCX did not list before — the lists stored when the admins typed ringcx on are the starting
 * point — so a new kind of contact-center change is never silently missed. An account that fails is
 * logged and tried again the next day. Returns the new types per account.
 */
export async function checkRingcxEntities(deps: BotDeps): Promise<{ accountId: string; newEntityTypes: string[] }[]> {
  const results: { accountId: string; newEntityTypes: string[] }[] = [];
  for (const accountId of await deps.db.ringcx.accountsEnabled()) {
    try {
      const admins = new Set((await deps.db.admins.listByAccount(accountId)).filter((a) => a.status === 'active').map((a) => a.extensionId));
      const enabled = (await deps.db.ringcx.enabledInAccount(accountId)).filter((r) => admins.has(r.extensionId));
      if (enabled.length === 0) continue;
      const token = await deps.ringcx.tokens.token(accountId, async () => {
        for (const r of enabled) {
          try {
            return { extensionId: r.extensionId, rcAccessToken: await adminAccessToken(deps, accountId, r.extensionId) };
          } catch (error) {
            if (!(error instanceof NeedsReauthorization)) throw error;
          }
        }
        throw new NeedsReauthorization(accountId, enabled[0]!.extensionId);
      });
      await deps.ringcx.limiter.take(`ringcx:${accountId}`);
      const entities = await deps.ringcx.client.auditable(token);
      const now = deps.now();
      const fresh = await deps.db.sequelize.transaction(async (transaction) => {
        if (!(await deps.db.noise.anySeen(accountId, 'ringcx-entity', transaction))) {
          await deps.db.noise.markSeen(accountId, 'ringcx-entity', enabled.flatMap((r) => r.entities.map((e) => e.name)), now, transaction);
        }
        return deps.db.noise.markSeen(accountId, 'ringcx-entity', entities.map((e) => e.name), now, transaction);
      });
      await announceNewActions(deps, accountId, 'ringcx', [...fresh].sort());
      results.push({ accountId, newEntityTypes: fresh });
    } catch (error) {
      deps.logger.warn({ err: error, accountId }, 'RingCX auditable entity types not checked; tried again tomorrow');
    }
  }
  return results;
}

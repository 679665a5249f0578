import type { BotDeps } from '../bot/bot-deps';
import type { AuditSource } from '../db/audit-events-repository';
import { startHeartbeat } from './heartbeat';

/**
 * Takes the account's poll lease for `owner` (this instance) and keeps renewing it while the poll goes
 * on, so the lease can be short (LEASE_SECONDS): a poller killed mid-poll loses the account that long
 * after, never while it is alive. Returns the release function, or undefined when another poller holds it.
 */
export async function holdPollLease(
  deps: Pick<BotDeps, 'db' | 'now' | 'config' | 'logger'>,
  accountId: string,
  source: AuditSource,
  owner: string,
): Promise<(() => Promise<void>) | undefined> {
  const leaseMs = deps.config.leaseMs;
  if (!(await deps.db.auditEvents.acquireLease(accountId, source, owner, deps.now(), leaseMs))) return undefined;
  const log = deps.logger.child({ accountId, source, owner });
  log.debug('poll lease taken');
  const stop = startHeartbeat(
    Math.max(250, Math.floor(leaseMs / 3)),
    async () => {
      if (!(await deps.db.auditEvents.acquireLease(accountId, source, owner, deps.now(), leaseMs))) log.warn('poll lease lost to another poller');
    },
    (error) => log.warn({ err: error }, 'poll lease not renewed; retrying at the next beat'),
  );
  return async () => {
    stop();
    // logged before the release, so a log line of the next holder never comes before it
    log.debug('poll lease released');
    await deps.db.auditEvents.releaseLease(accountId, source, owner);
  };
}

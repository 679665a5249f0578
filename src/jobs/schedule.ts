import schedule from 'node-schedule';
import type { BotDeps } from '../bot/bot-deps';
import { maintainSubscriptions } from './maintain-subscriptions';
import { pollOnce } from './poll-audit-trail';
import { deliverDue } from './deliver-due';
import { pollRingcxOnce } from './poll-ringcx';
import { purgeArchive } from '../archive/purge-archive';
import { runNoisePolicy } from './run-noise-policy';
import { checkRingcxEntities } from './check-ringcx-entities';

/** Daily, at a quiet hour (server time). */
export const MAINTENANCE_CRON = '17 3 * * *';
/** Daily, after the maintenance: archived records older than ARCHIVE_RETENTION_DAYS are purged. */
export const ARCHIVE_PURGE_CRON = '47 3 * * *';
/** RingCX windows are checked every minute; the poller itself decides which windows are due. */
export const RINGCX_POLL_CRON = '*/1 * * * *';
/** Retries and anything left over are sent every 30 seconds. */
export const DELIVERY_CRON = '*/30 * * * * *';
/** The SMS reply listener re-reads admins and tokens every 5 minutes (renewed admin tokens, changes made elsewhere). */
export const SMS_LISTENER_REFRESH_CRON = '*/5 * * * *';

/** Expired actor exclusions are removed every minute (src/jobs/run-noise-policy.ts). */
export const NOISE_POLICY_CRON = '*/1 * * * *';

/** Daily: RingCX's auditable entity types are read again, so a new type is told to the admins. */
export const RINGCX_ENTITIES_CRON = '23 4 * * *';

/** Runs `work` unless the previous run of the same job is still going. */
function exclusive(deps: BotDeps, name: string, work: () => Promise<unknown>): () => void {
  let running = false;
  return () => {
    if (running) return;
    running = true;
    work()
      .catch((error: unknown) => deps.logger.error({ err: error, job: name }, 'scheduled job failed'))
      .finally(() => {
        running = false;
      });
  };
}

/** Starts the recurring jobs; the returned function stops them. The jobs themselves know nothing of time. */
export function startSchedules(deps: BotDeps): () => Promise<void> {
  const jobs = [
    schedule.scheduleJob('subscription maintenance', MAINTENANCE_CRON, exclusive(deps, 'maintenance', () => maintainSubscriptions(deps))),
    schedule.scheduleJob('archive purge', ARCHIVE_PURGE_CRON, exclusive(deps, 'archive-purge', () => purgeArchive(deps))),
    schedule.scheduleJob(
      'audit poll',
      deps.config.pollCron,
      exclusive(deps, 'poll', async () => {
        await pollOnce(deps);
        await deliverDue(deps);
      }),
    ),
    schedule.scheduleJob(
      'ringcx poll',
      RINGCX_POLL_CRON,
      exclusive(deps, 'ringcx-poll', async () => {
        const polled = await pollRingcxOnce(deps);
        if (polled.deliveries > 0) await deliverDue(deps);
      }),
    ),
    schedule.scheduleJob('ringcx entity types', RINGCX_ENTITIES_CRON, exclusive(deps, 'ringcx-entities', () => checkRingcxEntities(deps))),
    schedule.scheduleJob('noise policy', NOISE_POLICY_CRON, exclusive(deps, 'noise-policy', () => runNoisePolicy(deps))),
    schedule.scheduleJob('delivery', DELIVERY_CRON, exclusive(deps, 'delivery', () => deliverDue(deps))),
    ...(deps.smsListener
      ? [schedule.scheduleJob('sms listener refresh', SMS_LISTENER_REFRESH_CRON, exclusive(deps, 'sms-listener', async () => deps.smsListener?.refresh()))]
      : []),
  ];
  return async () => {
    for (const job of jobs) job?.cancel();
  };
}

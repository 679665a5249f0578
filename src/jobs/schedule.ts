import schedule from 'node-schedule';
import type { BotDeps } from '../bot/bot-deps';
import { maintainSubscriptions, retryFailedSubscriptions } from './maintain-subscriptions';
import { pollOnce } from './poll-audit-trail';
import { deliverDue } from './deliver-due';
import { pollRingcxOnce } from './poll-ringcx';
import { purgeArchive } from '../archive/purge-archive';
import { runNoisePolicy } from './run-noise-policy';
import { checkRingcxEntities } from './check-ringcx-entities';
import { followSms } from './follow-sms';
import { syncAllSmsConsents } from '../delivery/sync-sms-consents';
import { processInstanceId } from './instance-id';
import { watchHealth } from './watch-health';
import { escalateAlerts } from './escalate-alerts';

/** Daily, at a quiet hour (server time). */
export const MAINTENANCE_CRON = '17 3 * * *';
/** Installs whose chat subscription could not be created are retried every 2 minutes, not at the next daily run. */
export const SUBSCRIPTION_RETRY_CRON = '*/2 * * * *';
/** Daily, after the maintenance: archived records older than ARCHIVE_RETENTION_DAYS are purged. */
export const ARCHIVE_PURGE_CRON = '47 3 * * *';
/** RingCX windows are checked every minute; the poller itself decides which windows are due. */
export const RINGCX_POLL_CRON = '*/1 * * * *';
/** Due rows (new alerts, retries, rows of a dead instance whose leases ran out) are looked for every 5 seconds. */
export const DELIVERY_CRON = '*/5 * * * * *';
/** Unacknowledged alerts are checked for escalation every minute. */
export const ESCALATION_CRON = '*/1 * * * *';
/** Accepted SMS: their message records are read every 10 seconds (each row backs off on its own). */
export const SMS_FOLLOW_CRON = '*/10 * * * * *';
/** Daily: RingCentral's SMS consent list is read for every admin who sends SMS. */
export const SMS_CONSENT_SYNC_CRON = '27 3 * * *';
/** The SMS reply listener re-reads admins and tokens every 5 minutes (renewed admin tokens, changes made elsewhere). */
export const SMS_LISTENER_REFRESH_CRON = '*/5 * * * *';
/** Expired actor exclusions are removed and Monday summaries queued every minute (src/jobs/run-noise-policy.ts). */
export const NOISE_POLICY_CRON = '*/1 * * * *';
/** Daily: RingCX's auditable entity types are read again, so a new type is told to the admins. */
export const RINGCX_ENTITIES_CRON = '23 4 * * *';
/**
 * Delivery runs of one process going at once. A run whose lanes all wait on hung sends does not stop
 * the next tick from starting another, so a slow RingCentral delays only the sends it is slow with.
 */
export const DELIVERY_RUNS = 2;
/** The health watchdog looks at every account every 5 minutes. */
export const HEALTH_CRON = '*/5 * * * *';

/** When to run what: node-schedule in production, a hand-driven one in tests. */
export interface Scheduler {
  every(name: string, spec: string, run: () => Promise<void>): { cancel(): void };
}

const nodeSchedule: Scheduler = {
  every(name, spec, run) {
    const job = schedule.scheduleJob(name, spec, () => void run());
    return { cancel: () => job?.cancel() };
  },
};

/** Runs `work` at most `limit` at a time (a tick while `limit` runs are going is skipped); `running` tracks them. */
function limited(deps: BotDeps, name: string, limit: number, running: Set<Promise<void>>, work: () => Promise<unknown>): () => Promise<void> {
  let active = 0;
  return async () => {
    if (active >= limit) return;
    active += 1;
    const run = work()
      .then(() => undefined)
      .catch((error: unknown) => deps.logger.error({ err: error, job: name }, 'scheduled job failed'))
      .finally(() => {
        active -= 1;
        running.delete(run);
      });
    running.add(run);
    await run;
  };
}

/**
 * Starts the recurring jobs; the returned function stops them and waits for the runs in progress.
 * Polling and delivery are separate jobs that never wait for each other: a poll that queued alerts
 * starts a delivery run without waiting for it, and a delivery run stuck on RingCentral holds up no poll.
 */
export function startSchedules(deps: BotDeps, options: { scheduler?: Scheduler; instanceId?: string } = {}): () => Promise<void> {
  const scheduler = options.scheduler ?? nodeSchedule;
  const owner = options.instanceId ?? processInstanceId();
  const running = new Set<Promise<void>>();
  const job = (name: string, work: () => Promise<unknown>, limit = 1) => limited(deps, name, limit, running, work);
  const deliver = job('delivery', () => deliverDue(deps, { owner }), DELIVERY_RUNS);
  const kickDelivery = () => void deliver();
  const jobs = [
    scheduler.every('subscription maintenance', MAINTENANCE_CRON, job('maintenance', () => maintainSubscriptions(deps))),
    scheduler.every('subscription retry', SUBSCRIPTION_RETRY_CRON, job('subscription-retry', () => retryFailedSubscriptions(deps))),
    scheduler.every('archive purge', ARCHIVE_PURGE_CRON, job('archive-purge', () => purgeArchive(deps))),
    scheduler.every(
      'audit poll',
      deps.config.pollCron,
      job('poll', async () => {
        const polled = await pollOnce(deps, { leaseOwner: owner });
        if (polled.deliveries > 0) kickDelivery();
      }),
    ),
    scheduler.every(
      'ringcx poll',
      RINGCX_POLL_CRON,
      job('ringcx-poll', async () => {
        const polled = await pollRingcxOnce(deps, { leaseOwner: owner });
        if (polled.deliveries > 0) kickDelivery();
      }),
    ),
    scheduler.every(
      'noise policy',
      NOISE_POLICY_CRON,
      job('noise-policy', async () => {
        const done = await runNoisePolicy(deps);
        if (done.weeklySummaries > 0) kickDelivery();
      }),
    ),
    scheduler.every('ringcx entity types', RINGCX_ENTITIES_CRON, job('ringcx-entities', () => checkRingcxEntities(deps))),
    scheduler.every('delivery', DELIVERY_CRON, deliver),
    scheduler.every(
      'escalation',
      ESCALATION_CRON,
      job('escalation', async () => {
        if ((await escalateAlerts(deps)).rows > 0) kickDelivery();
      }),
    ),
    scheduler.every('sms follow', SMS_FOLLOW_CRON, job('sms-follow', () => followSms(deps))),
    scheduler.every('sms consent sync', SMS_CONSENT_SYNC_CRON, job('sms-consents', () => syncAllSmsConsents(deps))),
    scheduler.every('health watchdog', HEALTH_CRON, job('watch-health', () => watchHealth(deps))),
    ...(deps.smsListener ? [scheduler.every('sms listener refresh', SMS_LISTENER_REFRESH_CRON, job('sms-listener', async () => deps.smsListener?.refresh()))] : []),
  ];
  deps.schedules.running = true;
  return async () => {
    for (const scheduled of jobs) scheduled.cancel();
    deps.schedules.running = false;
    await Promise.all([...running]);
  };
}

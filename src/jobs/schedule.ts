import schedule from 'node-schedule';
import type { BotDeps } from '../bot/bot-deps';
import { maintainSubscriptions } from './maintain-subscriptions';

/** Daily, at a quiet hour (server time). */
export const MAINTENANCE_CRON = '17 3 * * *';

/** Starts the recurring jobs; the returned function stops them. The jobs themselves know nothing of time. */
export function startSchedules(deps: BotDeps): () => Promise<void> {
  const jobs = [
    schedule.scheduleJob('subscription maintenance', MAINTENANCE_CRON, () => {
      void maintainSubscriptions(deps).catch((error: unknown) => deps.logger.error({ err: error }, 'maintenance failed'));
    }),
  ];
  return async () => {
    for (const job of jobs) job?.cancel();
  };
}

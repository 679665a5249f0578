import type { BotDeps } from '../bot/bot-deps';
import { EXCLUSIONS_FIELD, untilText } from '../admin/noise-settings-service';

export interface NoisePolicySummary {
  /** Actor exclusions that had expired and were removed. */
  exclusionsExpired: number;
}

/**
 * The noise policy's timed work, run every minute: removes the actor exclusions whose time is up,
 * each with a change-log line ("system" removed it). The policy already ignores an expired exclusion;
 * this keeps `status` and the change log truthful.
 */
export async function runNoisePolicy(deps: Pick<BotDeps, 'db' | 'now' | 'logger'>): Promise<NoisePolicySummary> {
  const now = deps.now();
  const removed = await deps.db.noise.removeExpired(now, (e) => ({
    field: EXCLUSIONS_FIELD,
    oldValue: `${e.source === 'ringcx' ? 'RingCX ' : ''}${e.actor} ${untilText(e.expiresAt, 'UTC')} UTC`,
    newValue: '(expired)',
  }));
  if (removed.length > 0) deps.logger.info({ exclusionsExpired: removed.length }, 'expired actor exclusions removed');
  return { exclusionsExpired: removed.length };
}

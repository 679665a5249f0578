import { Transaction } from 'sequelize';
import type { BotDeps } from '../bot/bot-deps';

/** Records deleted per transaction: the write lock is held briefly, never for one giant DELETE. */
export const PURGE_BATCH = 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface PurgeSummary {
  /** Records with an event_time before this were due. */
  cutoff: Date;
  events: number;
  deliveries: number;
  batches: number;
}

/**
 * The daily retention purge of the raw record archive (ARCHIVE_RETENTION_DAYS, by event_time).
 *
 * The rule for deliveries: a record and its sent or dead outbox rows go together, in one
 * transaction, so no delivery ever points at a missing record. A record that still has a pending or
 * sending delivery is kept, with all its rows, until that delivery is settled (the worker gives up
 * after 24 hours), and is purged by a later run: an alert is never lost to the purge.
 */
export async function purgeArchive(
  deps: Pick<BotDeps, 'db' | 'config' | 'now' | 'logger'>,
  options: { batchSize?: number } = {},
): Promise<PurgeSummary> {
  const batchSize = options.batchSize ?? PURGE_BATCH;
  const cutoff = new Date(deps.now().getTime() - deps.config.archiveRetentionDays * DAY_MS);
  const summary: PurgeSummary = { cutoff, events: 0, deliveries: 0, batches: 0 };
  for (;;) {
    const expired = await deps.db.auditEvents.expiredRecords(cutoff, batchSize);
    if (expired.length === 0) break;
    const removed = await deps.db.sequelize.transaction({ type: Transaction.TYPES.IMMEDIATE }, async (transaction) => {
      const deliveries = await deps.db.deliveries.deleteSettledFor(expired, transaction);
      const events = await deps.db.auditEvents.deleteRecords(expired, transaction);
      // The triage of each record that went goes with it.
      if (events > 0) await deps.db.triage.deleteFor(expired, transaction);
      return { deliveries, events };
    });
    summary.batches += 1;
    summary.events += removed.events;
    summary.deliveries += removed.deliveries;
    // Nothing deleted means every candidate gained an unsettled delivery meanwhile: leave them to the next run.
    if (expired.length < batchSize || removed.events === 0) break;
  }
  deps.logger.info({ ...summary, job: 'archive-purge', retentionDays: deps.config.archiveRetentionDays }, 'archive purge finished');
  return summary;
}

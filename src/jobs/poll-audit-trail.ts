import { Transaction } from 'sequelize';
import type { BotDeps } from '../bot/bot-deps';
import { adminAccessToken, NeedsReauthorization } from '../admin/admin-tokens';
import { parseAuditRecord } from '../catalog/audit-record';
import { catalogKeyFor } from '../catalog/describe-audit-record';
import type { NewAuditEvent } from '../db/audit-events-repository';
import { isWatching, planDeliveries, type Watcher } from '../delivery/plan-deliveries';
import { defaultAlertPolicy } from '../db/alert-policies-repository';
import { RingCentralError } from '../ringcentral/rest-client';
import { applyNoisePolicy, loadNoiseContext } from '../delivery/apply-noise-policy';
import { planWatchedActions } from '../delivery/plan-watched-actions';
import { announceNewActions, uncataloguedActions } from '../delivery/announce-new-actions';
import { alertingEvents } from '../metrics/alerting-events';
import { holdPollLease } from './hold-poll-lease';
import { processInstanceId } from './instance-id';

export const AUDIT_PAGE_SIZE = 1000;
/** Accounts polled at the same time. */
export const POLL_CONCURRENCY = 4;
/** Tries of one page when RingCentral says 429 (its Retry-After is honoured between them). */
const PAGE_TRIES = 3;

export interface AccountPollResult {
  accountId: string;
  status: 'ok' | 'skipped' | 'failed' | 'busy';
  reason?: string;
  requests: number;
  /** Audit records read from RingCentral (the whole window, every action: all are archived). */
  records: number;
  /** Of those, the records of an event some watching admin chose (matched here, by the event catalog). */
  matched: number;
  newEvents: number;
  deliveries: number;
}

export interface PollSummary {
  accounts: number;
  polled: number;
  skipped: number;
  failed: number;
  requests: number;
  records: number;
  matched: number;
  newEvents: number;
  deliveries: number;
  results: AccountPollResult[];
}

/** Runs `work` over `items`, at most `limit` at a time. */
async function inBatches<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  });
  await Promise.all(lanes);
  return results;
}

/**
 * One poll of the RingEX audit trail for every installed account: one search per account (paged),
 * of the whole window (every action), from the stored cursor minus the overlap to now. Every record
 * is archived; the events the watching admins chose are matched here, by the event catalog. Each
 * page's new records and their outbox rows are stored in one transaction; the cursor moves only
 * after the whole window is stored, so a crash anywhere loses nothing.
 */
export async function pollOnce(deps: BotDeps, options: { leaseOwner?: string } = {}): Promise<PollSummary> {
  const owner = options.leaseOwner ?? processInstanceId();
  const installations = await deps.db.installations.listInstalled();
  const results = await inBatches(installations, POLL_CONCURRENCY, (i) => pollAccount(deps, i.accountId, owner));
  const summary: PollSummary = { accounts: results.length, polled: 0, skipped: 0, failed: 0, requests: 0, records: 0, matched: 0, newEvents: 0, deliveries: 0, results };
  for (const r of results) {
    if (r.status === 'ok') summary.polled += 1;
    else if (r.status === 'failed') summary.failed += 1;
    else summary.skipped += 1;
    summary.requests += r.requests;
    summary.records += r.records;
    summary.matched += r.matched;
    summary.newEvents += r.newEvents;
    summary.deliveries += r.deliveries;
  }
  deps.metrics.recordPolls('ringex', results);
  deps.logger.info({ ...summary, results: undefined }, 'poll finished');
  return summary;
}

async function watchersOf(deps: BotDeps, accountId: string): Promise<Watcher[]> {
  const admins = new Map((await deps.db.admins.listByAccount(accountId)).filter((a) => a.status === 'active').map((a) => [a.extensionId, a]));
  const policies = await deps.db.alertPolicies.byAdmin(accountId);
  return (await deps.db.settings.listByAccount(accountId))
    .filter((s) => admins.has(s.extensionId) && isWatching(s))
    .map((settings) => ({ settings, policy: policies.get(settings.extensionId) ?? defaultAlertPolicy(accountId, settings.extensionId) }));
}

/** Polls one account; never throws (the outcome is in the result and on the cursor row). */
export async function pollAccount(deps: BotDeps, accountId: string, owner: string): Promise<AccountPollResult> {
  const result: AccountPollResult = { accountId, status: 'ok', requests: 0, records: 0, matched: 0, newEvents: 0, deliveries: 0 };
  const log = deps.logger.child({ accountId, job: 'poll' });
  const watchers = await watchersOf(deps, accountId);
  if (watchers.length === 0) return { ...result, status: 'skipped', reason: 'no admin is watching' };
  const now = deps.now();
  const release = await holdPollLease(deps, accountId, 'ringex', owner);
  if (!release) return { ...result, status: 'busy', reason: 'another poller holds this account' };
  try {
    // The audit trail is account-wide: any watching admin's token will do; a dead one is skipped.
    let token: string | undefined;
    let tokenOwner: string | undefined;
    for (const { settings } of watchers) {
      try {
        token = await adminAccessToken(deps, accountId, settings.extensionId);
        tokenOwner = settings.extensionId;
        break;
      } catch (error) {
        if (!(error instanceof NeedsReauthorization)) throw error;
      }
    }
    if (!token || !tokenOwner) {
      await deps.db.auditEvents.recordPoll(accountId, 'ringex', { now, status: 'no-token', error: 'No watching admin has a usable authorization; they were asked to log in again.' });
      log.warn('skipped: no usable admin token');
      return { ...result, status: 'skipped', reason: 'no usable admin token' };
    }

    const cursor = (await deps.db.auditEvents.cursor(accountId, 'ringex'))?.cursorAt;
    const start = cursor ?? new Date(Math.min(...watchers.map((w) => w.settings.notificationsSince!.getTime())));
    const from = new Date(start.getTime() - deps.config.pollOverlapMs);
    const to = now;
    const optedOut = await deps.db.optOuts.pairKeys(accountId);
    const watched = new Set<string>(watchers.flatMap((w) => w.settings.eventKeys));
    const watchedActions = await deps.db.noise.watchedActionsByAdmin(accountId);
    // read before any page's transaction: inside it the database is only written (see loadNoiseContext)
    const noise = await loadNoiseContext(deps, accountId, watchers.map((w) => w.settings.extensionId));
    const newActions: string[] = [];

    for (let page = 1; ; page += 1) {
      // No actionIds filter: suffixed ids such as CHANGE_USER_INFO:USER are not confirmed to filter server-side
      // (RINGCENTRAL.md §8), and the archive keeps the account's whole audit trail.
      const response = await searchPage(deps, token, tokenOwner, { from, to, page, perPage: AUDIT_PAGE_SIZE }, result);
      result.records += response.records.length;
      const events = toEvents(response.records, log);
      result.matched += events.filter((e) => e.eventKey !== null && watched.has(e.eventKey)).length;
      const stored = await deps.db.sequelize.transaction({ type: Transaction.TYPES.IMMEDIATE }, async (transaction) => {
        const fresh = await deps.db.auditEvents.insertNew(accountId, 'ringex', events, deps.now(), transaction);
        const planned = [...planDeliveries(accountId, 'ringex', fresh, watchers, optedOut), ...planWatchedActions(accountId, fresh, watchers, watchedActions, optedOut)];
        const rows = await applyNoisePolicy(deps, { accountId, source: 'ringex', events: fresh, rows: planned, watchedActions, context: noise }, transaction);
        newActions.push(...(await deps.db.noise.markSeen(accountId, 'ringex', events.map((e) => e.actionId), deps.now(), transaction)));
        await deps.db.deliveries.insertMany(rows, deps.now(), transaction, { newEventIds: new Set(fresh.map((e) => e.recordId)) });
        return { fresh: fresh.length, rows: rows.length, alerts: alertingEvents(fresh, rows) };
      });
      deps.metrics.recordAlerts('ringex', stored.alerts);
      result.newEvents += stored.fresh;
      result.deliveries += stored.rows;
      const lastPage = response.totalPages !== undefined ? page >= response.totalPages : response.records.length < AUDIT_PAGE_SIZE;
      if (lastPage || response.records.length === 0) break;
    }
    await deps.db.auditEvents.recordPoll(accountId, 'ringex', { now: deps.now(), status: 'ok', cursorAt: to });
    await announceNewActions(deps, accountId, 'ringex', uncataloguedActions(newActions));
    log.info({ requests: result.requests, records: result.records, matched: result.matched, newEvents: result.newEvents, deliveries: result.deliveries }, 'account polled');
    return result;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    log.error({ err: error }, 'account poll failed; the cursor stays, the next run retries the window');
    await deps.db.auditEvents.recordPoll(accountId, 'ringex', { now: deps.now(), status: 'failed', error: message });
    return { ...result, status: 'failed', reason: message };
  } finally {
    await release();
  }
}

async function searchPage(
  deps: BotDeps,
  token: string,
  tokenOwner: string,
  query: { from: Date; to: Date; page: number; perPage: number },
  result: AccountPollResult,
) {
  for (let attempt = 1; ; attempt += 1) {
    await deps.heavyLimiter.take(`audit:${tokenOwner}`);
    result.requests += 1;
    try {
      return await deps.api.searchAuditTrail(token, query);
    } catch (error) {
      if (error instanceof RingCentralError && error.status === 429 && attempt < PAGE_TRIES) {
        await deps.sleep((error.retryAfterSeconds ?? 60) * 1000);
        continue;
      }
      throw error;
    }
  }
}

function toEvents(records: unknown[], log: BotDeps['logger']): NewAuditEvent[] {
  const events: NewAuditEvent[] = [];
  for (const raw of records) {
    const parsed = parseAuditRecord(raw);
    if (!parsed.ok) {
      log.warn({ error: parsed.error }, 'audit record without id or actionId skipped');
      continue;
    }
    const record = parsed.record;
    const time = new Date(record.eventTime ?? '');
    events.push({
      recordId: record.id,
      actionId: record.actionId,
      eventKey: catalogKeyFor(record) ?? null,
      eventTime: Number.isNaN(time.getTime()) ? new Date() : time,
      raw: JSON.stringify(raw),
    });
  }
  return events;
}

import crypto from 'node:crypto';
import { Transaction } from 'sequelize';
import type { BotDeps } from '../bot/bot-deps';
import { adminAccessToken, NeedsReauthorization } from '../admin/admin-tokens';
import { parseRingcxRecord } from '../catalog/ringcx-record';
import { actionOf, entityTypeOf, ringcxEventTime } from '../catalog/describe-ringcx-record';
import type { NewAuditEvent } from '../db/audit-events-repository';
import { RingCentralError } from '../ringcentral/rest-client';
import { dueWindows, formatWithOffset, windowStartOf, type AuditWindow } from '../ringcx/audit-windows';
import { isExpiredToken } from '../ringcx/ringcx-client';
import { defaultAlertPolicy } from '../db/alert-policies-repository';
import { isWatchingRingcx, planRingcxDeliveries, watchesSubAccount, type RingcxMatch, type RingcxWatcher } from '../ringcx/plan-ringcx-deliveries';
import type { RingcentralTokenSource } from '../ringcx/ringcx-token-manager';
import { applyNoisePolicy, loadNoiseContext } from '../delivery/apply-noise-policy';
import { holdPollLease } from './hold-poll-lease';
import { processInstanceId } from './instance-id';
import { alertingEvents } from '../metrics/alerting-events';

/** Windows caught up per sub-account and run; the rest wait for the next run (a day of 15-minute windows). */
export const MAX_WINDOWS_PER_RUN = 96;
/** Tries of one search when RingCX says 429, with exponential backoff between them. */
const SEARCH_TRIES = 6;
const BACKOFF_BASE_MS = 15_000;
const BACKOFF_MAX_MS = 5 * 60_000;
/** `event_key` of every stored RingCX record: the archive/export tells the sources apart by it and by `source`. */
export const RINGCX_EVENT_KEY = 'ringcx';

export interface RingcxAccountResult {
  accountId: string;
  status: 'ok' | 'skipped' | 'failed' | 'busy';
  reason?: string;
  requests: number;
  windows: number;
  records: number;
  newEvents: number;
  deliveries: number;
  malformed: number;
}

export interface RingcxPollSummary {
  accounts: number;
  polled: number;
  skipped: number;
  failed: number;
  requests: number;
  windows: number;
  records: number;
  newEvents: number;
  deliveries: number;
  malformed: number;
  results: RingcxAccountResult[];
}

/** Exponential backoff for a RingCX 429: 15 s, 30 s, 60 s … at most 5 minutes, never less than its Retry-After. */
export function ringcxBackoffMs(attempt: number, retryAfterSeconds: number | undefined): number {
  return Math.max(Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempt - 1)), (retryAfterSeconds ?? 0) * 1000);
}

/**
 * One RingCX poll for every account where an admin has RingCX on: for each watched sub-account, every
 * closed window that is due (see `dueWindows`), oldest first. Each window's new records, their outbox
 * rows and the moved cursor are stored in one transaction, so windows stay contiguous and a crash
 * loses or repeats nothing. Runs every minute; it decides itself which windows are due.
 */
export async function pollRingcxOnce(deps: BotDeps, options: { leaseOwner?: string } = {}): Promise<RingcxPollSummary> {
  const owner = options.leaseOwner ?? processInstanceId();
  const accounts = await deps.db.ringcx.accountsEnabled();
  const results: RingcxAccountResult[] = [];
  for (const accountId of accounts) results.push(await pollRingcxAccount(deps, accountId, owner));
  const summary: RingcxPollSummary = { accounts: results.length, polled: 0, skipped: 0, failed: 0, requests: 0, windows: 0, records: 0, newEvents: 0, deliveries: 0, malformed: 0, results };
  for (const r of results) {
    if (r.status === 'ok') summary.polled += 1;
    else if (r.status === 'failed') summary.failed += 1;
    else summary.skipped += 1;
    summary.requests += r.requests;
    summary.windows += r.windows;
    summary.records += r.records;
    summary.newEvents += r.newEvents;
    summary.deliveries += r.deliveries;
    summary.malformed += r.malformed;
  }
  deps.metrics.recordPolls('ringcx', results);
  if (summary.requests > 0 || summary.failed > 0) deps.logger.info({ ...summary, results: undefined }, 'RingCX poll finished');
  return summary;
}

async function watchersOf(deps: BotDeps, accountId: string): Promise<RingcxWatcher[]> {
  const admins = new Map((await deps.db.admins.listByAccount(accountId)).filter((a) => a.status === 'active').map((a) => [a.extensionId, a]));
  const watchers: RingcxWatcher[] = [];
  const policies = await deps.db.alertPolicies.byAdmin(accountId);
  for (const ringcx of await deps.db.ringcx.enabledInAccount(accountId)) {
    if (!admins.has(ringcx.extensionId)) continue;
    const settings = await deps.db.settings.find(accountId, ringcx.extensionId);
    if (isWatchingRingcx(settings, ringcx)) watchers.push({ settings, ringcx, policy: policies.get(ringcx.extensionId) ?? defaultAlertPolicy(accountId, ringcx.extensionId) });
  }
  return watchers;
}

/** Polls one account's RingCX sub-accounts; never throws (the outcome is in the result and on the cursor rows). */
export async function pollRingcxAccount(deps: BotDeps, accountId: string, owner: string): Promise<RingcxAccountResult> {
  const result: RingcxAccountResult = { accountId, status: 'ok', requests: 0, windows: 0, records: 0, newEvents: 0, deliveries: 0, malformed: 0 };
  const log = deps.logger.child({ accountId, job: 'poll-ringcx' });
  const watchers = await watchersOf(deps, accountId);
  if (watchers.length === 0) return { ...result, status: 'skipped', reason: 'no admin with RingCX on has a destination' };

  const now = deps.now();
  const subAccounts = [...new Set(watchers.flatMap((w) => w.ringcx.watchedSubAccounts ?? w.ringcx.subAccounts.map((s) => s.accountId)))].sort();
  const due = await Promise.all(
    subAccounts.map(async (subAccountId) => {
      const cursor = await deps.db.ringcx.cursor(accountId, subAccountId);
      const since = Math.min(...watchers.filter((w) => watchesSubAccount(w.ringcx, subAccountId)).map((w) => (w.ringcx.enabledSince ?? now).getTime()));
      const start = cursor?.windowEnd ?? windowStartOf(new Date(since), deps.config.ringcxWindowMs);
      return { subAccountId, windows: dueWindows({ cursor: start, now, windowMs: deps.config.ringcxWindowMs, delayMs: deps.config.ringcxDelayMs, max: MAX_WINDOWS_PER_RUN }) };
    }),
  );
  if (due.every((d) => d.windows.length === 0)) return { ...result, status: 'skipped', reason: 'no window is due yet' };
  const release = await holdPollLease(deps, accountId, 'ringcx', owner);
  if (!release) return { ...result, status: 'busy', reason: 'another poller holds this account' };
  try {
    const source = tokenSource(deps, accountId, watchers);
    // Times are written in the account's zone with its offset; the first watching admin's zone stands for it.
    const admin = await deps.db.admins.find(accountId, watchers[0]!.ringcx.extensionId);
    const timeZone = admin?.timezone ?? 'UTC';
    const optedOut = await deps.db.optOuts.pairKeys(accountId);
    // read before any window's transaction: inside it the database is only written (see loadNoiseContext)
    const noise = await loadNoiseContext(deps, accountId, watchers.flatMap((w) => [w.settings.extensionId, w.ringcx.extensionId]));
    const failures: string[] = [];
    for (const { subAccountId, windows } of due) {
      try {
        for (const window of windows) {
          const raw = await search(deps, accountId, source, { subAccountId, window, timeZone }, result);
          result.windows += 1;
          result.records += raw.length;
          const events = toEvents(raw, subAccountId, deps.now(), log, result);
          const stored = await deps.db.sequelize.transaction({ type: Transaction.TYPES.IMMEDIATE }, async (transaction) => {
            const fresh = await deps.db.auditEvents.insertNew(accountId, 'ringcx', events.map((e) => e.event), deps.now(), transaction);
            const freshIds = new Set(fresh.map((e) => e.recordId));
            const planned = planRingcxDeliveries(accountId, events.filter((e) => freshIds.has(e.event.recordId)), watchers, optedOut);
            const rows = await applyNoisePolicy(deps, { accountId, source: 'ringcx', events: fresh, rows: planned, context: noise }, transaction);
            await deps.db.deliveries.insertMany(rows, deps.now(), transaction, { newEventIds: freshIds });
            await deps.db.ringcx.advance(accountId, subAccountId, window.end, deps.now(), transaction);
            return { fresh: fresh.length, rows: rows.length, alerts: alertingEvents(fresh, rows) };
          });
          deps.metrics.recordAlerts('ringcx', stored.alerts);
          result.newEvents += stored.fresh;
          result.deliveries += stored.rows;
        }
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        failures.push(`${subAccountId}: ${message}`);
        log.error({ err: error, subAccountId }, 'RingCX sub-account poll failed; its cursor stays, the next run retries the window');
        await deps.db.ringcx.recordFailure(accountId, subAccountId, deps.now(), error instanceof NeedsReauthorization ? 'no-token' : 'failed', message);
      }
    }
    await deps.db.auditEvents.recordPoll(accountId, 'ringcx', { now: deps.now(), status: failures.length ? 'failed' : 'ok', error: failures.join('; ') || null });
    log.info({ requests: result.requests, windows: result.windows, records: result.records, newEvents: result.newEvents, deliveries: result.deliveries }, 'RingCX account polled');
    return failures.length ? { ...result, status: 'failed', reason: failures.join('; ') } : result;
  } finally {
    await release();
  }
}

/** Any watching admin's RingCentral token will do for a new exchange; a dead one is skipped. */
function tokenSource(deps: BotDeps, accountId: string, watchers: RingcxWatcher[]): RingcentralTokenSource {
  return async () => {
    for (const { ringcx } of watchers) {
      try {
        return { extensionId: ringcx.extensionId, rcAccessToken: await adminAccessToken(deps, accountId, ringcx.extensionId) };
      } catch (error) {
        if (!(error instanceof NeedsReauthorization)) throw error;
      }
    }
    throw new NeedsReauthorization(accountId, watchers[0]?.ringcx.extensionId ?? '');
  };
}

/** One window's search within the account's request budget: 429 → exponential backoff; 401 "Jwt is expired" → renew and retry once. */
async function search(
  deps: BotDeps,
  accountId: string,
  source: RingcentralTokenSource,
  query: { subAccountId: string; window: AuditWindow; timeZone: string },
  result: RingcxAccountResult,
): Promise<unknown[]> {
  let token = await deps.ringcx.tokens.token(accountId, source);
  let renewed = false;
  for (let attempt = 1; ; attempt += 1) {
    await deps.ringcx.limiter.take(`ringcx:${accountId}`);
    result.requests += 1;
    try {
      return await deps.ringcx.client.searchAuditLogs(token, {
        accountId: query.subAccountId,
        startDateTime: formatWithOffset(query.window.start, query.timeZone),
        endDateTime: formatWithOffset(query.window.end, query.timeZone),
      });
    } catch (error) {
      if (isExpiredToken(error) && !renewed) {
        renewed = true;
        token = await deps.ringcx.tokens.renew(accountId, token, source);
        continue;
      }
      if (error instanceof RingCentralError && error.status === 429 && attempt < SEARCH_TRIES) {
        await deps.sleep(ringcxBackoffMs(attempt, error.retryAfterSeconds));
        continue;
      }
      throw error;
    }
  }
}

/**
 * Every record becomes an archived event, malformed or not: a record without an id gets a stable
 * key from its content (so a repeat is still de-duplicated), and whatever is missing is logged.
 */
function toEvents(records: unknown[], subAccountId: string, now: Date, log: BotDeps['logger'], result: RingcxAccountResult): { event: NewAuditEvent; match: RingcxMatch }[] {
  return records.map((raw) => {
    const text = JSON.stringify(raw) ?? 'null';
    const { record, problems } = parseRingcxRecord(raw);
    const recordId = record.id ?? `sha256:${crypto.createHash('sha256').update(text).digest('hex').slice(0, 40)}`;
    if (problems.length > 0) {
      result.malformed += 1;
      log.warn({ recordId, subAccountId, problems }, 'malformed RingCX audit record archived and alerted with what is known');
    }
    const entityType = entityTypeOf(record.auditedClass);
    const action = actionOf(record.actionType);
    return {
      event: {
        recordId: recordId.slice(0, 64),
        actionId: `${action ?? 'UNKNOWN'}:${entityType ?? 'Unknown'}`.slice(0, 128),
        eventKey: RINGCX_EVENT_KEY,
        eventTime: ringcxEventTime(record, now),
        raw: text,
      },
      match: { subAccountId: record.accountId ?? subAccountId, entityType, action, userName: record.authUser?.userName ?? undefined },
    };
  });
}

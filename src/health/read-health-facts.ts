import { QueryTypes } from 'sequelize';
import { parseExpression } from 'cron-parser';
import type { BotDeps } from '../bot/bot-deps';
import type { Installation } from '../db/installations-repository';
import { adminAccessToken, NeedsReauthorization } from '../admin/admin-tokens';
import { isWatching } from '../delivery/plan-deliveries';
import type { AccountHealthFacts } from './assess-health';

/** A dead delivery younger than this still counts as failing (unless a later send to that destination worked). */
export const FAILING_WINDOW_MS = 24 * 60 * 60 * 1000;

const toDate = (value: unknown): Date | undefined => {
  if (value === null || value === undefined) return undefined;
  const date = value instanceof Date ? value : new Date(String(value));
  return Number.isNaN(date.getTime()) ? undefined : date;
};

/** The time between two ticks of a cron expression, measured at `now`. */
export function cronIntervalMs(cron: string, now: Date): number {
  const ticks = parseExpression(cron, { currentDate: now });
  const first = ticks.next().getTime();
  return ticks.next().getTime() - first;
}

/** Reads what the watchdog judges about one installed account (one phone-number read per SMS sender in use). */
export async function readHealthFacts(deps: BotDeps, installation: Installation): Promise<AccountHealthFacts> {
  const { accountId } = installation;
  const now = deps.now();
  const admins = (await deps.db.admins.listByAccount(accountId)).filter((a) => a.status !== 'revoked');
  const known = new Set(admins.map((a) => a.extensionId));
  const watching = (await deps.db.settings.listByAccount(accountId)).filter((s) => known.has(s.extensionId) && isWatching(s));
  const cursor = await deps.db.auditEvents.cursor(accountId, 'ringex');
  const watchedSince = watching.map((s) => s.notificationsSince?.getTime() ?? now.getTime());
  const auditTrailReadUpTo = cursor?.cursorAt ?? (watchedSince.length ? new Date(Math.min(...watchedSince)) : undefined);

  const ringcxOn = await deps.db.ringcx.enabledInAccount(accountId);
  const ringcxCursors = ringcxOn.length ? await deps.db.ringcx.cursors(accountId) : [];
  const ringcxSince = [
    ...ringcxCursors.map((c) => c.windowEnd.getTime()),
    ...(ringcxCursors.length ? [] : ringcxOn.map((s) => s.enabledSince?.getTime() ?? now.getTime())),
  ];

  const active = new Map(admins.filter((a) => a.status === 'active').map((a) => [a.extensionId, a]));
  const smsSendersUnable: AccountHealthFacts['smsSendersUnable'] = [];
  for (const settings of watching) {
    if (!settings.smsEnabled || !settings.smsSender || !active.has(settings.extensionId)) continue;
    const canSend = await senderCanSend(deps, accountId, settings.extensionId, settings.smsSender);
    if (canSend === false) smsSendersUnable.push({ extensionId: settings.extensionId, sender: settings.smsSender });
  }

  return {
    now,
    pollIntervalMs: cronIntervalMs(deps.config.pollCron, now),
    auditTrailWatched: watching.length > 0,
    auditTrailReadUpTo,
    ringcx: {
      enabled: ringcxOn.length > 0,
      readUpTo: ringcxSince.length ? new Date(Math.min(...ringcxSince)) : undefined,
      windowMs: deps.config.ringcxWindowMs,
      delayMs: deps.config.ringcxDelayMs,
    },
    failingDestinations: await failingDestinations(deps, accountId, new Date(now.getTime() - FAILING_WINDOW_MS)),
    adminsNeedingLogin: admins.filter((a) => a.status === 'needs_reauth').map((a) => ({ extensionId: a.extensionId, name: a.name })),
    subscriptionStatus: installation.subscriptionId ? installation.subscriptionStatus : undefined,
    subscriptionExpected: deps.config.transport === 'webhook',
    smsSendersUnable,
  };
}

/**
 * Whether the admin's sender still has the SmsSender feature among their own numbers (RINGCENTRAL.md §9:
 * only those can send). Undefined when it cannot be told now (login needed, RingCentral unreachable):
 * the login problem is reported on its own, and a failed read must not raise a false alarm.
 */
async function senderCanSend(deps: BotDeps, accountId: string, extensionId: string, sender: string): Promise<boolean | undefined> {
  try {
    const token = await adminAccessToken(deps, accountId, extensionId);
    const numbers = await deps.api.listOwnPhoneNumbers(token);
    return numbers.some((n) => n.phoneNumber === sender && n.features.includes('SmsSender'));
  } catch (error) {
    if (!(error instanceof NeedsReauthorization)) deps.logger.warn({ accountId, extensionId, err: error }, 'health check: SMS sender numbers not read');
    return undefined;
  }
}

/** Destinations whose latest settled delivery since `since` is dead (no later send to them worked). */
async function failingDestinations(deps: BotDeps, accountId: string, since: Date): Promise<AccountHealthFacts['failingDestinations']> {
  const select = (sql: string) =>
    deps.db.sequelize.query<{ channel: 'sms' | 'chat'; destination: string; at: unknown }>(sql, { type: QueryTypes.SELECT, replacements: { accountId, since } });
  const [dead, sent] = await Promise.all([
    select("SELECT channel, destination, MAX(updated_at) AS at FROM deliveries WHERE account_id = :accountId AND status = 'dead' AND updated_at >= :since GROUP BY channel, destination"),
    // A chat card is `sent`; an SMS RingCentral took is `accepted`, then `delivered` once its record says so.
    select("SELECT channel, destination, MAX(sent_at) AS at FROM deliveries WHERE account_id = :accountId AND status IN ('sent', 'accepted', 'delivered') AND sent_at >= :since GROUP BY channel, destination"),
  ]);
  const lastSent = new Map(sent.map((r) => [`${r.channel}:${r.destination}`, toDate(r.at)?.getTime() ?? 0]));
  return dead
    .filter((r) => (toDate(r.at)?.getTime() ?? 0) > (lastSent.get(`${r.channel}:${r.destination}`) ?? 0))
    .map((r) => ({ channel: r.channel, destination: r.destination }))
    .sort((a, b) => `${a.channel}:${a.destination}`.localeCompare(`${b.channel}:${b.destination}`));
}

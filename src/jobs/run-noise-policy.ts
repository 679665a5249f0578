import type { BotDeps } from '../bot/bot-deps';
import { EXCLUSIONS_FIELD, untilText } from '../admin/noise-settings-service';
import { destinationsOf } from '../delivery/plan-deliveries';
import { WEEKLY_PREFIX } from '../delivery/send-weekly-summary';

export interface NoisePolicySummary {
  /** Actor exclusions that had expired and were removed. */
  exclusionsExpired: number;
  /** Weekly summaries queued (one outbox row per alert chat). */
  weeklySummaries: number;
}

/** The admin's local weekday ("Mon") and date ("2026-12-07") and minutes after midnight. */
function localDay(at: Date, timeZone: string): { weekday: string; date: string; minutes: number } {
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', year: 'numeric', month: '2-digit', day: '2-digit', hour: 'numeric', minute: 'numeric', hourCycle: 'h23' }).formatToParts(at);
  } catch {
    return localDay(at, 'UTC');
  }
  const p = (type: string) => parts.find((x) => x.type === type)?.value ?? '';
  return { weekday: p('weekday'), date: `${p('year')}-${p('month')}-${p('day')}`, minutes: (Number(p('hour')) % 24) * 60 + Number(p('minute')) };
}

/**
 * The noise policy's timed work, run every minute: removes the actor exclusions whose time is up,
 * each with a change-log line ("system" removed it) — the policy already ignores an expired one, this
 * keeps `status` and the change log truthful — and, on Mondays from 09:00 in each admin's time zone,
 * queues the weekly summary for their alert chats (outbox rows "weekly:<date>": once per week and chat).
 */
export async function runNoisePolicy(deps: Pick<BotDeps, 'db' | 'now' | 'logger'>): Promise<NoisePolicySummary> {
  const now = deps.now();
  const removed = await deps.db.noise.removeExpired(now, (e) => ({
    field: EXCLUSIONS_FIELD,
    oldValue: `${e.source === 'ringcx' ? 'RingCX ' : ''}${e.actor} ${untilText(e.expiresAt, 'UTC')} UTC`,
    newValue: '(expired)',
  }));
  if (removed.length > 0) deps.logger.info({ exclusionsExpired: removed.length }, 'expired actor exclusions removed');

  let weeklySummaries = 0;
  for (const { accountId, extensionId } of await deps.db.noise.weeklySummaryAdmins()) {
    const admin = await deps.db.admins.find(accountId, extensionId);
    const settings = await deps.db.settings.find(accountId, extensionId);
    if (!admin || admin.status !== 'active' || !settings) continue;
    const day = localDay(now, settings.timezone ?? admin.timezone ?? 'UTC');
    if (day.weekday !== 'Mon' || day.minutes < 9 * 60) continue;
    const rows = destinationsOf(settings, new Set())
      .filter((d) => d.channel === 'chat')
      .map((d) => ({ accountId, source: 'ringex' as const, recordId: `${WEEKLY_PREFIX}${day.date}`, adminExtensionId: extensionId, channel: d.channel, destination: d.destination }));
    // Rows already there (an earlier run this Monday) are ignored by the outbox's unique key.
    const before = await deps.db.deliveries.listByRecord(accountId, 'ringex', `${WEEKLY_PREFIX}${day.date}`);
    await deps.db.deliveries.insertMany(rows, now);
    weeklySummaries += rows.filter((r) => !before.some((b) => b.channel === r.channel && b.destination === r.destination)).length;
  }
  return { exclusionsExpired: removed.length, weeklySummaries };
}

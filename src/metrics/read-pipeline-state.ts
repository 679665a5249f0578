import { QueryTypes, type Sequelize } from 'sequelize';
import type { PipelineState } from './metrics';

const toDate = (value: unknown): Date | undefined => {
  if (value === null || value === undefined) return undefined;
  const date = value instanceof Date ? value : new Date(String(value));
  return Number.isNaN(date.getTime()) ? undefined : date;
};

const secondsSince = (now: Date, then: Date | undefined) => (then ? Math.max(0, Math.round((now.getTime() - then.getTime()) / 1000)) : 0);

/**
 * The outbox and cursor state every instance shares, for the /metrics gauges: outbox rows by channel
 * and state, how many wait and for how long, and per source how far behind now the most-behind
 * installed account has been read (RingEX: the poll cursor; RingCX: the end of the last window read).
 */
export async function readPipelineState(sequelize: Sequelize, now: Date): Promise<PipelineState> {
  const select = <T extends object>(sql: string) => sequelize.query<T>(sql, { type: QueryTypes.SELECT });
  const [byState, oldest, ringex, ringcx] = await Promise.all([
    select<{ channel: string; status: string; n: number | string }>('SELECT channel, status, COUNT(*) AS n FROM deliveries GROUP BY channel, status'),
    select<{ at: unknown }>("SELECT MIN(created_at) AS at FROM deliveries WHERE status IN ('pending', 'sending')"),
    select<{ at: unknown }>(
      "SELECT MIN(c.cursor_at) AS at FROM audit_cursors c JOIN bot_installations i ON i.account_id = c.account_id WHERE i.status = 'installed' AND c.source = 'ringex' AND c.cursor_at IS NOT NULL",
    ),
    select<{ at: unknown }>(
      "SELECT MIN(c.window_end) AS at FROM ringcx_cursors c JOIN bot_installations i ON i.account_id = c.account_id WHERE i.status = 'installed'",
    ),
  ]);
  const deliveries = byState.map((r) => ({ channel: r.channel, state: r.status, count: Number(r.n) }));
  const ringexAt = toDate(ringex[0]?.at);
  const ringcxAt = toDate(ringcx[0]?.at);
  return {
    deliveries,
    outboxDepth: deliveries.filter((d) => d.state === 'pending' || d.state === 'sending').reduce((sum, d) => sum + d.count, 0),
    oldestPendingAgeSeconds: secondsSince(now, toDate(oldest[0]?.at)),
    cursorLagSeconds: [
      ...(ringexAt ? [{ source: 'ringex', seconds: secondsSince(now, ringexAt) }] : []),
      ...(ringcxAt ? [{ source: 'ringcx', seconds: secondsSince(now, ringcxAt) }] : []),
    ],
  };
}

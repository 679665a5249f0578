import type { BotDeps } from '../bot/bot-deps';
import { summaryCard } from '../admin/alert-history';
import type { Delivery } from '../db/deliveries-repository';

/** Outbox record id of a Monday summary ("weekly:<local date>"). */
export const WEEKLY_PREFIX = 'weekly:';

export function isWeeklyRow(delivery: Pick<Delivery, 'recordId'>): boolean {
  return delivery.recordId.startsWith(WEEKLY_PREFIX);
}

/** Posts the 7-day summary of the row's admin in its chat; returns the card id. */
export async function sendWeeklySummary(deps: BotDeps, delivery: Delivery, botToken: string): Promise<string> {
  const installation = await deps.db.installations.findByAccount(delivery.accountId);
  const card = await summaryCard({ deps, accountId: delivery.accountId, extensionId: delivery.adminExtensionId, botId: installation?.botId ?? '', country: null });
  return (await deps.api.postCard(botToken, delivery.destination, card)).id;
}

import type { BotDeps } from '../bot/bot-deps';
import type { Delivery } from '../db/deliveries-repository';
import { burstText, isBurstRow, sendBurstCard } from './send-burst';
import { digestCard, heldText, isHeldRow } from './send-held';
import { isWeeklyRow, sendWeeklySummary } from './send-weekly-summary';

/**
 * Outbox rows the noise policy made (a burst summary or card update, a digest, the text that ends
 * quiet hours, the Monday summary): they stand for several records, so the worker asks here what to send instead of
 * reading one record.
 */
export function isPolicyRow(delivery: Pick<Delivery, 'recordId'>): boolean {
  return isBurstRow(delivery) || isHeldRow(delivery) || isWeeklyRow(delivery);
}

/** Posts (or updates in place) the card of a policy row; returns the card id. */
export async function sendPolicyCard(deps: BotDeps, delivery: Delivery, botToken: string, timeZone: string, permanent: (message: string) => Error): Promise<string> {
  if (isWeeklyRow(delivery)) return sendWeeklySummary(deps, delivery, botToken);
  if (isBurstRow(delivery)) return sendBurstCard(deps, delivery, botToken, timeZone, permanent);
  return (await deps.api.postCard(botToken, delivery.destination, await digestCard(deps, delivery, timeZone, permanent))).id;
}

/** The SMS text of a policy row. */
export async function policyText(deps: Pick<BotDeps, 'db'>, delivery: Delivery, timeZone: string, permanent: (message: string) => Error): Promise<string> {
  return isHeldRow(delivery) ? heldText(deps, delivery, timeZone, permanent) : burstText(deps, delivery, timeZone, permanent);
}

import type { BotDeps } from '../bot/bot-deps';

const PAGES = 3;
const PER_PAGE = 100;
/** Allowance for the two clocks (ours and RingCentral's creationTime). */
const SKEW_MS = 60_000;

/**
 * Looks for an alert SMS already sent since `since`: the admin's message store, outbound SMS
 * (GET /restapi/v1.0/account/~/extension/~/message-store with messageType=SMS, direction=Outbound,
 * dateFrom; spec GetMessageList), from the same sender to the same number with the same text.
 * Returns the message id, or undefined when there is none.
 */
export async function findSentSms(
  deps: Pick<BotDeps, 'api'>,
  adminToken: string,
  sms: { from: string; to: string; text: string; since: Date },
): Promise<string | undefined> {
  const since = new Date(sms.since.getTime() - SKEW_MS);
  for (let page = 1; page <= PAGES; page += 1) {
    const messages = await deps.api.listSentSms(adminToken, { since, page, perPage: PER_PAGE });
    const found = messages.records.find(
      (m) =>
        (m.direction ?? 'Outbound') === 'Outbound' &&
        m.from?.phoneNumber === sms.from &&
        (m.to ?? []).some((t) => t.phoneNumber === sms.to) &&
        m.subject === sms.text,
    );
    if (found) return found.id;
    const totalPages = messages.paging?.totalPages ?? 1;
    if (page >= totalPages || messages.records.length < PER_PAGE) break;
  }
  return undefined;
}

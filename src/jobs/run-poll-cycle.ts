import type { BotDeps } from '../bot/bot-deps';
import { pollOnce } from './poll-audit-trail';
import { pollRingcxOnce } from './poll-ringcx';
import { deliverDue } from './deliver-due';
import { runNoisePolicy } from './run-noise-policy';
import { followSms } from './follow-sms';

/** One RingEX poll, one RingCX poll and one delivery run for every account, summarised for a person. */
export async function runPollCycle(deps: BotDeps): Promise<string[]> {
  await runNoisePolicy(deps);
  const poll = await pollOnce(deps);
  const ringcx = await pollRingcxOnce(deps);
  const delivery = await deliverDue(deps);
  const followed = await followSms(deps);
  return [
    `Accounts: ${poll.accounts} (polled ${poll.polled}, skipped ${poll.skipped}, failed ${poll.failed})`,
    `Audit requests: ${poll.requests}`,
    `Records read: ${poll.records} (all archived), matched to watched events: ${poll.matched}`,
    `New events: ${poll.newEvents}`,
    `Deliveries queued: ${poll.deliveries}`,
    `RingCX accounts: ${ringcx.accounts} (polled ${ringcx.polled}, skipped ${ringcx.skipped}, failed ${ringcx.failed}); windows: ${ringcx.windows}, requests: ${ringcx.requests}, records: ${ringcx.records}, new events: ${ringcx.newEvents}, malformed: ${ringcx.malformed}, deliveries queued: ${ringcx.deliveries}`,
    `Deliveries: ${delivery.sent} chat cards posted, ${delivery.accepted} SMS accepted (delivered once their message records say so), retrying: ${delivery.retrying}, failed: ${delivery.dead}`,
    `SMS records read: ${followed.checked} (delivered ${followed.delivered}, not settled yet ${followed.waiting}, to send again ${followed.retrying}, failed ${followed.failed}, unconfirmed ${followed.unconfirmed})`,
    ...poll.results.filter((r) => r.status !== 'ok').map((r) => `  account ${r.accountId}: ${r.status}${r.reason ? ` (${r.reason})` : ''}`),
    ...ringcx.results.filter((r) => r.status === 'failed').map((r) => `  RingCX account ${r.accountId}: ${r.status}${r.reason ? ` (${r.reason})` : ''}`),
  ];
}

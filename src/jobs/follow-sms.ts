import type { BotDeps } from '../bot/bot-deps';
import { adminAccessToken, NeedsReauthorization } from '../admin/admin-tokens';
import type { Delivery } from '../db/deliveries-repository';
import { maskPhone } from '../logging/create-logger';
import { RingCentralError } from '../ringcentral/rest-client';
import type { MessageRecord } from '../ringcentral/ringcentral-api';
import { smsOutcome } from '../policy/sms-outcome';
import { followedLongEnough, nextCheckDelay, FOLLOW_FOR_MS } from '../policy/sms-follow-schedule';
import { GIVE_UP_AFTER_MS, nextAttemptDelay, tellAdmin } from './deliver-due';
import { tellOptedOut } from '../delivery/tell-opted-out';

/** Message records read per run at most (Light group: 50 a minute per admin, paced by the client). */
const BATCH = 200;
const CONCURRENCY = 4;
/** A failure code we do not know is sent again this many times, then the row fails (and the admin is told). */
export const UNKNOWN_CODE_RESENDS = 2;

export interface SmsFollowSummary {
  checked: number;
  delivered: number;
  /** Still not settled: read again later. */
  waiting: number;
  /** To be sent again (limits, throughput, *-500, an unknown code within its resends). */
  retrying: number;
  failed: number;
  /** Never settled within FOLLOW_FOR_MS: "sent, unconfirmed". */
  unconfirmed: number;
}

type Result = 'delivered' | 'waiting' | 'retrying' | 'failed' | 'unconfirmed';

/**
 * Follows every accepted SMS to its end: reads its message record
 * (`GET /restapi/v1.0/account/~/extension/~/message-store/{id}`, RINGCENTRAL.md §9) and settles the row as
 * the record says, by the families of src/policy/sms-outcome.ts. Never throws for one row.
 */
export async function followSms(deps: BotDeps, options: { limit?: number } = {}): Promise<SmsFollowSummary> {
  const summary: SmsFollowSummary = { checked: 0, delivered: 0, waiting: 0, retrying: 0, failed: 0, unconfirmed: 0 };
  const due = await deps.db.deliveries.followDue(deps.now(), options.limit ?? BATCH);
  let next = 0;
  const lanes = Array.from({ length: Math.min(CONCURRENCY, due.length) }, async () => {
    while (next < due.length) {
      const delivery = due[next++]!;
      summary.checked += 1;
      summary[await followOne(deps, delivery)] += 1;
    }
  });
  await Promise.all(lanes);
  if (due.length > 0) deps.logger.info(summary, 'SMS message records read');
  return summary;
}

async function followOne(deps: BotDeps, delivery: Delivery): Promise<Result> {
  const log = deps.logger.child({ deliveryId: delivery.id, accountId: delivery.accountId, destination: maskPhone(delivery.destination) });
  const now = deps.now();
  const acceptedAt = delivery.sentAt ?? delivery.createdAt;
  const later = async (note: string | null, code: string | null): Promise<Result> => {
    if (followedLongEnough(acceptedAt, now)) {
      const hours = FOLLOW_FOR_MS / 3_600_000;
      const why = `sent, unconfirmed: no delivery report within ${hours} hours${note ? ` (${note})` : ''}`;
      if (await deps.db.deliveries.settle(delivery.id, 'unconfirmed', now, why, code, delivery)) log.warn({ code }, 'SMS never confirmed; given up following it');
      return 'unconfirmed';
    }
    await deps.db.deliveries.checkAgain(delivery.id, new Date(now.getTime() + nextCheckDelay(delivery.checks)), note, code, delivery);
    return 'waiting';
  };

  let record: MessageRecord;
  try {
    const token = await adminAccessToken(deps, delivery.accountId, delivery.adminExtensionId);
    record = await deps.api.getMessage(token, delivery.providerId ?? '');
  } catch (error) {
    if (error instanceof RingCentralError && error.status === 404) {
      await deps.db.deliveries.settle(delivery.id, 'unconfirmed', now, 'sent, unconfirmed: its message record is gone (404)', null, delivery);
      log.warn('SMS message record not found; left unconfirmed');
      return 'unconfirmed';
    }
    const why = error instanceof NeedsReauthorization ? 'your authorization expired; type login to renew it' : error instanceof Error ? error.message : String(error);
    log.warn({ err: error }, 'SMS message record not read; will try again');
    return later(`could not read the message record: ${why}`, delivery.deliveryErrorCode);
  }

  const outcome = smsOutcome(record);
  const sender = record.from?.phoneNumber ?? (await deps.db.settings.find(delivery.accountId, delivery.adminExtensionId))?.smsSender ?? '';
  switch (outcome.kind) {
    case 'delivered':
      await deps.db.deliveries.settle(delivery.id, 'delivered', now, null, null, delivery);
      log.info('SMS delivered');
      return 'delivered';
    case 'waiting':
      return later(null, record.deliveryErrorCode ?? null);
    case 'opted-out': {
      const why = `${outcome.code}: the recipient opted out of SMS from ${sender}`;
      if (!(await deps.db.deliveries.settle(delivery.id, 'dead', now, why, outcome.code, delivery))) return 'failed';
      if (await deps.db.optOuts.optOut(delivery.accountId, sender, delivery.destination, 'delivery', `RingCentral reported ${outcome.code}`, now)) {
        await tellOptedOut(deps, delivery.accountId, delivery.adminExtensionId, sender, delivery.destination, `RingCentral reported ${outcome.code}`);
      }
      log.warn({ code: outcome.code }, 'SMS recipient has opted out; pair recorded');
      return 'failed';
    }
    case 'invalid-destination':
      return fail(deps, delivery, now, outcome.code, `${outcome.code}: ${outcome.reason}. Check the number, or remove it with sms remove ${delivery.destination}`, log);
    case 'content':
      return fail(deps, delivery, now, outcome.code, `${outcome.code}: ${outcome.reason}`, log);
    case 'sender-problem':
      return fail(deps, delivery, now, outcome.code, `${outcome.code}: ${outcome.reason} (${sender}). ${outcome.fix}`, log);
    case 'retry':
      return resend(deps, delivery, now, outcome.code, `${outcome.code}: ${outcome.reason}`, log);
    case 'unknown': {
      const what = `${outcome.code ?? 'no error code'} (status ${outcome.status}, a code I do not know)`;
      log.warn({ code: outcome.code, messageStatus: outcome.status }, 'SMS failed with an unknown deliveryErrorCode');
      if (delivery.attempts <= UNKNOWN_CODE_RESENDS) return resend(deps, delivery, now, outcome.code, `${what}: sending again (${delivery.attempts} of ${UNKNOWN_CODE_RESENDS})`, log);
      return fail(deps, delivery, now, outcome.code, `${what}, still failing after ${UNKNOWN_CODE_RESENDS} more tries`, log);
    }
    default: {
      const never: never = outcome;
      throw new Error(`unhandled SMS outcome ${JSON.stringify(never)}`);
    }
  }
}

async function fail(deps: BotDeps, delivery: Delivery, now: Date, code: string | null, reason: string, log: BotDeps['logger']): Promise<Result> {
  // Another instance that read the same record settles it; only the one that wins tells the admin.
  if (!(await deps.db.deliveries.settle(delivery.id, 'dead', now, reason, code, delivery))) return 'failed';
  log.warn({ code }, 'SMS failed for good');
  await tellAdmin(deps, delivery, reason);
  return 'failed';
}

/** Sends the SMS again later with backoff, until the row is 24 hours old (then it fails, as any delivery). */
async function resend(deps: BotDeps, delivery: Delivery, now: Date, code: string | null, reason: string, log: BotDeps['logger']): Promise<Result> {
  if (now.getTime() - delivery.createdAt.getTime() >= GIVE_UP_AFTER_MS) {
    return fail(deps, delivery, now, code, `it kept failing for 24 hours (${reason})`, log);
  }
  if (!(await deps.db.deliveries.resendLater(delivery.id, reason, code, new Date(now.getTime() + nextAttemptDelay(delivery.attempts, undefined)), delivery))) return 'retrying';
  log.warn({ code, attempts: delivery.attempts }, 'SMS will be sent again');
  return 'retrying';
}

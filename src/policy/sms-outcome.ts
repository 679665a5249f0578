/**
 * What an SMS message record says about one alert SMS, and what to do about it. Pure: the follow job
 * reads the record, this decides. Families and codes: RINGCENTRAL.md §9, from RingCentral's developer
 * guide "Handling SMS Messaging Errors" (https://developers.ringcentral.com/guide/messaging/sms/sms-errors)
 * and "Handling High Volume SMS Errors" (…/guide/messaging/sms/high-volume/handling-errors).
 */
export type SmsOutcome =
  /** The record says Delivered. */
  | { kind: 'delivered' }
  /** Not settled yet: Queued, Sent without a delivery receipt, or the carrier has not reported (SMS-CAR-104/199). */
  | { kind: 'waiting'; why: string }
  /** `*-413`: the recipient opted out of this sender. Record the pair, send nothing more there. */
  | { kind: 'opted-out'; code: string }
  /** The destination cannot receive SMS (landline, unallocated, unavailable). Failed. */
  | { kind: 'invalid-destination'; code: string; reason: string }
  /** Limits, throughput and server-side failures: send again later, with backoff. */
  | { kind: 'retry'; code: string; reason: string }
  /** The sender number cannot send: failed, and the admin is told what to do. */
  | { kind: 'sender-problem'; code: string; reason: string; fix: string }
  /** Content refused (too long, spam-filtered). Failed. */
  | { kind: 'content'; code: string; reason: string }
  /** A failure status with a code we do not know (or none): the caller settles it by a safe rule. */
  | { kind: 'unknown'; code: string | null; status: string };

const NOT_REPORTED = new Set(['SMS-CAR-104', 'SMS-CAR-199']);

const INVALID: Record<string, string> = {
  'SMS-RC-410': 'the number is invalid or cannot receive SMS',
  'SMS-UP-410': 'the number is invalid or cannot receive SMS',
  // High Volume SMS errors page: SMS-UP-410/411/412 mean an invalid or unavailable number.
  'SMS-UP-411': 'the number is invalid or unallocated',
  'SMS-UP-412': 'the number is unavailable',
  'SMS-CAR-411': 'the number is invalid, a landline or unallocated',
  'SMS-CAR-400': "the recipient's carrier does not support SMS to this number",
  'SMS-CAR-412': 'the subscriber is unavailable',
};

const LIMITS: Record<string, string> = {
  'SMS-RC-403': 'the daily or monthly SMS limit was reached',
  'SMS-CAR-450': '10DLC brand or campaign throughput was exceeded',
  'SMS-CAR-451': '10DLC brand or campaign throughput was exceeded',
  'SMS-CAR-452': '10DLC brand or campaign throughput was exceeded',
  'SMS-CAR-410': "the recipient's carrier asked to try again later",
  'SMS-CAR-431': "the recipient's carrier asked to try again later",
};

const CONTENT: Record<string, string> = {
  'SMS-UP-432': 'the text is too long for the carrier',
  'SMS-CAR-432': 'the text is too long for the carrier',
  'SMS-RC-430': 'the text was filtered as spam',
  'SMS-UP-430': 'the text was filtered as spam',
  'SMS-CAR-430': 'the text was filtered as spam',
};

const PICK_ANOTHER = 'or choose a number that can send with: sms from <number> (type settings to see each number\'s state)';

/** Sender problems, with what the admin can do (delivery-record codes and the POST's own 403 codes). */
const SENDER: Record<string, { reason: string; fix: string }> = {
  'SMS-UP-414': {
    reason: 'the upstream gateway refused the sender number',
    fix: `Check in the RingCentral Admin Portal that the number has SMS enabled and, for a US number, that its 10DLC campaign is approved, ${PICK_ANOTHER}.`,
  },
  'SMS-CAR-414': {
    reason: "the recipient's carrier refused the sender number",
    fix: `Check that the number's 10DLC campaign (or toll-free verification) is approved, ${PICK_ANOTHER}.`,
  },
  'SMS-UP-431': {
    reason: 'carriers flagged the sender number as spam',
    fix: `Ask RingCentral support to review the number, ${PICK_ANOTHER}.`,
  },
  'SMS-CAR-461': {
    reason: 'the toll-free sender number is not verified for SMS',
    fix: `Submit the toll-free verification for this number in the RingCentral Admin Portal and wait for approval, ${PICK_ANOTHER}.`,
  },
  'MSG-304': {
    reason: 'the sender number does not belong to your extension',
    fix: `Choose one of your own numbers: sms from <number> (type settings to see them).`,
  },
  'MSG-242': {
    reason: 'sending SMS is not available from the sender number',
    fix: `Ask your RingCentral admin to enable SMS on it, ${PICK_ANOTHER}.`,
  },
  'CMN-408': {
    reason: 'your login lacks the permission to send SMS',
    fix: 'Ask your RingCentral admin for the SMS permission on your user, then type login again.',
  },
};

/** The sender-problem entry for a code (delivery-record or POST error), if it is one. */
export function senderProblem(code: string | undefined | null): { reason: string; fix: string } | undefined {
  return code ? SENDER[code] : undefined;
}

/** Reads one message record's `messageStatus` and `deliveryErrorCode`. */
export function smsOutcome(record: { messageStatus?: string | undefined; deliveryErrorCode?: string | undefined | null }): SmsOutcome {
  const status = record.messageStatus ?? 'Queued';
  const code = record.deliveryErrorCode ?? null;
  if (status === 'Delivered') return { kind: 'delivered' };
  if (status === 'Queued') return { kind: 'waiting', why: 'still queued at RingCentral' };
  if (code && NOT_REPORTED.has(code)) return { kind: 'waiting', why: `the carrier has not reported a status yet (${code})` };
  // Sent: handed to the carrier; Delivered follows only when the carrier returns a receipt (spec: smsDeliveryTime).
  if (status === 'Sent') return { kind: 'waiting', why: 'sent to the carrier, no delivery receipt yet' };
  if (status !== 'SendingFailed' && status !== 'DeliveryFailed') return { kind: 'unknown', code, status };
  if (!code) return { kind: 'unknown', code, status };
  if (code.endsWith('-413')) return { kind: 'opted-out', code };
  const invalid = INVALID[code];
  if (invalid) return { kind: 'invalid-destination', code, reason: invalid };
  const sender = SENDER[code];
  if (sender) return { kind: 'sender-problem', code, ...sender };
  const content = CONTENT[code];
  if (content) return { kind: 'content', code, reason: content };
  const limit = LIMITS[code];
  if (limit) return { kind: 'retry', code, reason: limit };
  if (/^SMS-(RC|UP|CAR)-5\d\d$/.test(code)) return { kind: 'retry', code, reason: 'a temporary failure on the way (try again later)' };
  return { kind: 'unknown', code, status };
}

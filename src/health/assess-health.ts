/** The problems the watchdog looks for in each account. */
export type HealthProblemKind =
  | 'audit-poll-stalled'
  | 'ringcx-behind'
  | 'deliveries-failing'
  | 'admin-login-needed'
  | 'chat-subscription-inactive'
  | 'sms-sender-unable';

/** How each problem is named on its card and in `status`. */
export const PROBLEM_TITLES: Record<HealthProblemKind, string> = {
  'audit-poll-stalled': 'Audit trail not read',
  'ringcx-behind': 'RingCX audit log behind',
  'deliveries-failing': 'Alerts failing for good',
  'admin-login-needed': 'Admin login needed',
  'chat-subscription-inactive': 'Chat events not arriving',
  'sms-sender-unable': 'SMS sender cannot send',
};

/** A problem found now: its kind, a one-line title and what it affects and what to do. */
export interface HealthProblem {
  kind: HealthProblemKind;
  title: string;
  detail: string;
}

/** What the watchdog read about one account, at `now`. */
export interface AccountHealthFacts {
  now: Date;
  /** Time between two scheduled audit-trail polls (from POLL_CRON). */
  pollIntervalMs: number;
  /** Some admin watches the audit trail (else no poll is due and none is missed). */
  auditTrailWatched: boolean;
  /** When the audit trail was last read successfully (the cursor), or when watching began if never. */
  auditTrailReadUpTo: Date | undefined;
  /** RingCX: on for some admin; the end of the oldest sub-account window read so far. */
  ringcx: { enabled: boolean; readUpTo: Date | undefined; windowMs: number; delayMs: number };
  /** Destinations whose latest settled delivery failed for good (dead), within the last day. */
  failingDestinations: { channel: 'sms' | 'chat'; destination: string }[];
  /** Admins whose authorization RingCentral refused: they must log in again. */
  adminsNeedingLogin: { extensionId: string; name: string | null }[];
  /** The chat-event subscription's status as last stored (`Active` when it works), undefined when none exists. */
  subscriptionStatus: string | null | undefined;
  /** WebSocket transport: chat events need no WebHook subscription. */
  subscriptionExpected: boolean;
  /** Admins with SMS alerts on whose sender number can no longer send SMS. */
  smsSendersUnable: { extensionId: string; sender: string }[];
}

/** The watchdog's thresholds. */
export const AUDIT_POLLS_MISSED = 3;
export const RINGCX_BEHIND_MS = 60 * 60 * 1000;

const minutes = (ms: number) => Math.round(ms / 60_000);

/**
 * Every problem the account has now. Pure: the same facts give the same problems, in a fixed order.
 * The audit trail is stalled when it has not been read successfully for 3 poll intervals; RingCX is
 * behind when its oldest window ends more than 1 hour before the time it would normally be read up
 * to (now − window − delay).
 */
export function assessHealth(f: AccountHealthFacts): HealthProblem[] {
  const problems: HealthProblem[] = [];
  if (f.auditTrailWatched && f.auditTrailReadUpTo) {
    const behind = f.now.getTime() - f.auditTrailReadUpTo.getTime();
    if (behind >= AUDIT_POLLS_MISSED * f.pollIntervalMs) {
      problems.push({
        kind: 'audit-poll-stalled',
        title: PROBLEM_TITLES['audit-poll-stalled'],
        detail: `The audit trail has not been read successfully for ${minutes(behind)} minutes (${AUDIT_POLLS_MISSED} polls missed). Alerts wait until it is; type status to see the last poll's error.`,
      });
    }
  }
  if (f.ringcx.enabled && f.ringcx.readUpTo) {
    const behind = f.now.getTime() - f.ringcx.windowMs - f.ringcx.delayMs - f.ringcx.readUpTo.getTime();
    if (behind > RINGCX_BEHIND_MS) {
      problems.push({
        kind: 'ringcx-behind',
        title: PROBLEM_TITLES['ringcx-behind'],
        detail: `RingCX audit logs are ${minutes(behind)} minutes behind. Type status to see each sub-account's last error.`,
      });
    }
  }
  if (f.failingDestinations.length > 0) {
    const where = f.failingDestinations.map((d) => (d.channel === 'sms' ? `SMS ${d.destination}` : `chat ${d.destination}`)).join(', ');
    problems.push({
      kind: 'deliveries-failing',
      title: PROBLEM_TITLES['deliveries-failing'],
      detail: `Alerts to ${where} failed and will not be retried. Type status for the errors, or settings to change the destinations.`,
    });
  }
  if (f.adminsNeedingLogin.length > 0) {
    const who = f.adminsNeedingLogin.map((a) => a.name ?? a.extensionId).join(', ');
    problems.push({
      kind: 'admin-login-needed',
      title: PROBLEM_TITLES['admin-login-needed'],
      detail: `${who} must log in again (type login); until then their alerts wait.`,
    });
  }
  if (f.subscriptionExpected && f.subscriptionStatus !== 'Active') {
    problems.push({
      kind: 'chat-subscription-inactive',
      title: PROBLEM_TITLES['chat-subscription-inactive'],
      detail: `The bot's chat-event subscription is ${f.subscriptionStatus ? `"${f.subscriptionStatus}"` : 'missing'}, so commands and card clicks may go unheard. Reinstalling the bot renews it.`,
    });
  }
  if (f.smsSendersUnable.length > 0) {
    const senders = f.smsSendersUnable.map((s) => s.sender).join(', ');
    problems.push({
      kind: 'sms-sender-unable',
      title: PROBLEM_TITLES['sms-sender-unable'],
      detail: `The SMS sender ${senders} can no longer send SMS. Type settings and choose another sender.`,
    });
  }
  return problems;
}

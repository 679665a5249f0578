import type {
  AuditRecord,
  RingcxAuditRecord,
  SimAccount,
  SimApp,
  SimCard,
  SimChat,
  SimExtension,
  SimPost,
  SimRequestLogEntry,
  SimConsent,
  SimMessage,
  SimSentSms,
  SimSmsOutcome,
  SimSpecViolation,
  SimSubscription,
} from './sim-types';

/** Everything the simulated RingCentral knows. Route handlers and the public API both work on it. */
export class SimState {
  readonly apps = new Map<string, SimApp>();
  readonly accounts = new Map<string, SimAccount>();
  readonly extensions = new Map<string, SimExtension>();
  readonly chats = new Map<string, SimChat>();
  readonly posts: SimPost[] = [];
  readonly cards: SimCard[] = [];
  readonly subscriptions: SimSubscription[] = [];
  readonly auditRecords = new Map<string, AuditRecord[]>();
  readonly ringcxAuditRecords = new Map<string, RingcxAuditRecord[]>();
  readonly sentSms: SimSentSms[] = [];
  /** Consent records by `${ourNumber}|${theirNumber}` (opt-out is per number pair, RINGCENTRAL.md §9). */
  readonly consents = new Map<string, SimConsent>();
  /** Message records of sent SMS, by message id. */
  readonly messages = new Map<string, SimMessage>();
  /** Injected outcomes per recipient number, used in order (the last one stays when `sticky`). */
  readonly smsOutcomes = new Map<string, { outcome: SimSmsOutcome; remaining: number }[]>();
  readonly requests: SimRequestLogEntry[] = [];
  /** Every WebHook notification sent and the HTTP status it got back (0: no answer). */
  readonly webhookDeliveries: { subscriptionId: string; event: string; status: number; at: number }[] = [];
  readonly specViolations: SimSpecViolation[] = [];
  /** installed bots: `${accountId}|${clientId}` → bot extension id */
  readonly bots = new Map<string, string>();
  private sequence = 3_000_000;

  constructor(readonly now: () => number) {}

  /** A fresh numeric-string id (RingCentral ids are numeric strings). */
  nextId(): string {
    this.sequence += 1;
    return String(this.sequence);
  }

  /** ISO-8601 UTC time on the simulator clock. */
  iso(ms: number = this.now()): string {
    return new Date(ms).toISOString();
  }

  account(id: string): SimAccount | undefined {
    return this.accounts.get(id);
  }

  extension(id: string): SimExtension | undefined {
    return this.extensions.get(id);
  }

  requireAccount(id: string): SimAccount {
    const account = this.accounts.get(id);
    if (account === undefined) throw new Error(`simulator: no account ${id}`);
    return account;
  }

  requireExtension(id: string): SimExtension {
    const extension = this.extensions.get(id);
    if (extension === undefined) throw new Error(`simulator: no extension ${id}`);
    return extension;
  }

  /** Says whether an expired subscription is still kept alive (WebSocket subscriptions of a live session). */
  keepAlive: ((sub: SimSubscription) => boolean) | undefined = undefined;

  /** Drop subscriptions past their expiration time (RingCentral forgets them); kept-alive ones are extended instead. */
  pruneExpiredSubscriptions(): void {
    const now = this.now();
    for (let i = this.subscriptions.length - 1; i >= 0; i -= 1) {
      const sub = this.subscriptions[i];
      if (sub === undefined || sub.expiresAt > now) continue;
      if (this.keepAlive?.(sub) === true) sub.expiresAt = now + sub.expiresIn * 1000;
      else this.subscriptions.splice(i, 1);
    }
  }

  subscription(id: string): SimSubscription | undefined {
    this.pruneExpiredSubscriptions();
    return this.subscriptions.find((s) => s.id === id);
  }

  removeSubscription(id: string): boolean {
    const index = this.subscriptions.findIndex((s) => s.id === id);
    if (index < 0) return false;
    this.subscriptions.splice(index, 1);
    return true;
  }

  /** True when the recipient opted out of SMS from `from` (a STOP reply or an OptOut consent record). */
  isOptedOut(from: string, to: string): boolean {
    return this.consents.get(`${from}|${to}`)?.optStatus === 'OptOut';
  }

  /** The next injected outcome for `to`, if any (each is used `remaining` times; Infinity = always). */
  takeSmsOutcome(to: string): SimSmsOutcome | undefined {
    const queue = this.smsOutcomes.get(to);
    const head = queue?.[0];
    if (queue === undefined || head === undefined) return undefined;
    head.remaining -= 1;
    if (head.remaining <= 0) queue.shift();
    return head.outcome;
  }

  fullName(extension: SimExtension): string {
    return `${extension.firstName} ${extension.lastName}`.trim();
  }
}

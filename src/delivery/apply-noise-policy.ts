import type { Transaction } from 'sequelize';
import type { BotDeps } from '../bot/bot-deps';
import type { AuditFacts } from '../catalog/describe-audit-record';
import type { AuditSource, NewAuditEvent } from '../db/audit-events-repository';
import type { NewDelivery } from '../db/deliveries-repository';
import { burstKeyOf, defaultNoiseSettings, type NoiseSettings } from '../db/noise-repository';
import { gradeAlert, type SeverityOverrides } from '../policy/grade-alert';
import { severityOverridesByAdmin } from './severity-overrides';
import { planBursts, type BurstCandidate } from '../policy/burst';
import { actorKeyOf, exclusionDecision, type ActorExclusion, type AlertActor } from '../policy/exclusions';
import { quietHoursRelease } from '../policy/quiet-hours';
import { digestRelease } from '../policy/digest';
import type { HeldKind } from '../db/noise-repository';
import { mostSevere, type Severity } from '../policy/severity';
import { storedEventFacts } from '../alerts/stored-event-facts';
import { riskOf } from './alert-risk';

/** Outbox record id of a burst summary ("burst:<key>") and of an update of its card ("burst:<key>#<count>"). */
export const BURST_PREFIX = 'burst:';
/** Outbox record id of the one text that ends an admin's quiet hours ("quiet:<release epoch ms>"). */
export const QUIET_PREFIX = 'quiet:';
/** Outbox record id of a digest ("digest:<sms|chat>:<release epoch ms>"). */
export const DIGEST_PREFIX = 'digest:';

/** The actor of an alert as the exclusion and burst policies see it. */
export function actorOf(facts: AuditFacts): AlertActor {
  return { name: facts.initiator.name, extensionNumber: facts.initiator.extensionNumber, userName: facts.initiator.userName };
}

const actorName = (facts: AuditFacts): string | undefined => facts.initiator.name?.trim() || facts.initiator.userName?.trim() || undefined;

type Deps = Pick<BotDeps, 'db' | 'now'>;

/** What the steps share for one poll page: its records, read (and graded) only when a step needs them. */
class PageFacts {
  private readonly facts = new Map<string, { facts: AuditFacts; fixed: Severity | undefined }>();
  private readonly events: Map<string, NewAuditEvent>;
  /** Severity of the burst summaries made on this page, by outbox record id. */
  readonly burstSeverity = new Map<string, Severity>();

  /** Severity of watched actions outside the catalog (the most serious any admin chose), by upper-case actionId. */
  private readonly actionSeverity = new Map<string, Severity>();

  constructor(
    private readonly source: AuditSource,
    events: NewAuditEvent[],
    watchedActions: ReadonlyMap<string, ReadonlyMap<string, Severity>> = new Map(),
    private readonly accountCountry: string | null = null,
    private readonly overrides: ReadonlyMap<string, SeverityOverrides> = new Map(),
  ) {
    this.events = new Map(events.map((e) => [e.recordId, e]));
    for (const actions of watchedActions.values()) {
      for (const [actionId, severity] of actions) {
        const key = actionId.toUpperCase();
        this.actionSeverity.set(key, mostSevere(this.actionSeverity.get(key) ?? 'low', severity));
      }
    }
  }

  /** The record's facts and its severity for `admin` (their overrides), read once per record. */
  of(recordId: string, admin: string): { facts: AuditFacts; severity: Severity } | undefined {
    if (!this.facts.has(recordId)) {
      const event = this.events.get(recordId);
      if (!event) return undefined;
      const facts = storedEventFacts(this.source, event);
      const watched = facts.key === undefined ? this.actionSeverity.get(event.actionId.toUpperCase()) : undefined;
      // A risky forwarding target (abroad, premium rate, unknown type) is critical whatever the event's grade.
      const risky = riskOf(facts, event, this.accountCountry) !== undefined;
      this.facts.set(recordId, { facts, fixed: risky ? 'critical' : watched });
    }
    const known = this.facts.get(recordId)!;
    return { facts: known.facts, severity: known.fixed ?? gradeAlert(known.facts, this.overrides.get(admin)) };
  }

  eventTime(recordId: string): Date | undefined {
    return this.events.get(recordId)?.eventTime;
  }

  severityOf(recordId: string, admin: string): Severity {
    return this.burstSeverity.get(recordId) ?? this.of(recordId, admin)?.severity ?? 'medium';
  }
}

/**
 * The noise policy step of the fan-out, after the rows are planned. Per admin: drops the rows of
 * changes by an excluded actor (critical ones stay; they carry a note when sent); turns a burst of
 * changes by one actor into one summary row per destination ("burst:<key>"), or — for changes that
 * join a summary already made — one card-update row per chat; holds alerts below high for the
 * channel's digest ("digest:<channel>:<ms>", due then); and holds non-critical texts during the admin's
 * quiet hours for one summary text when they end ("quiet:<ms>", due then). Runs in the poll's
 * transaction, so bursts, held alerts and outbox rows are stored together (exactly once through restarts).
 */
export async function applyNoisePolicy(
  deps: Deps,
  input: { accountId: string; source: AuditSource; events: NewAuditEvent[]; rows: NewDelivery[]; watchedActions?: ReadonlyMap<string, ReadonlyMap<string, Severity>>; context: NoiseContext },
  transaction: Transaction,
): Promise<NewDelivery[]> {
  if (input.rows.length === 0) return input.rows;
  const { context } = input;
  const page = new PageFacts(input.source, input.events, input.watchedActions, context.accountCountry, context.overrides);
  const exclusions = context.exclusions;

  const released: NewDelivery[] = [];
  const byAdmin = new Map<string, NewDelivery[]>();
  for (const row of input.rows) {
    // Rows that are not the alert itself (another feature's kinds, e.g. a question to the actor) pass as they are.
    const kind = (row as { kind?: unknown }).kind;
    if (kind !== undefined && kind !== 'alert') released.push(row);
    else {
      const list = byAdmin.get(row.adminExtensionId);
      if (list) list.push(row);
      else byAdmin.set(row.adminExtensionId, [row]);
    }
  }
  for (const [admin, rows] of byAdmin) {
    const settings = context.settings.get(admin) ?? defaultNoiseSettings(input.accountId, admin);
    const kept = excludeActors(deps, input.source, admin, rows, exclusions.get(admin) ?? [], page);
    const summarised = await summariseBursts(deps, input, admin, settings, kept, page, transaction);
    const timeZone = context.timeZones.get(admin) ?? 'UTC';
    const digested = await holdForDigests(deps, input, admin, settings, summarised, page, timeZone, transaction);
    released.push(...(await holdQuietTexts(deps, input, admin, settings, digested, page, timeZone, transaction)));
  }
  return released;
}

/** 1. Exclusions: the rows of an excluded actor's changes go, unless the alert is critical. */
function excludeActors(deps: Deps, source: AuditSource, admin: string, rows: NewDelivery[], exclusions: ActorExclusion[], page: PageFacts): NewDelivery[] {
  if (exclusions.length === 0) return rows;
  const now = deps.now();
  return rows.filter((row) => {
    const known = page.of(row.recordId, admin);
    if (!known) return true;
    return exclusionDecision(exclusions, { source, actor: actorOf(known.facts), severity: known.severity }, now).kind !== 'suppress';
  });
}

/** 2. Bursts: many changes by one actor become one summary per destination. */
async function summariseBursts(
  deps: Deps,
  input: { accountId: string; source: AuditSource },
  admin: string,
  settings: NoiseSettings,
  kept: NewDelivery[],
  page: PageFacts,
  transaction: Transaction,
): Promise<NewDelivery[]> {
  if (settings.burstCount === null || kept.length === 0) return kept;
  const { accountId, source } = input;
  const now = deps.now();
  const rule = { count: settings.burstCount, windowMs: settings.burstWindowMinutes * 60_000 };
  const recordIds = [...new Set(kept.map((r) => r.recordId))];
  const earliest = Math.min(...recordIds.map((id) => page.eventTime(id)?.getTime() ?? now.getTime()));
  const open = await deps.db.noise.openBursts(accountId, admin, source, new Date(earliest), transaction);
  // Too few changes for a burst and none to join: nothing to read.
  if (open.length === 0 && recordIds.length < rule.count) return kept;

  const candidates: BurstCandidate[] = recordIds.flatMap((recordId) => {
    const known = page.of(recordId, admin);
    if (!known) return [];
    const name = actorName(known.facts);
    return [{ recordId, actorKey: name === undefined ? undefined : actorKeyOf(name), actorName: name ?? 'Someone', eventTime: known.facts.eventTime, severity: known.severity }];
  });
  const plan = planBursts(candidates, open, rule);
  const out: NewDelivery[] = [];
  const inBurst = new Set<string>();
  const destinationsOf = (ids: Set<string>) => {
    const seen = new Map<string, NewDelivery>();
    for (const row of kept) if (ids.has(row.recordId)) seen.set(`${row.channel}|${row.destination}`, row);
    return [...seen.values()];
  };

  for (const burst of plan.opened) {
    const ids = new Set(burst.records.map((r) => r.recordId));
    const burstKey = burstKeyOf(source, burst.actorKey, burst.startedAt);
    await deps.db.noise.openBurst(
      { accountId, extensionId: admin, source, burstKey, actorKey: burst.actorKey, actorName: burst.actorName, startedAt: burst.startedAt, windowEndsAt: burst.windowEndsAt, recordIds: burst.records.map((r) => r.recordId), severity: burst.severity },
      now,
      transaction,
    );
    page.burstSeverity.set(`${BURST_PREFIX}${burstKey}`, burst.severity);
    for (const row of destinationsOf(ids)) out.push({ ...row, recordId: `${BURST_PREFIX}${burstKey}` });
    for (const id of ids) inBurst.add(id);
  }
  for (const { burst, added } of plan.joined) {
    const ids = new Set(added.map((r) => r.recordId));
    const severity = added.reduce((worst, c) => mostSevere(worst, c.severity), burst.severity);
    const stored = open.find((b) => b.burstKey === burst.burstKey);
    const count = stored ? await deps.db.noise.growBurst(stored.id, [...ids], severity, now, transaction) : 0;
    // The summary was made already: its cards are updated in place; texts are not sent again.
    for (const row of destinationsOf(ids)) if (row.channel === 'chat') out.push({ ...row, recordId: `${BURST_PREFIX}${burst.burstKey}#${count}` });
    for (const id of ids) inBurst.add(id);
  }
  out.push(...kept.filter((row) => !inBurst.has(row.recordId)));
  return out;
}

/** 4. Quiet hours: non-critical texts wait for one summary text when the admin's quiet hours end; critical ones go now. */
async function holdQuietTexts(
  deps: Deps,
  input: { accountId: string; source: AuditSource },
  admin: string,
  settings: NoiseSettings,
  rows: NewDelivery[],
  page: PageFacts,
  timeZone: string,
  transaction: Transaction,
): Promise<NewDelivery[]> {
  if (settings.smsQuiet === null || !rows.some((r) => r.channel === 'sms')) return rows;
  const now = deps.now();
  const releaseAt = quietHoursRelease(now, settings.smsQuiet, timeZone);
  if (releaseAt === null) return rows;
  const out: NewDelivery[] = [];
  const held = new Map<string, Severity>();
  for (const row of rows) {
    const severity = page.severityOf(row.recordId, admin);
    if (row.channel !== 'sms' || severity === 'critical' || isUpdateOrHeld(row)) {
      out.push(row);
      continue;
    }
    held.set(row.recordId, severity);
    out.push({ ...row, source: 'ringex', recordId: `${QUIET_PREFIX}${releaseAt.getTime()}`, notBefore: releaseAt });
  }
  await hold(deps, input, admin, 'quiet', releaseAt, held, transaction);
  return onePerDestination(out);
}

/** Burst card updates and rows already held (a digest) pass the later steps as they are. */
const isUpdateOrHeld = (row: NewDelivery): boolean => row.recordId.includes('#') || row.recordId.startsWith(DIGEST_PREFIX) || row.recordId.startsWith(QUIET_PREFIX);

async function timeZoneOf(deps: Deps, accountId: string, admin: string): Promise<string> {
  return (await deps.db.settings.find(accountId, admin))?.timezone ?? (await deps.db.admins.find(accountId, admin))?.timezone ?? 'UTC';
}

/** What the noise policy reads about an account and its admins: its settings, not the page. */
export interface NoiseContext {
  accountCountry: string | null;
  overrides: ReadonlyMap<string, SeverityOverrides>;
  exclusions: ReadonlyMap<string, ActorExclusion[]>;
  settings: ReadonlyMap<string, NoiseSettings>;
  timeZones: ReadonlyMap<string, string>;
}

/**
 * Reads the noise policy's settings for an account's watching admins, before the poll opens the
 * transaction that stores a page: the policy then needs the database only for what it writes (and the
 * open bursts it joins), all in that transaction. (On SQLite a read made inside the transaction on
 * another connection can wait behind a write that waits for this transaction's lock.)
 */
export async function loadNoiseContext(deps: Deps, accountId: string, admins: readonly string[]): Promise<NoiseContext> {
  const settings = new Map<string, NoiseSettings>();
  const timeZones = new Map<string, string>();
  for (const admin of new Set(admins)) {
    settings.set(admin, await deps.db.noise.settings(accountId, admin));
    timeZones.set(admin, await timeZoneOf(deps, accountId, admin));
  }
  return {
    accountCountry: (await deps.db.admins.listByAccount(accountId)).find((a) => a.country)?.country ?? null,
    overrides: await severityOverridesByAdmin(deps, accountId),
    exclusions: await deps.db.noise.exclusionsByAdmin(accountId),
    settings,
    timeZones,
  };
}

async function hold(deps: Deps, input: { accountId: string; source: AuditSource }, admin: string, kind: HeldKind, releaseAt: Date, held: Map<string, Severity>, transaction: Transaction) {
  await deps.db.noise.hold(
    [...held].map(([recordId, severity]) => ({ accountId: input.accountId, extensionId: admin, kind, releaseAt, source: input.source, recordId, severity })),
    deps.now(),
    transaction,
  );
}

/** One summary row per destination, whatever the number of held alerts. */
function onePerDestination(rows: NewDelivery[]): NewDelivery[] {
  const seen = new Set<string>();
  return rows.filter((row) => {
    const key = `${row.recordId}|${row.channel}|${row.destination}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * 3. Digests: alerts below high wait for the channel's digest (the next full hour, or 09:00), one card
 * per chat and one text per recipient then. An SMS digest that would fall in quiet hours goes when they end.
 */
async function holdForDigests(
  deps: Deps,
  input: { accountId: string; source: AuditSource },
  admin: string,
  settings: NoiseSettings,
  rows: NewDelivery[],
  page: PageFacts,
  timeZone: string,
  transaction: Transaction,
): Promise<NewDelivery[]> {
  if (settings.chatsDigest === 'off' && settings.smsDigest === 'off') return rows;
  const now = deps.now();
  const out: NewDelivery[] = [];
  const held = { sms: new Map<string, Severity>(), chat: new Map<string, Severity>() };
  let smsRelease: Date | null = null;
  let chatRelease: Date | null = null;
  for (const row of rows) {
    if (isUpdateOrHeld(row)) {
      out.push(row);
      continue;
    }
    const severity = page.severityOf(row.recordId, admin);
    let releaseAt = digestRelease(now, severity, row.channel === 'sms' ? settings.smsDigest : settings.chatsDigest, timeZone);
    if (releaseAt === null) {
      out.push(row);
      continue;
    }
    if (row.channel === 'sms') {
      releaseAt = quietHoursRelease(releaseAt, settings.smsQuiet, timeZone) ?? releaseAt;
      smsRelease = releaseAt;
    } else {
      chatRelease = releaseAt;
    }
    held[row.channel].set(row.recordId, severity);
    out.push({ ...row, source: 'ringex', recordId: `${DIGEST_PREFIX}${row.channel}:${releaseAt.getTime()}`, notBefore: releaseAt });
  }
  if (smsRelease) await hold(deps, input, admin, 'digest-sms', smsRelease, held.sms, transaction);
  if (chatRelease) await hold(deps, input, admin, 'digest-chat', chatRelease, held.chat, transaction);
  return onePerDestination(out);
}

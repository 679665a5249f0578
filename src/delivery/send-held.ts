import type { BotDeps } from '../bot/bot-deps';
import { burstHeadline } from '../alerts/burst-summary';
import { formatAlertSentence } from '../alerts/format-alert-sms';
import { formatAlertTime } from '../alerts/format-alert-time';
import { heldSummarySms } from '../alerts/held-summary';
import { renderCard, type AdaptiveCard } from '../cards/render-card';
import type { Delivery } from '../db/deliveries-repository';
import type { HeldKind } from '../db/noise-repository';
import { severityWord, type Severity } from '../policy/severity';
import { BURST_PREFIX, DIGEST_PREFIX, QUIET_PREFIX } from './apply-noise-policy';
import { storedEventFacts } from '../alerts/stored-event-facts';

/** Alerts listed on a digest card; the rest are counted. */
const DIGEST_LISTED = 20;

/** True for the outbox row of the text that ends quiet hours, or of a digest. */
export function isHeldRow(delivery: Pick<Delivery, 'recordId'>): boolean {
  return delivery.recordId.startsWith(QUIET_PREFIX) || delivery.recordId.startsWith(DIGEST_PREFIX);
}

/** Which held alerts a row releases: "quiet:<ms>" or "digest:<sms|chat>:<ms>". */
function releaseOf(delivery: Delivery): { kind: HeldKind; releaseAt: Date } {
  if (delivery.recordId.startsWith(QUIET_PREFIX)) return { kind: 'quiet', releaseAt: new Date(Number(delivery.recordId.slice(QUIET_PREFIX.length))) };
  const [channel, ms] = delivery.recordId.slice(DIGEST_PREFIX.length).split(':');
  return { kind: channel === 'chat' ? 'digest-chat' : 'digest-sms', releaseAt: new Date(Number(ms)) };
}

interface HeldEntry {
  /** The alert's SMS sentence (a burst: its headline). */
  sentence: string;
  /** One line for a card: "User account information changed: Department: Biology → Mathematics · Peter B MacIntyre 44". */
  line: string;
  at: Date;
  severity: Severity;
}

/** Every alert held for this row's release, oldest first. */
async function heldEntries(deps: Pick<BotDeps, 'db'>, delivery: Delivery, timeZone: string): Promise<HeldEntry[]> {
  const { kind, releaseAt } = releaseOf(delivery);
  const held = await deps.db.noise.held(delivery.accountId, delivery.adminExtensionId, kind, releaseAt);
  const entries: HeldEntry[] = [];
  for (const alert of held) {
    if (alert.recordId.startsWith(BURST_PREFIX)) {
      const burst = await deps.db.noise.findBurst(delivery.accountId, delivery.adminExtensionId, alert.recordId.slice(BURST_PREFIX.length));
      if (!burst) continue;
      const events = await deps.db.auditEvents.findMany(delivery.accountId, alert.source, burst.recordIds);
      const facts = events.map((e) => storedEventFacts(alert.source, e)).sort((a, b) => a.eventTime.getTime() - b.eventTime.getTime());
      if (facts.length === 0) continue;
      const headline = burstHeadline({ actorName: burst.actorName, facts });
      entries.push({ sentence: `${headline}.`, line: headline, at: facts[0]!.eventTime, severity: alert.severity });
      continue;
    }
    const [event] = await deps.db.auditEvents.findMany(delivery.accountId, alert.source, [alert.recordId]);
    if (!event) continue;
    const facts = storedEventFacts(alert.source, event);
    const change = facts.oldValue !== undefined && facts.newValue !== undefined ? `${facts.oldValue} → ${facts.newValue}` : facts.newValue;
    const what = [facts.element, change].filter(Boolean).join(': ');
    const line = [facts.description, what].filter(Boolean).join(': ') + (facts.target.name ? ` · ${facts.target.name}` : '');
    entries.push({ sentence: formatAlertSentence(facts, timeZone), line, at: event.eventTime, severity: alert.severity });
  }
  return entries.sort((a, b) => a.at.getTime() - b.at.getTime());
}

const since = (entries: HeldEntry[], timeZone: string): string => {
  const first = entries[0];
  if (!first) return '';
  const t = formatAlertTime(first.at, timeZone);
  return ` since ${t.date} => ${t.time}`;
};

/** The text that ends quiet hours or carries an SMS digest. */
export async function heldText(deps: Pick<BotDeps, 'db'>, delivery: Delivery, timeZone: string, permanent: (message: string) => Error): Promise<string> {
  const entries = await heldEntries(deps, delivery, timeZone);
  if (entries.length === 0) throw permanent('the held alerts are no longer stored');
  const n = entries.length;
  const count = `${n} ${n === 1 ? 'alert' : 'alerts'}`;
  const { kind } = releaseOf(delivery);
  const head = kind === 'quiet' ? `Quiet hours ended: ${count} held${since(entries, timeZone)}.` : `Digest: ${count}${since(entries, timeZone)}.`;
  return heldSummarySms(head, entries.map((e) => e.sentence));
}

/** The digest card of a chat digest row. */
export async function digestCard(deps: Pick<BotDeps, 'db'>, delivery: Delivery, timeZone: string, permanent: (message: string) => Error): Promise<AdaptiveCard> {
  const entries = await heldEntries(deps, delivery, timeZone);
  if (entries.length === 0) throw permanent('the alerts of this digest are no longer stored');
  const settings = await deps.db.noise.settings(delivery.accountId, delivery.adminExtensionId);
  const first = formatAlertTime(entries[0]!.at, timeZone);
  const n = entries.length;
  const listed = entries.slice(0, DIGEST_LISTED);
  return renderCard('digest', {
    headline: `${settings.chatsDigest === 'daily' ? 'Daily' : 'Hourly'} digest: ${n} ${n === 1 ? 'alert' : 'alerts'} since ${first.time}${settings.chatsDigest === 'daily' ? ` on ${first.date}` : ''}`,
    items: listed.map((e) => ({ when: formatAlertTime(e.at, timeZone).time, what: `${severityWord(e.severity)} · ${e.line}` })),
    more: n > listed.length ? `and ${n - listed.length} more` : '',
    footer: 'Alerts below High wait for this digest; High and Critical come at once. Change it with chats digest <off|hourly|daily>.',
  });
}

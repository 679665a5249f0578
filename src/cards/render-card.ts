import { Template } from 'adaptivecards-templating';
import welcome from '../../cards/welcome.json';
import help from '../../cards/help.json';
import login from '../../cards/login.json';
import menu from '../../cards/menu.json';
import directives from '../../cards/directives.json';
import events from '../../cards/events.json';
import status from '../../cards/status.json';
import logoutConfirm from '../../cards/logout-confirm.json';
import alert from '../../cards/alert.json';
import burst from '../../cards/burst.json';
import digest from '../../cards/digest.json';
import discover from '../../cards/discover.json';
import history from '../../cards/history.json';
import summary from '../../cards/summary.json';
import incident from '../../cards/incident.json';
import alertDigest from '../../cards/alert-digest.json';
import confirmActor from '../../cards/confirm-actor.json';

/** One option of an Input.ChoiceSet. */
export interface CardChoice {
  title: string;
  value: string;
}

/**
 * The data each template in cards/ is expanded with.
 *
 * Every Action.Submit of these cards carries `action` (the verb) and `adminId`; the cards that save
 * settings also carry `version`, rendered as the number given (adaptivecards-templating keeps the
 * type when a string is exactly one `${expr}`). Input.Toggle values are the strings "true"/"false".
 */
/** What a save did, shown inside the card that was saved: what changed, or what was refused and why. */
export interface SaveResult {
  /** '' when nothing was saved just now (the card was only opened). */
  tone: '' | 'good' | 'attention';
  /** "Saved", "Nothing changed" or "Not saved". */
  title: string;
  /** One line each: "SMS alerts: off → on", or the reason a save was refused. */
  lines: string[];
}

/** One event of the events card, named without its group's words ("Email" under "User account information changed"). */
export interface EventRow {
  key: string;
  label: string;
  on: boolean;
  /** '' or how the event is graded ("High"); shown beside the toggle. */
  severity: string;
}

/** One command of the help card: `usage` written with no-break spaces, so a line never breaks inside it. */
export interface HelpCommand {
  usage: string;
  summary: string;
}

export interface CardData {
  welcome: { installerName: string; accountId: string };
  help: {
    /** In the order of HELP_GROUPS (src/bot/commands/help-command.ts). */
    groups: { name: string; commands: HelpCommand[] }[];
    /** Every command's usage, comma separated, for the fallback text. */
    allUsages: string;
  };
  login: {
    adminName: string;
    authorizeUrl: string;
    expiresMinutes: number;
    /** '' or why login is needed again ("Your authorization expired."), shown above the button. */
    reason: string;
  };
  menu: {
    adminId: string;
    adminName: string;
    /** What is really happening: "Sending to 2 numbers and 1 chat", "Paused since …", "Not sending: no destination is on — open settings". */
    state: string;
    /** True when nothing is being sent (paused, or no destination on): the state line shows in the attention colour. */
    stateAttention: boolean;
    /** One line under the state: "Watching 8 of 17 events · RingCX off". */
    detail: string;
  };
  directives: {
    adminId: string;
    version: number;
    result: SaveResult;
    smsEnabled: boolean;
    /** E.164 or ''. */
    smsSender: string;
    /** Titles like "(650) 555-0100 · Main number". */
    senderChoices: CardChoice[];
    /** '' when there are sender choices; shown instead of the sender picker when there are none. */
    noSenderReason: string;
    /** '' or the SMS notes: opted-out recipients of the chosen sender, a sender whose registration is not confirmed. */
    smsNotes: string;
    /** "Up to five mobile numbers. Any usual form is accepted, read in the account's country (US)." */
    recipientsHint: string;
    /** Each as the admin reads it: formatted for the account's country, or as typed when a save was refused. */
    recipient1: string;
    recipient2: string;
    recipient3: string;
    recipient4: string;
    recipient5: string;
    chatsEnabled: boolean;
    /** Comma-separated selected chat ids. */
    chatIds: string;
    chatChoices: CardChoice[];
    /** '' or help text, e.g. how to add the bot to a team. */
    chatsHint: string;
    /** SMS quiet hours, e.g. "22:00–07:00 (America/Los_Angeles): …" or "Off (type sms quiet 22:00-07:00)". */
    smsQuiet: string;
    /** '' or the minimum severity per channel, e.g. "SMS: low and above · Chats: high and above". */
    routing: string;
  };
  events: {
    adminId: string;
    version: number;
    result: SaveResult;
    /** "8 of 17 events on". */
    countLine: string;
    groups: { name: string; events: EventRow[] }[];
    /** The RingCX section (src/admin/admin-views.ts `ringcxCardData`), saved by the card's one Save. */
    ringcx: {
      version: number;
      /** False until the admin first typed ringcx on: only the hint is shown then (enabling needs the RingCX checks). */
      known: boolean;
      enabled: boolean;
      /** One line: what is watched, or how to turn it on. */
      hint: string;
      /** Chosen values, comma separated (Input.ChoiceSet multi-select). */
      subAccounts: string;
      subAccountChoices: CardChoice[];
      entities: string;
      entityChoices: CardChoice[];
      actions: string;
      ignoredUsers: string;
    };
  };
  status: {
    adminId: string;
    adminName: string;
    /** The first line: is everything working ("All working: last checked Nov 21, 2026 4:05 pm"). */
    health: string;
    /** True when something needs the admin: the health line shows in the attention colour. */
    healthAttention: boolean;
    facts: { title: string; value: string }[];
    /** Last changes, newest first; `when` in the alert time format. */
    changes: { when: string; who: string; what: string }[];
  };
  'logout-confirm': { adminId: string; adminName: string };
  /** One audit-trail alert, built by src/alerts/alert-card.ts. */
  alert: {
    /** The headline, "[TEST] " first for a test alert (the push notification). */
    fallbackText: string;
    /** The change and its target in one line, e.g. "MFA turned OFF for the whole company". */
    headline: string;
    /** "Critical" | "High" | "Medium" | "Low". */
    severityWord: string;
    /** Container style of the severity band: attention | warning | accent | emphasis. */
    severityStyle: string;
    /** TextBlock colour of the severity word. */
    severityColor: string;
    /** "By Peter Beck MacIntyre (ext 101, Super Admin) · Apr 24, 2:12 pm PDT". */
    byLine: string;
    /** Shows the "Test alert — no change happened" banner. */
    test: boolean;
    /** '' or the triage state: "Acknowledged by Ada Admin · Apr 24, 2:14 pm PDT". */
    status: string;
    /** '' or the Expected change note. */
    note: string;
    /** '' or "Confirmed by the actor" / the actor's denial. */
    actorLine: string;
    actorColor: string;
    /** Readable facts after the headline (no internal ids). */
    facts: { title: string; value: string }[];
    /** The admin whose destinations the alert went to; with accountId/source/recordId/version in every triage button. */
    adminId: string;
    accountId: string;
    source: string;
    recordId: string;
    /** The triage version the card shows: a click with an older one is stale. */
    version: number;
    canAcknowledge: boolean;
    canExpect: boolean;
    canResolve: boolean;
    canReopen: boolean;
    /** ADMIN_PORTAL_URL: where Open audit trail goes. */
    portalUrl: string;
  };
  /** "Was this you?", sent in a direct chat to the person who made a critical or high change. */
  'confirm-actor': {
    fallbackText: string;
    headline: string;
    byLine: string;
    facts: { title: string; value: string }[];
    adminId: string;
    accountId: string;
    source: string;
    recordId: string;
    actorId: string;
    /** '' while unanswered, else what was answered ("You answered: yes, it was you."). */
    answered: string;
  };
  /** Many changes by one actor in a short time, as one card (src/alerts/burst-summary.ts). */
  burst: {
    /** "Peter Beck MacIntyre changed 37 users' Department in 4 minutes". */
    headline: string;
    /** "Severity: High (the highest of the 37 changes)". */
    severityLine: string;
    /** The first 10 changes: local time and what changed. */
    items: { when: string; what: string }[];
    /** '' or "and 27 more". */
    more: string;
    /** When the burst ends and where to see every change. */
    footer: string;
  };
  /** The alerts below high that waited for an hourly or daily digest (src/delivery/send-held.ts). */
  digest: {
    /** "Hourly digest: 12 alerts since 8:02 am". */
    headline: string;
    /** Newest last: local time, then "Low · Department changed: Biology → Mathematics · Peter B MacIntyre 44". */
    items: { when: string; what: string }[];
    more: string;
    footer: string;
  };
  /** `events discover`: every actionId of the account's archive in the last 30 days (src/admin/discover-actions.ts). */
  discover: {
    /** "42 audit actions in the last 30 days (3,120 records)". */
    headline: string;
    /** Most records first: "1,204 records · Caller ID changed · watched · Medium". */
    actions: { actionId: string; summary: string }[];
    more: string;
    /** How to watch one. */
    hint: string;
  };
  /** `history …`: the matching alerts, newest first (src/admin/alert-history.ts). */
  history: {
    /** "12 alerts" or "No alerts match". */
    headline: string;
    /** '' or "by Peter · since Nov 24, 2026". */
    filters: string;
    /** "Dec 1, 2:14 pm · High · Department changed … · not triaged". */
    rows: { text: string }[];
    more: string;
    hint: string;
  };
  /** `summary` and the weekly summary: the last 7 days. */
  summary: {
    /** "Last 7 days: 42 alerts". */
    headline: string;
    events: { title: string; value: string }[];
    severities: { title: string; value: string }[];
    actors: { title: string; value: string }[];
    /** "Critical alerts not acknowledged: 2" or "No critical alerts". */
    criticalTitle: string;
    critical: { text: string }[];
  };
  /** A health watchdog incident starting or clearing (src/jobs/watch-health.ts). */
  incident: {
    cleared: boolean;
    /** The problem's name, e.g. "Audit trail not read". */
    title: string;
    /** What it affects and what to do (starting), or that it is over (clearing). */
    detail: string;
    /** Account, Started, Cleared. */
    facts: { title: string; value: string }[];
  };
  /** The alerts a chat missed while RingCentral's daily post cap held it, in one card (src/alerts/alert-digest-card.ts). */
  'alert-digest': {
    fallbackText: string;
    /** "12 alerts held back by RingCentral's daily post limit". */
    title: string;
    /** Why they come together, and that SMS was not affected. */
    explanation: string;
    /** Oldest first, at most 50: when it happened and what. */
    alerts: { when: string; title: string }[];
    /** How many more than those listed. */
    more: number;
  };
}

export type CardName = keyof CardData;

const templates: Record<CardName, object> = {
  welcome,
  help,
  login,
  menu,
  directives,
  events,
  status,
  'logout-confirm': logoutConfirm,
  alert,
  burst,
  digest,
  discover,
  history,
  summary,
  incident,
  'alert-digest': alertDigest,
  'confirm-actor': confirmActor,
};

/** The names of every template in cards/. */
export const CARD_NAMES = Object.keys(templates) as CardName[];

/** An Adaptive Card ready to post: `type`, `version` and the expanded body. */
export interface AdaptiveCard {
  type: 'AdaptiveCard';
  version: string;
  body: object[];
  actions?: object[];
  fallbackText?: string;
  [key: string]: unknown;
}

/** Expands cards/<name>.json with `data` (adaptivecards-templating). */
export function renderCard<N extends CardName>(name: N, data: CardData[N]): AdaptiveCard {
  let template = parsed.get(name);
  if (!template) {
    template = new Template(templates[name]);
    parsed.set(name, template);
  }
  return template.expand({ $root: data }) as AdaptiveCard;
}

/** Parsed templates, built once per card name (parsing is the costly part of rendering). */
const parsed = new Map<CardName, Template>();

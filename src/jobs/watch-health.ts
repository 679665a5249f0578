import type { BotDeps } from '../bot/bot-deps';
import type { Installation } from '../db/installations-repository';
import type { HealthIncident } from '../db/health-incidents-repository';
import { assessHealth, PROBLEM_TITLES, type HealthProblem, type HealthProblemKind } from '../health/assess-health';
import { readHealthFacts } from '../health/read-health-facts';
import { renderCard, type AdaptiveCard } from '../cards/render-card';
import { formatCardTime } from '../cards/format-card-time';

export interface HealthWatchSummary {
  accounts: number;
  /** Incidents this run opened (each told to the account's admins once). */
  opened: number;
  /** Incidents this run cleared (each told once). */
  cleared: number;
  /** Incidents open after the run, every account. */
  open: number;
  /** Accounts whose check failed (logged; the next run tries again). */
  failed: number;
}

/** Incident cards go to every admin of the account, whatever their time zone: the card time format, in UTC ("Dec 1, 2026 2:10 pm UTC"). */
const when = (date: Date) => formatCardTime(date, 'UTC');

/**
 * The health watchdog, run every few minutes: for each installed account it reads the facts, asks
 * `assessHealth` which problems there are, and turns each into one incident. A problem that starts
 * opens an incident and sends one card to the account's admins; while it lasts nothing is repeated;
 * when it is gone the incident is cleared and one more card says so. Several instances may run it:
 * the open-incident index lets one of them open (and tell) and the conditional clear lets one clear.
 */
export async function watchHealth(deps: BotDeps): Promise<HealthWatchSummary> {
  const summary: HealthWatchSummary = { accounts: 0, opened: 0, cleared: 0, open: 0, failed: 0 };
  for (const installation of await deps.db.installations.listInstalled()) {
    summary.accounts += 1;
    try {
      const result = await watchAccount(deps, installation);
      summary.opened += result.opened;
      summary.cleared += result.cleared;
      summary.open += result.open;
    } catch (error) {
      summary.failed += 1;
      deps.logger.error({ err: error, accountId: installation.accountId, job: 'watch-health' }, 'health check failed');
    }
  }
  if (summary.opened > 0 || summary.cleared > 0 || summary.failed > 0) deps.logger.info({ ...summary }, 'health check finished');
  return summary;
}

async function watchAccount(deps: BotDeps, installation: Installation): Promise<{ opened: number; cleared: number; open: number }> {
  const { accountId } = installation;
  const problems = assessHealth(await readHealthFacts(deps, installation));
  const open = await deps.db.incidents.listOpen(accountId);
  const openKinds = new Set(open.map((i) => i.kind));
  const nowKinds = new Set(problems.map((p) => p.kind));
  let opened = 0;
  let cleared = 0;
  for (const problem of problems.filter((p) => !openKinds.has(p.kind))) {
    const incident = await deps.db.incidents.open(accountId, problem.kind, problem.detail, deps.now());
    if (!incident) continue; // another instance opened it and tells the admins
    opened += 1;
    deps.logger.warn({ accountId, kind: problem.kind, job: 'watch-health' }, 'health incident started');
    await tellAdmins(deps, accountId, startedCard(problem, incident));
  }
  for (const incident of open.filter((i) => !nowKinds.has(i.kind as HealthProblemKind))) {
    const now = deps.now();
    if (!(await deps.db.incidents.clear(incident.id, now))) continue;
    cleared += 1;
    deps.logger.info({ accountId, kind: incident.kind, job: 'watch-health' }, 'health incident cleared');
    await tellAdmins(deps, accountId, clearedCard(incident, now));
  }
  return { opened, cleared, open: open.length + opened - cleared };
}

function startedCard(problem: HealthProblem, incident: HealthIncident): AdaptiveCard {
  return renderCard('incident', { cleared: false, title: problem.title, detail: problem.detail, facts: [{ title: 'Started', value: when(incident.startedAt) }] });
}

function clearedCard(incident: HealthIncident, now: Date): AdaptiveCard {
  const title = PROBLEM_TITLES[incident.kind as HealthProblemKind] ?? incident.kind;
  return renderCard('incident', {
    cleared: true,
    title,
    detail: 'This problem is over: the bot works normally again.',
    facts: [
      { title: 'Started', value: when(incident.startedAt) },
      { title: 'Cleared', value: when(now) },
    ],
  });
}

/** One card in each admin's direct chat with the bot; a failure to tell one admin is logged, not thrown. */
async function tellAdmins(deps: BotDeps, accountId: string, card: AdaptiveCard): Promise<void> {
  const botToken = await deps.db.installations.botToken(accountId);
  if (!botToken) return;
  const admins = (await deps.db.admins.listByAccount(accountId)).filter((a) => a.status !== 'revoked');
  for (const admin of admins) {
    try {
      const dm = await deps.api.openConversation(botToken, admin.extensionId);
      await deps.api.postCard(botToken, dm.id, card);
    } catch (error) {
      deps.logger.error({ err: error, accountId, extensionId: admin.extensionId, job: 'watch-health' }, 'incident card not delivered');
    }
  }
}

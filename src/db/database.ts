import type { Sequelize } from 'sequelize';
import { connectDatabase } from './connect';
import { migrateUp } from './migrate';
import { defineModels, type Models } from './models';
import { InstallationsRepository } from './installations-repository';
import { BotChatsRepository } from './bot-chats-repository';
import { AdminAuthorizationsRepository } from './admin-authorizations-repository';
import { AdminSettingsRepository } from './admin-settings-repository';
import { OAuthStatesRepository } from './oauth-states-repository';
import { AuditEventsRepository } from './audit-events-repository';
import { DeliveriesRepository } from './deliveries-repository';
import { OptOutsRepository } from './opt-outs-repository';
import { AdminNoticesRepository } from './admin-notices-repository';
import { RingcxRepository } from './ringcx-repository';
import { HealthIncidentsRepository } from './health-incidents-repository';
import { defineRingcxModels } from './ringcx-models';
import { NoiseRepository } from './noise-repository';
import { defineNoiseModels } from './noise-models';
import { AlertPoliciesRepository } from './alert-policies-repository';
import { AlertTriageRepository } from './alert-triage-repository';
import type { TokenCipher } from '../crypto/token-cipher';
import type { Logger } from '../logging/create-logger';

/** One open database with its repositories. */
export interface Database {
  sequelize: Sequelize;
  models: Models;
  installations: InstallationsRepository;
  botChats: BotChatsRepository;
  admins: AdminAuthorizationsRepository;
  settings: AdminSettingsRepository;
  oauthStates: OAuthStatesRepository;
  auditEvents: AuditEventsRepository;
  deliveries: DeliveriesRepository;
  optOuts: OptOutsRepository;
  notices: AdminNoticesRepository;
  /** RingCX tokens, settings and window cursors. */
  ringcx: RingcxRepository;
  /** Noise control: bursts, quiet hours, actor exclusions. */
  noise: NoiseRepository;
  /** Watchdog incidents (one open per account and kind). */
  incidents: HealthIncidentsRepository;
  /** Per-admin alert policy (severity, routing, triage, escalation, confirmation). */
  alertPolicies: AlertPoliciesRepository;
  /** Triage state of each alert and its change log. */
  triage: AlertTriageRepository;
  close(): Promise<void>;
}

/** Connects, applies pending migrations (unless told not to) and builds the repositories. */
export async function openDatabase(
  databaseUrl: string,
  cipher: TokenCipher,
  options: { logger?: Logger; migrate?: boolean } = {},
): Promise<Database> {
  const sequelize = connectDatabase(databaseUrl, options.logger);
  await sequelize.authenticate();
  if (options.migrate !== false) await migrateUp(sequelize, options.logger);
  const models = defineModels(sequelize);
  let closed: Promise<void> | undefined;
  return {
    sequelize,
    models,
    installations: new InstallationsRepository(models, cipher),
    botChats: new BotChatsRepository(models),
    admins: new AdminAuthorizationsRepository(models, cipher),
    settings: new AdminSettingsRepository(models),
    oauthStates: new OAuthStatesRepository(models, cipher),
    auditEvents: new AuditEventsRepository(models),
    deliveries: new DeliveriesRepository(models),
    optOuts: new OptOutsRepository(models),
    notices: new AdminNoticesRepository(models),
    ringcx: new RingcxRepository(defineRingcxModels(sequelize), cipher),
    noise: new NoiseRepository(defineNoiseModels(sequelize), models),
    incidents: new HealthIncidentsRepository(models),
    alertPolicies: new AlertPoliciesRepository(models),
    triage: new AlertTriageRepository(models),
    close: () => (closed ??= sequelize.close().catch(() => undefined)),
  };
}

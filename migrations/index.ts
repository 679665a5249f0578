import type { Migration } from './migration';
import { installationsAndAdmins } from './20261121000000-installations-and-admins';
import { adminSettings } from './20261121010000-admin-settings';
import { auditEventsAndDeliveries } from './20261121020000-audit-events-and-deliveries';
import { deliveryClaimToken } from './20261121030000-delivery-claim-token';
import { ringcx } from './20261121040000-ringcx';
import { archive } from './20261121050000-archive';
import { auditEventsActionIndex } from './20261201100000-audit-events-action-index';
import { verificationTokenIndex } from './20261201170000-verification-token-index';
import { noiseControl } from './20261201186000-noise-control';
import { alertPoliciesAndTriage } from './20261201182000-alert-policies-and-triage';
import { smsOutcomes } from './20261201180000-sms-outcomes';
import { healthIncidents } from './20261201183000-health-incidents';
import { installGeneration } from './20261201181000-install-generation';
import { oauthLoginAttempts } from './20261201181100-oauth-login-attempts';
import { deliveryLeases } from './20261201184000-delivery-leases';
import { chatPostCaps } from './20261201184100-chat-post-caps';
import { partialDeliveryIndexes } from './20261201190000-partial-delivery-indexes';
import { rateLanes } from './20261201191000-rate-lanes';

/**
 * Every migration. A new file is added here too, one import line and one list line (a unit test checks
 * the folder against this list). Git merges this file line by line (.gitattributes: merge=union), so
 * the list is put in file-name order here rather than relying on where lines land.
 */
const listed: Migration[] = [
  installationsAndAdmins,
  adminSettings,
  auditEventsAndDeliveries,
  deliveryClaimToken,
  ringcx,
  archive,
  auditEventsActionIndex,
  verificationTokenIndex,
  noiseControl,
  alertPoliciesAndTriage,
  smsOutcomes,
  healthIncidents,
  installGeneration,
  oauthLoginAttempts,
  deliveryLeases,
  chatPostCaps,
  partialDeliveryIndexes,
  rateLanes,
];

/** Every migration, oldest first (file names start with their timestamp). */
export const migrations: Migration[] = [...listed].sort((a, b) => a.name.localeCompare(b.name));

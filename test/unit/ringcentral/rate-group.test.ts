import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rateGroupOf } from '../../../src/ringcentral/rate-group';

interface Spec {
  paths: Record<string, Record<string, { 'x-throttling-group'?: string }>>;
}

const spec = JSON.parse(fs.readFileSync(path.join(__dirname, '../../../src/simulator/openapi/rc-openapi-subset.json'), 'utf8')) as Spec;
const operations = Object.entries(spec.paths).flatMap(([template, methods]) =>
  Object.entries(methods)
    .filter(([, op]) => typeof op === 'object' && typeof op['x-throttling-group'] === 'string' && op['x-throttling-group'] !== 'NoThrottling')
    .map(([method, op]) => ({ method: method.toUpperCase(), template, group: op['x-throttling-group']! })),
);

describe('Rate-limit group of a call', () => {
  it("When the bot calls any operation of the spec subset, then the pacer uses the spec's own x-throttling-group", () => {
    expect(operations.length).toBeGreaterThan(15);
    for (const op of operations) {
      // ids as the bot sends them: `~` for account and extension, numeric ids elsewhere
      const concrete = op.template.replace(/\{(accountId|extensionId)\}/g, '~').replace(/\{[^}]+\}/g, '3000123');
      expect({ ...op, paced: rateGroupOf(op.method, concrete) }).toEqual({ ...op, paced: op.group });
    }
  });

  it('When a call is not a RingCentral platform call (RingCX), then it has no group', () => {
    expect(rateGroupOf('POST', '/voice/api/v1/admin/accounts/1/auditLogs/search')).toBeUndefined();
    expect(rateGroupOf('POST', '/api/auth/login/rc/accesstoken')).toBeUndefined();
  });
});

const FULL_SPEC = process.env.RC_PUBLIC_OPENAPI ?? path.join(__dirname, '../../../../shared/ringcentral-openapi/rc-public-openapi.yml');

describe.skipIf(!fs.existsSync(FULL_SPEC))('Rate-limit groups of the SMS follow-up calls (full public spec)', () => {
  it('When the bot follows a message, reads a number\'s SMS configuration or searches consents, then the group is the spec\'s', async () => {
    const yaml = await import('js-yaml');
    const full = yaml.load(fs.readFileSync(FULL_SPEC, 'utf8')) as Spec;
    const calls = [
      { method: 'GET', template: '/restapi/v1.0/account/{accountId}/extension/{extensionId}/message-store/{messageId}', path: '/restapi/v1.0/account/~/extension/~/message-store/3000123' },
      { method: 'GET', template: '/restapi/v1.0/account/{accountId}/extension/{extensionId}/phone-number/{phoneNumberId}/sms-configuration', path: '/restapi/v1.0/account/~/extension/~/phone-number/3000123/sms-configuration' },
      { method: 'POST', template: '/restapi/v2/accounts/{accountId}/sms/consents/search', path: '/restapi/v2/accounts/~/sms/consents/search' },
      { method: 'POST', template: '/restapi/oauth/wstoken', path: '/restapi/oauth/wstoken' },
    ];
    for (const call of calls) {
      const group = full.paths[call.template]?.[call.method.toLowerCase()]?.['x-throttling-group'];
      expect(group).toBeDefined();
      expect({ call: call.path, group: rateGroupOf(call.method, call.path) }).toEqual({ call: call.path, group });
    }
  }, 60_000);
});

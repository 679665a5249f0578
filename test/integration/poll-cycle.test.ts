import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/harness';
import { configuredWorld, type ConfiguredWorld } from '../support/world';
import { runPollCycle } from '../../src/jobs/run-poll-cycle';
import { sampleAuditRecords } from '../../src/demo/sample-audit-records';

let h: Harness;
let world: ConfiguredWorld;
beforeEach(async () => {
  h = await startHarness();
  world = await configuredWorld(h);
  h.clock.advance(60_000);
});
afterEach(async () => {
  expect(h.sim.specViolations).toEqual([]);
  await h.stop();
});

describe('npm run poll', () => {
  it('When an operator runs one poll cycle, then the summary counts the accounts, records, new events and deliveries', async () => {
    const records = sampleAuditRecords({
      accountId: world.accountId,
      accountName: 'Sunnyvale Biology Labs',
      actor: { id: world.adminId, extensionNumber: '101', name: 'Peter Beck MacIntyre' },
      target: { id: world.targetId, extensionNumber: '12004', name: 'Peter B MacIntyre 44' },
    });
    h.sim.addAuditRecord(world.accountId, records[0]!);
    h.sim.addAuditRecord(world.accountId, records[1]!);
    // An action no catalog event covers: read and archived, matched to nothing.
    h.sim.addAuditRecord(world.accountId, { ...records[0]!, actionId: 'CHANGE_EXTENSION_INFO' });
    const lines = await runPollCycle(h.app.deps);
    expect(lines.slice(0, 5)).toEqual([
      'Accounts: 1 (polled 1, skipped 0, failed 0)',
      'Audit requests: 1',
      'Records read: 3 (all archived), matched to watched events: 2',
      'New events: 3',
      'Deliveries queued: 6',
    ]);
    expect(lines).toContain('Deliveries: 2 chat cards posted, 4 SMS accepted (delivered once their message records say so), retrying: 0, failed: 0');
    expect(lines).toContain('SMS records read: 0 (delivered 0, not settled yet 0, to send again 0, failed 0, unconfirmed 0)');

    h.clock.advance(10_000);
    const again = await runPollCycle(h.app.deps);
    expect(again).toContain('New events: 0');
    expect(again).toContain('Deliveries: 0 chat cards posted, 0 SMS accepted (delivered once their message records say so), retrying: 0, failed: 0');
    expect(again).toContain('SMS records read: 4 (delivered 4, not settled yet 0, to send again 0, failed 0, unconfirmed 0)');
  });

  it('When RingCentral is down for the poll, then the summary names the failed account', async () => {
    h.sim.failRate({ path: /\/audit-trail\/search$/ }, 1, [{ kind: 'status', status: 503 }]);
    const lines = await runPollCycle(h.app.deps);
    expect(lines[0]).toBe('Accounts: 1 (polled 0, skipped 0, failed 1)');
    expect(lines.some((l) => l.startsWith(`  account ${world.accountId}: failed`))).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { assessHealth, type AccountHealthFacts } from '../../../src/health/assess-health';
import { healthLine } from '../../../src/health/health-line';

const NOW = new Date('2026-12-01T14:00:00Z');
const MIN = 60_000;
const ago = (minutes: number) => new Date(NOW.getTime() - minutes * MIN);

/** A healthy account: polled 5 minutes ago on a 10-minute schedule, RingCX on and current, nothing failing. */
const healthy = (): AccountHealthFacts => ({
  now: NOW,
  pollIntervalMs: 10 * MIN,
  auditTrailWatched: true,
  auditTrailReadUpTo: ago(5),
  ringcx: { enabled: true, readUpTo: ago(30), windowMs: 15 * MIN, delayMs: 5 * MIN },
  failingDestinations: [],
  adminsNeedingLogin: [],
  subscriptionStatus: 'Active',
  subscriptionExpected: true,
  smsSendersUnable: [],
});

const kinds = (facts: AccountHealthFacts) => assessHealth(facts).map((p) => p.kind);

describe('assessHealth', () => {
  it('When everything works, then there is no problem', () => {
    expect(assessHealth(healthy())).toEqual([]);
  });

  it('When the audit trail was last read 29 minutes ago on a 10-minute schedule, then it is fine; at 30 minutes (3 intervals) it is stalled', () => {
    expect(kinds({ ...healthy(), auditTrailReadUpTo: ago(29) })).toEqual([]);
    const [problem] = assessHealth({ ...healthy(), auditTrailReadUpTo: ago(30) });
    expect(problem).toEqual({
      kind: 'audit-poll-stalled',
      title: 'Audit trail not read',
      detail: "The audit trail has not been read successfully for 30 minutes (3 polls missed). Alerts wait until it is; type status to see the last poll's error.",
    });
  });

  it('When nobody watches the audit trail, then an old cursor is no problem (no poll is due)', () => {
    expect(kinds({ ...healthy(), auditTrailWatched: false, auditTrailReadUpTo: ago(600) })).toEqual([]);
  });

  it('When RingCX is read up to 80 minutes ago with 15-minute windows 5 minutes late, then it is fine; at 81 minutes it is more than an hour behind', () => {
    expect(kinds({ ...healthy(), ringcx: { ...healthy().ringcx, readUpTo: ago(80) } })).toEqual([]);
    expect(assessHealth({ ...healthy(), ringcx: { ...healthy().ringcx, readUpTo: ago(81) } })).toEqual([
      { kind: 'ringcx-behind', title: 'RingCX audit log behind', detail: "RingCX audit logs are 61 minutes behind. Type status to see each sub-account's last error." },
    ]);
    expect(kinds({ ...healthy(), ringcx: { ...healthy().ringcx, enabled: false, readUpTo: ago(600) } })).toEqual([]);
  });

  it('When destinations fail for good, an admin must log in, the subscription is not Active and a sender cannot send, then each is its own problem naming what it affects', () => {
    const problems = assessHealth({
      ...healthy(),
      failingDestinations: [
        { channel: 'chat', destination: '77001' },
        { channel: 'sms', destination: '+16505550101' },
      ],
      adminsNeedingLogin: [{ extensionId: '101', name: 'Peter MacIntyre' }, { extensionId: '102', name: null }],
      subscriptionStatus: 'Blacklisted',
      smsSendersUnable: [{ extensionId: '101', sender: '+16505550100' }],
    });
    expect(problems.map((p) => [p.kind, p.detail])).toEqual([
      ['deliveries-failing', 'Alerts to chat 77001, SMS +16505550101 failed and will not be retried. Type status for the errors, or settings to change the destinations.'],
      ['admin-login-needed', 'Peter MacIntyre, 102 must log in again (type login); until then their alerts wait.'],
      ['chat-subscription-inactive', 'The bot\'s chat-event subscription is "Blacklisted", so commands and card clicks may go unheard. Reinstalling the bot renews it.'],
      ['sms-sender-unable', 'The SMS sender +16505550100 can no longer send SMS. Type settings and choose another sender.'],
    ]);
  });

  it('When there is no subscription over the webhook transport, then it is missing; over WebSocket none is expected', () => {
    expect(assessHealth({ ...healthy(), subscriptionStatus: undefined })[0]?.detail).toContain('subscription is missing');
    expect(kinds({ ...healthy(), subscriptionStatus: undefined, subscriptionExpected: false })).toEqual([]);
  });
});

describe('healthLine', () => {
  it('When nothing is open, then no problem line; else "Problem:" / "Problems:" with every title and the earliest start', () => {
    const fmt = (d: Date) => d.toISOString();
    expect(healthLine([], fmt)).toBeNull();
    expect(healthLine([{ kind: 'audit-poll-stalled', startedAt: ago(40) }], fmt)).toBe('Problem: Audit trail not read (since 2026-12-01T13:20:00.000Z)');
    expect(
      healthLine(
        [
          { kind: 'admin-login-needed', startedAt: ago(5) },
          { kind: 'audit-poll-stalled', startedAt: ago(40) },
        ],
        fmt,
      ),
    ).toBe('Problems: Admin login needed; Audit trail not read (since 2026-12-01T13:20:00.000Z)');
  });
});

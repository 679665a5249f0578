import { describe, expect, it } from 'vitest';
import { burstCard, burstHeadline, burstSms } from '../../../src/alerts/burst-summary';
import { heldSummarySms } from '../../../src/alerts/held-summary';
import type { AuditFacts } from '../../../src/catalog/describe-audit-record';

const start = new Date('2025-04-24T21:12:00Z').getTime();
const department = (i: number, minute: number): AuditFacts => ({
  source: 'RingEX',
  recordId: `r${i}`,
  key: 'user-info-department',
  description: 'User account information changed',
  element: 'Department',
  oldValue: 'Biology',
  newValue: 'Mathematics',
  initiator: { name: 'Peter Beck MacIntyre' },
  target: { name: `Peter B MacIntyre ${i}`, objectId: String(1983009000 + i), extensionNumber: String(12000 + i) },
  eventTime: new Date(start + minute * 60_000),
  weakensSecurity: false,
});

describe('burst summary', () => {
  const facts = Array.from({ length: 37 }, (_, i) => department(i, (i * 4) / 36));

  it("When 37 users' Department changed in 4 minutes, then the headline says so", () => {
    expect(burstHeadline({ actorName: 'Peter Beck MacIntyre', facts })).toBe("Peter Beck MacIntyre changed 37 users' Department in 4 minutes");
  });

  it('When changes of different kinds come together, then the headline counts changes', () => {
    const mixed = [...facts.slice(0, 3), { ...department(99, 1), key: 'mfa-company-off' as const, description: 'MFA turned off for Company', element: 'Multi-factor authentication' }];
    expect(burstHeadline({ actorName: 'Peter Beck MacIntyre', facts: mixed })).toBe('Peter Beck MacIntyre made 4 changes in 1 minute');
  });

  it('When the card is rendered, then it lists the first 10 and "and 27 more" at the highest severity', () => {
    const card = burstCard({ actorName: 'Peter Beck MacIntyre', severity: 'high', facts, windowEndsAt: new Date(start + 10 * 60_000) }, 'America/Los_Angeles');
    const text = JSON.stringify(card);
    expect(card.fallbackText).toBe("Peter Beck MacIntyre changed 37 users' Department in 4 minutes");
    expect((text.match(/Department: Biology → Mathematics · Peter B MacIntyre \d+/g) ?? []).length).toBe(10);
    expect(text).toContain('"text":"and 27 more"');
    expect(text).toContain('Severity: High (the highest of the 37 changes)');
    expect(text).toContain('until 2:22 pm are added here');
  });

  it('When the text is written, then it is in the guide\'s style with the count and within 1000 characters', () => {
    const sms = burstSms({ actorName: 'Peter Beck MacIntyre', severity: 'low', facts, windowEndsAt: new Date(start + 10 * 60_000) }, 'America/Los_Angeles');
    expect(sms).toBe(
      'Apr 24, 2025 => 2:12 pm: 37 changes by: Peter Beck MacIntyre in 4 minutes. User account information changed. Affected Element: [Department] The targets of the change were: Peter B MacIntyre 0, Peter B MacIntyre 1, Peter B MacIntyre 2 and 34 more Severity: Low. To opt out at any time, simply reply with STOP.',
    );
  });
});

describe('held alerts summary text', () => {
  it('When more alerts are held than fit in 1000 characters, then the first ones are listed whole and the rest counted, the opt-out kept', () => {
    const sentences = Array.from({ length: 12 }, (_, i) => `Apr 24, 2025 => 11:0${i % 10} pm: User account information changed by: Ada Admin. Affected Element: [Department] old value / current action: [Biology] new value: [Mathematics] The target of the change was: Peter B MacIntyre ${i}`);
    const text = heldSummarySms('Quiet hours ended: 12 alerts held since Apr 24, 2025 => 11:00 pm.', sentences);
    expect(text.length).toBeLessThanOrEqual(1000);
    expect(text).toMatch(/^Quiet hours ended: 12 alerts held since Apr 24, 2025 => 11:00 pm\. 1\) Apr 24, 2025 => 11:00 pm: .* and \d+ more\. To opt out at any time, simply reply with STOP\.$/);
    const listed = (text.match(/\d+\) Apr/g) ?? []).length;
    expect(text).toContain(`and ${12 - listed} more.`);
  });
});

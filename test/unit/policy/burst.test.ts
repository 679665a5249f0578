import { describe, expect, it } from 'vitest';
import { planBursts, type BurstCandidate, type OpenBurst } from '../../../src/policy/burst';
import type { Severity } from '../../../src/policy/severity';

const start = new Date('2026-12-01T18:00:00Z').getTime();
const change = (i: number, minute: number, actor = 'peter', severity: Severity = 'low'): BurstCandidate => ({
  recordId: `r${i}`,
  actorKey: actor,
  actorName: actor === 'peter' ? 'Peter Beck MacIntyre' : actor,
  eventTime: new Date(start + minute * 60_000),
  severity,
});
const rule = { count: 5, windowMs: 10 * 60_000 };

describe('planBursts', () => {
  it('When one actor makes 5 changes within 10 minutes, then they open one burst at the highest severity', () => {
    const plan = planBursts([change(1, 0), change(2, 1), change(3, 2, 'peter', 'high'), change(4, 3), change(5, 9)], [], rule);
    expect(plan.singles).toEqual([]);
    expect(plan.opened).toHaveLength(1);
    expect(plan.opened[0]).toMatchObject({ actorKey: 'peter', severity: 'high', startedAt: new Date(start), windowEndsAt: new Date(start + 600_000) });
    expect(plan.opened[0]!.records.map((r) => r.recordId)).toEqual(['r1', 'r2', 'r3', 'r4', 'r5']);
  });

  it('When one actor makes 4 changes in the window, then each is sent alone', () => {
    const plan = planBursts([change(1, 0), change(2, 1), change(3, 2), change(4, 3), change(5, 11)], [], rule);
    expect(plan.opened).toEqual([]);
    expect(plan.singles.map((c) => c.recordId)).toEqual(['r1', 'r2', 'r3', 'r4', 'r5']);
  });

  it('When two actors make 3 changes each, then nobody bursts (the count is per actor)', () => {
    const plan = planBursts([change(1, 0), change(2, 0, 'ada'), change(3, 1), change(4, 1, 'ada'), change(5, 2), change(6, 2, 'ada')], [], rule);
    expect(plan.opened).toEqual([]);
    expect(plan.singles).toHaveLength(6);
  });

  it('When an open burst covers later changes by its actor, then they join it and nothing new opens', () => {
    const open: OpenBurst = { burstKey: 'k1', actorKey: 'peter', startedAt: new Date(start), windowEndsAt: new Date(start + 600_000), recordIds: ['r1', 'r2', 'r3', 'r4', 'r5'], severity: 'low' };
    const plan = planBursts([change(5, 4), change(6, 6), change(7, 8, 'peter', 'critical'), change(8, 12)], [open], rule);
    expect(plan.joined).toHaveLength(1);
    expect(plan.joined[0]!.added.map((c) => c.recordId)).toEqual(['r6', 'r7']);
    expect(plan.singles.map((c) => c.recordId)).toEqual(['r8']);
    expect(plan.opened).toEqual([]);
  });

  it('When bursts are off or the record names nobody, then every change is sent alone', () => {
    const many = Array.from({ length: 8 }, (_, i) => change(i, i));
    expect(planBursts(many, [], null).singles).toHaveLength(8);
    expect(planBursts(many.map((c) => ({ ...c, actorKey: undefined })), [], rule).singles).toHaveLength(8);
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/harness';
import { configuredWorld, type ConfiguredWorld } from '../support/world';
import { pollOnce } from '../../src/jobs/poll-audit-trail';
import { deliverDue } from '../../src/jobs/deliver-due';
import { followSms } from '../../src/jobs/follow-sms';
import { sampleAuditRecords } from '../../src/demo/sample-audit-records';

const ALERTS = 300;

let h: Harness;
let world: ConfiguredWorld;
let teams: string[];
beforeEach(async () => {
  // the simulator enforces RingCentral's limits and penalties (RINGCENTRAL.md §6)
  // LEASE_SECONDS at its maximum: the fake clock jumps a paced minute at once, faster than the delivery
  // heartbeat (real time) renews a claim, which would hand a row still waiting for its turn to another lane.
  h = await startHarness({ simulator: { rateLimits: true }, env: { LEASE_SECONDS: '600' } });
  world = await configuredWorld(h);
  teams = [world.teamId];
  for (const name of ['Help Desk', 'Compliance']) {
    const team = h.sim.addChat(world.accountId, { type: 'Team', name, memberIds: [world.adminId, world.botId] });
    await h.settle();
    await h.sim.sendChatMessage({ chatId: team.id, fromId: world.adminId, text: `![:Person](${world.botId}) notify here`, mentionIds: [world.botId] });
    await h.settle();
    teams.push(team.id);
  }
  h.clock.advance(60_000);
});
afterEach(async () => {
  expect(h.sim.specViolations).toEqual([]);
  await h.stop();
});

describe('Pacing a burst of alerts', () => {
  it('When 300 alerts go to 3 chats and 2 numbers, then every alert is delivered, RingCentral never answers 429 and no request lands in a penalty', async () => {
    const people = {
      accountId: world.accountId,
      accountName: 'Sunnyvale Biology Labs',
      actor: { id: world.adminId, extensionNumber: '101', name: 'Peter Beck MacIntyre' },
      target: { id: world.targetId, extensionNumber: '12004', name: 'Peter B MacIntyre 44' },
    };
    const samples = sampleAuditRecords(people);
    for (let i = 0; i < ALERTS; i += 1) h.sim.addAuditRecord(world.accountId, { ...samples[i % samples.length]!, id: `burst-${i}` });
    const requestsBefore = h.sim.requests.length;

    const poll = await pollOnce(h.app.deps);
    expect(poll).toMatchObject({ newEvents: ALERTS, deliveries: ALERTS * 5 });
    for (let round = 0; round < 40; round += 1) {
      await deliverDue(h.app.deps);
      // SMS are delivered only when their message records say so (Light group, paced too)
      await followSms(h.app.deps, { limit: 1000 });
      await h.settle();
      const counts = await h.app.deps.db.deliveries.countByStatus();
      if (counts.pending === 0 && counts.sending === 0 && counts.accepted === 0) break;
      h.clock.advance(60_000);
    }
    expect(await h.app.deps.db.deliveries.countByStatus()).toMatchObject({ sent: ALERTS * 3, delivered: ALERTS * 2, accepted: 0, dead: 0 });

    for (const teamId of teams) {
      expect(h.sim.cards.filter((c) => c.chatId === teamId && c.creatorId === world.botId)).toHaveLength(ALERTS);
    }
    for (const to of world.recipients) {
      expect(h.sim.sentSms.filter((s) => s.from === world.sender && s.to[0] === to)).toHaveLength(ALERTS);
    }
    const burst = h.sim.requests.slice(requestsBefore);
    expect(burst.filter((r) => r.status === 429)).toEqual([]);
    expect(burst.filter((r) => r.duringPenalty === true)).toEqual([]);
    expect(h.sim.requestsDuringPenalty).toBe(0);
    // the burst really was paced: the 900 cards alone needed more than 20 of RingCentral's minutes
    const cardTimes = burst.filter((r) => r.path.endsWith('/adaptive-cards')).map((r) => r.at);
    expect(Math.max(...cardTimes) - Math.min(...cardTimes)).toBeGreaterThan(20 * 60_000);
  }, 240_000);
});

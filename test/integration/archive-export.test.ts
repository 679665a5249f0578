import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Transaction } from 'sequelize';
import { startHarness, type Harness } from '../support/harness';
import { configuredWorld, type ConfiguredWorld } from '../support/world';
import { pollOnce } from '../../src/jobs/poll-audit-trail';
import { deliverDue } from '../../src/jobs/deliver-due';
import { sampleAuditRecords } from '../../src/demo/sample-audit-records';
import { exportArchive, type ExportOptions } from '../../src/archive/export-archive';
import { purgeArchive } from '../../src/archive/purge-archive';
import type { AuditSource, NewAuditEvent } from '../../src/db/audit-events-repository';
import { readCsv } from '../unit/archive/read-csv';

const DAY_MS = 24 * 60 * 60 * 1000;
/** A second customer account in the same database (one bot installation serves many accounts). */
const OTHER_ACCOUNT = '809646016';

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

const people = () => ({
  accountId: world.accountId,
  accountName: 'Sunnyvale Biology Labs',
  actor: { id: world.adminId, extensionNumber: '101', name: 'Peter Beck MacIntyre' },
  target: { id: world.targetId, extensionNumber: '12004', name: 'Peter B MacIntyre 44' },
});

/** A RingCX audit log entry shaped as RINGCENTRAL.md §10 describes (the RingCX poller stores them raw the same way). */
function ringcxRecord(id: number, at: Date, overrides: Record<string, unknown> = {}) {
  return {
    id,
    authUser: { userName: 'ada.admin@sunnyvale-labs.example.com', firstName: 'Ada', lastName: 'Admin', userId: 1001, sourceId: 'RC' },
    createTime: at.getTime(),
    createTimeAsDateTime: new Date(at.getTime() - 8 * 3600_000).toISOString().replace('Z', '-08:00'),
    auditedClass: 'Agent',
    auditedEntityId: '518203',
    auditedEntityDescription: 'Jane Agent (518203)',
    actionType: 'UPDATE',
    accountId: '15410001',
    auditLogResultList: [{ attributeName: 'allowLoginControl', originalValue: 'false', newValue: 'true', classType: 'java.lang.Boolean' }],
    affectedEntityJson: '{"agentId":518203,"firstName":"Jane","lastName":"Agent"}',
    ...overrides,
  };
}

/** Stores raw records straight into the archive, as a poller would. */
async function store(accountId: string, source: AuditSource, events: NewAuditEvent[]): Promise<void> {
  const db = h.app.deps.db;
  await db.sequelize.transaction({ type: Transaction.TYPES.IMMEDIATE }, (transaction) => db.auditEvents.insertNew(accountId, source, events, h.clock.now(), transaction));
}

const ringcxEvent = (record: ReturnType<typeof ringcxRecord>): NewAuditEvent => ({
  recordId: String(record.id),
  actionId: `${record.actionType}:${record.auditedClass}`,
  eventKey: null,
  eventTime: new Date(record.createTime),
  raw: JSON.stringify(record),
});

const ringexEvent = (id: string, at: Date, actionId = 'CHANGE_USER_INFO:USER'): NewAuditEvent => ({
  recordId: id,
  actionId,
  eventKey: null,
  eventTime: at,
  raw: JSON.stringify({ id, eventTime: at.toISOString(), actionId, eventType: 'UPDATE', accountId: OTHER_ACCOUNT, accountName: 'Mountain View Chemistry', clientIp: '198.51.100.7', initiator: { extensionId: '40001', extensionNumber: '100', name: 'Mara Chen', role: 'Super Admin' }, target: { objectId: OTHER_ACCOUNT, objectType: 'Account', name: 'Mountain View Chemistry' }, details: { parameters: [{ key: 'param0', value: 'Multi-factor authentication' }] } }),
});

/** Runs the export into one string; also returns how many times it wrote. */
async function runExport(options: Partial<ExportOptions> & Pick<ExportOptions, 'since'>) {
  const chunks: string[] = [];
  const summary = await exportArchive(h.app.deps.db, { until: h.clock.now(), format: 'jsonl', ...options }, (chunk) => void chunks.push(chunk));
  return { text: chunks.join(''), chunks, summary };
}

const jsonLines = (text: string) => {
  expect(text === '' || text.endsWith('\n')).toBe(true);
  return text.split('\n').filter(Boolean).map((line) => ({ line, value: JSON.parse(line) as { source: string; accountId: string; recordId: string; eventTime: string; record: unknown } }));
};

/** Every stored row, as the database holds it. */
async function storedRows() {
  const rows = await h.app.deps.db.models.AuditEvent.findAll({ order: [['eventTime', 'ASC'], ['source', 'ASC'], ['accountId', 'ASC'], ['recordId', 'ASC']] });
  return rows.map((r) => ({ source: r.source, accountId: r.accountId, recordId: r.recordId, actionId: r.actionId, eventTime: r.eventTime, raw: r.raw }));
}

/** 17 RingEX records fetched by a real poll, and three RingCX records stored raw beside them. */
async function archiveWithBothSources() {
  const fetched = sampleAuditRecords(people()).map((record) => h.sim.addAuditRecord(world.accountId, record));
  const poll = await pollOnce(h.app.deps);
  expect(poll).toMatchObject({ polled: 1, newEvents: 17 });
  const t = h.clock.now().getTime();
  const ringcx = [
    ringcxRecord(90417, new Date(t - 3 * 60_000)),
    // Names and values with every character CSV must quote.
    ringcxRecord(90418, new Date(t - 2 * 60_000), {
      authUser: { userName: 'obrien@sunnyvale-labs.example.com', firstName: 'Pat "PJ"', lastName: "O'Brien, Jr.", userId: 1002, sourceId: 'RC' },
      auditedEntityDescription: 'Queue "Tier 1",\nafter hours',
      auditLogResultList: [{ attributeName: 'greeting', originalValue: 'Hello,\r\nworld', newValue: 'Bye "now"', classType: 'java.lang.String' }],
    }),
    ringcxRecord(90419, new Date(t - 60_000), { actionType: 'DELETE', auditedClass: 'Campaign', auditedEntityId: '3301', auditedEntityDescription: 'Spring outreach' }),
  ];
  await store(world.accountId, 'ringcx', ringcx.map(ringcxEvent));
  return { fetched, ringcx };
}

describe('Archive export', () => {
  it('When RingEX records were polled and RingCX records stored, then the JSONL export gives back every stored raw record exactly, oldest first, with its source and account', async () => {
    const { fetched, ringcx } = await archiveWithBothSources();
    const { text, summary } = await runExport({ since: new Date(h.clock.now().getTime() - DAY_MS) });

    const stored = await storedRows();
    expect(stored).toHaveLength(20);
    const lines = jsonLines(text);
    expect(summary).toMatchObject({ records: 20, bySource: { ringex: 17, ringcx: 3 } });
    expect(lines.map((l) => l.line)).toEqual(
      stored.map(
        (r) =>
          `{"source":"${r.source}","accountId":"${r.accountId}","recordId":${JSON.stringify(r.recordId)},"eventTime":"${r.eventTime.toISOString()}","record":${r.raw}}`,
      ),
    );
    // The raw records are RingCentral's, exactly as the simulator served them and as RingCX sent them.
    const ringexOut = lines.filter((l) => l.value.source === 'ringex');
    expect(ringexOut.map((l) => l.value.record).sort((a, b) => String((a as { id: string }).id).localeCompare(String((b as { id: string }).id)))).toEqual(
      [...fetched].sort((a, b) => a.id.localeCompare(b.id)),
    );
    expect(lines.filter((l) => l.value.source === 'ringcx').map((l) => l.value.record)).toEqual(ringcx);
    for (const l of lines) expect(l.value.accountId).toBe(world.accountId);
  });

  it('When exported as CSV, then a header and one RFC 4180 row per record give back the raw JSON exactly, with the names that need quoting intact', async () => {
    await archiveWithBothSources();
    const { text } = await runExport({ since: new Date(h.clock.now().getTime() - DAY_MS), format: 'csv' });

    const [header, ...rows] = readCsv(text);
    expect(header).toEqual(['source', 'account_id', 'record_id', 'event_time', 'action_id', 'initiator_name', 'target_name', 'raw']);
    const stored = await storedRows();
    expect(rows.map((r) => [r[0], r[1], r[2], r[3], r[4], r[7]])).toEqual(
      stored.map((s) => [s.source, s.accountId, s.recordId, s.eventTime.toISOString(), s.actionId, s.raw]),
    );
    const department = rows.find((r) => r[7]?.includes('"Department"'))!;
    expect(department.slice(5, 7)).toEqual(['Peter Beck MacIntyre', 'Peter B MacIntyre 44']);
    expect(rows.find((r) => r[2] === '90418')?.slice(5, 7)).toEqual([`Pat "PJ" O'Brien, Jr.`, 'Queue "Tier 1",\nafter hours']);
    expect(rows.find((r) => r[2] === '90419')?.slice(4, 7)).toEqual(['DELETE:Campaign', 'Ada Admin', 'Spring outreach']);
  });

  it('When since, until, source and account are given, then exactly the records inside [since, until) of that source and account come out', async () => {
    const base = new Date('2026-01-10T00:00:00.000Z').getTime();
    const at = (days: number) => new Date(base + days * DAY_MS);
    await store(world.accountId, 'ringcx', [ringcxEvent(ringcxRecord(1, at(0))), ringcxEvent(ringcxRecord(2, at(5))), ringcxEvent(ringcxRecord(3, at(10)))]);
    await store(world.accountId, 'ringex', [ringexEvent('ex-before', at(-0.001)), ringexEvent('ex-since', at(0)), ringexEvent('ex-mid', at(5)), ringexEvent('ex-until', at(10))]);
    await store(OTHER_ACCOUNT, 'ringex', [ringexEvent('other-mid', at(5))]);
    const ids = async (options: Partial<ExportOptions>) => jsonLines((await runExport({ since: at(0), until: at(10), ...options })).text).map((l) => l.value.recordId);

    // since is inclusive, until exclusive
    expect(await ids({})).toEqual(['1', 'ex-since', '2', 'ex-mid', 'other-mid']);
    expect(await ids({ source: 'ringex' })).toEqual(['ex-since', 'ex-mid', 'other-mid']);
    expect(await ids({ source: 'ringcx' })).toEqual(['1', '2']);
    expect(await ids({ accountId: OTHER_ACCOUNT })).toEqual(['other-mid']);
    expect(await ids({ accountId: world.accountId, source: 'ringex' })).toEqual(['ex-since', 'ex-mid']);
    expect(await ids({ since: at(4), until: at(11) })).toEqual(['2', 'ex-mid', 'other-mid', '3', 'ex-until']);
    expect(await ids({ accountId: 'no-such-account' })).toEqual([]);
    const csv = await runExport({ since: at(20), until: at(30), format: 'csv' });
    expect(readCsv(csv.text)).toHaveLength(1); // the header alone
  });

  it('When 2,500 records are exported with pages of 1,000, then the database is read in 3 page queries and each page is written before the next is read, ties on event_time included', async () => {
    const base = h.clock.now().getTime() - 30 * DAY_MS;
    // 25 distinct times, 100 records each, across two accounts and both sources: page edges fall inside ties.
    const events = (prefix: string, count: number, offset: number) =>
      Array.from({ length: count }, (_, i) => ringexEvent(`${prefix}-${String(i).padStart(4, '0')}`, new Date(base + Math.floor((i + offset) / 100) * 60_000)));
    await store(world.accountId, 'ringex', events('a', 1000, 0));
    await store(OTHER_ACCOUNT, 'ringex', events('b', 700, 0));
    await store(world.accountId, 'ringcx', events('c', 800, 50));
    const page = vi.spyOn(h.app.deps.db.auditEvents, 'archivePage');
    const chunks: string[] = [];
    const write = vi.fn((chunk: string) => void chunks.push(chunk));
    const summary = await exportArchive(h.app.deps.db, { since: new Date(base - 1), until: h.clock.now(), format: 'jsonl', pageSize: 1000 }, write);
    const order = [
      ...page.mock.invocationCallOrder.map((n) => [n, 'read'] as const),
      ...write.mock.invocationCallOrder.map((n) => [n, 'write'] as const),
    ]
      .sort((a, b) => a[0] - b[0])
      .map(([, what]) => what);

    expect(summary).toMatchObject({ records: 2500, pages: 3, bySource: { ringex: 1700, ringcx: 800 } });
    expect(page).toHaveBeenCalledTimes(3);
    for (const call of page.mock.calls) expect(call[2]).toBe(1000);
    expect(order).toEqual(['read', 'write', 'read', 'write', 'read', 'write']);
    expect(chunks.map((c) => c.split('\n').filter(Boolean).length)).toEqual([1000, 1000, 500]);
    const out = jsonLines(chunks.join('')).map((l) => `${l.value.source}/${l.value.accountId}/${l.value.recordId}`);
    expect(new Set(out).size).toBe(2500);
    expect(out).toEqual((await storedRows()).map((r) => `${r.source}/${r.accountId}/${r.recordId}`));
  });
});

describe('Archive retention', () => {
  it('When the daily purge runs, then records older than ARCHIVE_RETENTION_DAYS go in batches with their sent and dead deliveries; newer records and a record with a pending delivery stay', async () => {
    expect(h.config.archiveRetentionDays).toBe(400);
    const now = h.clock.now().getTime();
    const old = (days: number) => new Date(now - days * DAY_MS);
    // A fresh RingEX record, polled and delivered (sent) today.
    const today = h.sim.addAuditRecord(world.accountId, sampleAuditRecords(people())[0]!);
    await pollOnce(h.app.deps);
    expect(await deliverDue(h.app.deps)).toMatchObject({ sent: 1, accepted: 2 });
    // Old records of both sources and two accounts, just past and just inside the retention.
    await store(world.accountId, 'ringex', [ringexEvent('old-sent', old(401)), ringexEvent('old-pending', old(500)), ringexEvent('old-dead', old(450)), ringexEvent('kept', old(399))]);
    await store(world.accountId, 'ringcx', [ringcxEvent(ringcxRecord(7001, old(420))), ringcxEvent(ringcxRecord(7002, old(400.5)))]);
    await store(OTHER_ACCOUNT, 'ringex', [ringexEvent('other-old', old(800)), ringexEvent('other-kept', old(10))]);
    const deliveries = h.app.deps.db.deliveries;
    const outbox = (accountId: string, source: AuditSource, recordId: string) => ({ accountId, source, recordId, adminExtensionId: world.adminId, channel: 'sms' as const, destination: '+16505550101' });
    await deliveries.insertMany(
      [outbox(world.accountId, 'ringex', 'old-sent'), outbox(world.accountId, 'ringex', 'old-pending'), outbox(world.accountId, 'ringex', 'old-dead'), outbox(world.accountId, 'ringex', 'kept'), outbox(world.accountId, 'ringcx', '7001')],
      h.clock.now(),
    );
    const idOf = async (source: AuditSource, recordId: string) => (await deliveries.listByRecord(world.accountId, source, recordId))[0]!.id;
    // SMS rows: accepted when the POST returned, delivered once their message record said so.
    const delivered = async (id: number, messageId: string) => {
      await deliveries.markAccepted(id, messageId, h.clock.now(), h.clock.now());
      await deliveries.settle(id, 'delivered', h.clock.now(), null, null);
    };
    await delivered(await idOf('ringex', 'old-sent'), 'msg-1');
    await deliveries.markDead(await idOf('ringex', 'old-dead'), 'SMS-CAR-451');
    await delivered(await idOf('ringex', 'kept'), 'msg-2');
    await delivered(await idOf('ringcx', '7001'), 'msg-3');
    const deliveriesBefore = await h.app.deps.db.models.Delivery.count();
    // Two of the old alerts were acknowledged: their triage goes with the record, not before it.
    const triage = h.app.deps.db.triage;
    const ref = (recordId: string) => ({ accountId: world.accountId, source: 'ringex' as const, recordId });
    for (const id of ['old-sent', 'old-pending']) expect((await triage.change(ref(id), 0, 'acknowledged', { id: world.adminId, name: 'Peter MacIntyre' }, null, h.clock.now())).ok).toBe(true);

    const summary = await purgeArchive(h.app.deps, { batchSize: 2 });
    expect(await triage.history(ref('old-sent'))).toEqual([]);
    expect(await triage.get(ref('old-sent'))).toMatchObject({ state: 'open', version: 0 });
    expect(await triage.get(ref('old-pending'))).toMatchObject({ state: 'acknowledged', version: 1 });
    expect(await triage.history(ref('old-pending'))).toHaveLength(1);

    expect((await storedRows()).map((r) => `${r.source}/${r.accountId === world.accountId ? 'ours' : 'other'}/${r.recordId}`)).toEqual([
      'ringex/ours/old-pending',
      'ringex/ours/kept',
      'ringex/other/other-kept',
      `ringex/ours/${today.id}`,
    ]);
    expect(summary).toMatchObject({ events: 5, deliveries: 3, batches: 3 });
    expect(summary.cutoff.getTime()).toBeGreaterThanOrEqual(now - 400 * DAY_MS);
    expect(summary.cutoff.getTime()).toBeLessThanOrEqual(h.clock.now().getTime() - 400 * DAY_MS);
    expect(await h.app.deps.db.models.Delivery.count()).toBe(deliveriesBefore - 3);
    expect(await deliveries.listByRecord(world.accountId, 'ringex', 'old-pending')).toMatchObject([{ status: 'pending' }]);
    expect(await deliveries.listByRecord(world.accountId, 'ringex', 'kept')).toHaveLength(1);
    expect(await deliveries.listByRecord(world.accountId, 'ringcx', '7001')).toEqual([]);
    // Today's chat card (sent) and two SMS still accepted (not yet confirmed) stay with their record.
    expect(await h.app.deps.db.deliveries.countByStatus()).toMatchObject({ sent: 1, accepted: 2, delivered: 1, pending: 1 });

    // Once its delivery is settled, the held-back record goes at the next daily run.
    await deliveries.markDead(await idOf('ringex', 'old-pending'), 'gave up after 24 hours');
    expect(await purgeArchive(h.app.deps)).toMatchObject({ events: 1, deliveries: 1, batches: 1 });
    expect((await storedRows()).map((r) => r.recordId)).not.toContain('old-pending');
    expect(await triage.history(ref('old-pending'))).toEqual([]);
    expect(await purgeArchive(h.app.deps)).toMatchObject({ events: 0, deliveries: 0, batches: 0 });

    // The export no longer sees what was purged.
    const exported = jsonLines((await runExport({ since: old(1000) })).text).map((l) => l.value.recordId);
    expect(exported).toHaveLength(3);
    expect(exported).toContain('kept');
  });

  it('When an old record\'s SMS is still accepted (its message record not settled yet), then the purge keeps the record until the SMS settles', async () => {
    const old = new Date(h.clock.now().getTime() - 500 * DAY_MS);
    await store(world.accountId, 'ringex', [ringexEvent('old-following', old)]);
    const deliveries = h.app.deps.db.deliveries;
    await deliveries.insertMany([{ accountId: world.accountId, source: 'ringex', recordId: 'old-following', adminExtensionId: world.adminId, channel: 'sms', destination: '+16505550101' }], h.clock.now());
    const [row] = await deliveries.listByRecord(world.accountId, 'ringex', 'old-following');
    await deliveries.markAccepted(row!.id, 'msg-following', h.clock.now(), h.clock.now());
    expect(await purgeArchive(h.app.deps)).toMatchObject({ events: 0, deliveries: 0 });
    expect((await storedRows()).map((r) => r.recordId)).toContain('old-following');
    await deliveries.settle(row!.id, 'delivered', h.clock.now(), null, null);
    expect(await purgeArchive(h.app.deps)).toMatchObject({ events: 1, deliveries: 1 });
    expect((await storedRows()).map((r) => r.recordId)).not.toContain('old-following');
  });
});

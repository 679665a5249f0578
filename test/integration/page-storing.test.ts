import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Transaction } from 'sequelize';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { openDatabase, type Database } from '../../src/db/database';
import { TokenCipher, parseEncryptionKey } from '../../src/crypto/token-cipher';
import { ENCRYPTION_KEY } from '../support/harness';
import type { NewAuditEvent } from '../../src/db/audit-events-repository';
import type { NewDelivery } from '../../src/db/deliveries-repository';

let testDb: TestDatabase;
let db: Database;
beforeAll(async () => {
  testDb = await createTestDatabase();
  db = await openDatabase(testDb.url, new TokenCipher(parseEncryptionKey(ENCRYPTION_KEY)));
});
afterAll(async () => {
  await db.close();
  await testDb.drop();
});

const event = (recordId: string, raw: object = { id: recordId }): NewAuditEvent => ({
  recordId,
  actionId: 'CHANGE_USER_INFO:USER',
  eventKey: 'user-email',
  eventTime: new Date('2026-11-30T10:00:00Z'),
  raw: JSON.stringify(raw),
});
const row = (recordId: string, destination: string, extra: Partial<NewDelivery> = {}): NewDelivery => ({
  source: 'ringex',
  accountId: '37439510',
  recordId,
  adminExtensionId: '62001',
  channel: 'sms',
  destination,
  ...extra,
});
// as the poller stores a page: the outbox rows told which events are new
const store = (events: NewAuditEvent[], rows: (fresh: NewAuditEvent[]) => NewDelivery[]) =>
  db.sequelize.transaction({ type: Transaction.TYPES.IMMEDIATE }, async (transaction) => {
    const fresh = await db.auditEvents.insertNew('37439510', 'ringex', events, new Date('2026-11-30T10:01:00Z'), transaction);
    await db.deliveries.insertMany(rows(fresh), new Date('2026-11-30T10:01:00Z'), transaction, { newEventIds: new Set(fresh.map((e) => e.recordId)) });
    return fresh.map((e) => e.recordId);
  });

describe(`Storing a fetched page (${process.env.TEST_DB ?? 'sqlite'})`, () => {
  it('When a page is stored twice, then the second time nothing is new and no outbox row is added', async () => {
    const first = event('p-1', { id: 'p-1', initiator: { name: 'Zoë "Z" O\'Brien \\ admin' } });
    const page = [first, event('p-2'), first];
    const plan = (fresh: NewAuditEvent[]) => fresh.flatMap((e) => [row(e.recordId, '+16505550101'), row(e.recordId, '+16505550102'), row(e.recordId, '+16505550101')]);
    expect(await store(page, plan)).toEqual(['p-1', 'p-2']);
    expect(await store(page, plan)).toEqual([]);
    const stored = await db.auditEvents.findMany('37439510', 'ringex', ['p-1', 'p-2']);
    // the raw record comes back byte for byte (quotes, backslash, non-ASCII)
    expect(stored.find((e) => e.recordId === 'p-1')!.raw).toBe(JSON.stringify({ id: 'p-1', initiator: { name: 'Zoë "Z" O\'Brien \\ admin' } }));
    const rows = await db.models.Delivery.findAll({ where: { recordId: ['p-1', 'p-2'] }, order: [['id', 'ASC']] });
    expect(rows.map((r) => `${r.recordId} ${r.destination} ${r.status} ${r.kind}`)).toEqual([
      'p-1 +16505550101 pending alert',
      'p-1 +16505550102 pending alert',
      'p-2 +16505550101 pending alert',
      'p-2 +16505550102 pending alert',
    ]);
  });

  it('When an outbox row is to wait (a digest), then it is stored due at that time; another page adding the same digest row adds nothing', async () => {
    const notBefore = new Date('2026-11-30T17:00:00Z');
    await store([event('d-1')], () => [row('digest:sms:1796058000000', '+16505550101', { notBefore, kind: 'alert' })]);
    await store([event('d-2')], () => [row('digest:sms:1796058000000', '+16505550101', { notBefore, kind: 'alert' })]);
    const rows = await db.models.Delivery.findAll({ where: { recordId: 'digest:sms:1796058000000' } });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.nextAttemptAt.toISOString()).toBe('2026-11-30T17:00:00.000Z');
  });

  it('When a record id holds a lone UTF-16 surrogate, then the page is still stored, and the event and its outbox row keep one and the same record id', async () => {
    const odd = 'odd-\uD800-id';
    // reported new under the id it is stored with (U+FFFD in the surrogate's place), so its alert is planned
    expect(await store([event(odd), event('after-odd')], (fresh) => fresh.map((e) => row(e.recordId, '+16505550103')))).toEqual(['odd-\uFFFD-id', 'after-odd']);
    const events = await db.models.AuditEvent.findAll({ where: { accountId: '37439510' } });
    const storedOdd = events.map((e) => e.recordId).find((id) => id.startsWith('odd-'))!;
    expect(storedOdd).toBe('odd-\uFFFD-id');
    const rows = await db.models.Delivery.findAll({ where: { destination: '+16505550103' }, order: [['id', 'ASC']] });
    expect(rows.map((r) => r.recordId)).toEqual([storedOdd, 'after-odd']);
  });

  it('When a record id holds a NUL, then both databases store the page the same way: U+FFFD in its place, in the event and in its outbox row', async () => {
    expect(await store([event('nul-\u0000-id')], (fresh) => fresh.map((e) => row(e.recordId, '+16505550106')))).toEqual(['nul-\uFFFD-id']);
    expect((await db.auditEvents.findMany('37439510', 'ringex', ['nul-\uFFFD-id'])).map((e) => e.recordId)).toEqual(['nul-\uFFFD-id']);
    const rows = await db.models.Delivery.findAll({ where: { destination: '+16505550106' } });
    expect(rows.map((r) => r.recordId)).toEqual(['nul-\uFFFD-id']);
  });

  it('When a new event already has an outbox row (a record purged from the archive and fetched again), then the page is still stored: the old row stays as it was and only the missing ones are added', async () => {
    await db.deliveries.insertMany([row('again-1', '+16505550104')], new Date('2026-11-01T10:00:00Z'));
    await db.models.Delivery.update({ status: 'delivered' }, { where: { recordId: 'again-1' } });
    const plan = (fresh: NewAuditEvent[]) => fresh.flatMap((e) => [row(e.recordId, '+16505550104'), row(e.recordId, '+16505550105')]);
    expect(await store([event('again-1'), event('again-2')], plan)).toEqual(['again-1', 'again-2']);
    const rows = await db.models.Delivery.findAll({ where: { recordId: ['again-1', 'again-2'] }, order: [['recordId', 'ASC'], ['destination', 'ASC']] });
    expect(rows.map((r) => `${r.recordId} ${r.destination} ${r.status}`)).toEqual([
      'again-1 +16505550104 delivered',
      'again-1 +16505550105 pending',
      'again-2 +16505550104 pending',
      'again-2 +16505550105 pending',
    ]);
  });
});

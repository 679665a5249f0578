import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Sequelize } from 'sequelize';
import { connectDatabase } from '../../src/db/connect';
import { createMigrator } from '../../src/db/migrate';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

let db: TestDatabase;
let sequelize: Sequelize;
beforeEach(async () => {
  db = await createTestDatabase();
  sequelize = connectDatabase(db.url);
});
afterEach(async () => {
  await sequelize.close();
  await db.drop();
});

const rows = async (sql: string) => (await sequelize.query(sql))[0] as Record<string, unknown>[];

describe('Migration 20261201180000-sms-outcomes', () => {
  it('When opt-outs stored per recipient exist, then they become pairs with sender "" (every number) and come back on the way down', async () => {
    const migrator = createMigrator(sequelize);
    await migrator.up({ to: '20261201170000-verification-token-index' });
    await sequelize.query(`INSERT INTO sms_opt_outs (account_id, phone_number, reason, opted_out_at) VALUES ('400100', '+16505550101', 'replied STOP', '2026-11-30 10:00:00')`);

    await migrator.up({ to: '20261201180000-sms-outcomes' });
    expect(await rows(`SELECT account_id, sender, phone_number, source, reason FROM sms_opt_outs`)).toEqual([
      { account_id: '400100', sender: '', phone_number: '+16505550101', source: 'reply', reason: 'replied STOP' },
    ]);
    // A second pair for the same recipient is allowed now.
    await sequelize.query(`INSERT INTO sms_opt_outs (account_id, sender, phone_number, source, reason, opted_out_at) VALUES ('400100', '+16505550100', '+16505550101', 'delivery', 'RingCentral reported SMS-RC-413', '2026-12-01 10:00:00')`);
    expect(await rows(`SELECT checks, next_check_at, delivery_error_code, settled_at FROM deliveries`)).toEqual([]);

    await migrator.down({ to: '20261201180000-sms-outcomes' });
    expect(await rows(`SELECT account_id, phone_number FROM sms_opt_outs`)).toEqual([{ account_id: '400100', phone_number: '+16505550101' }]);
  });
});

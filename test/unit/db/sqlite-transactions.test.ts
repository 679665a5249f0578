import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { QueryTypes, type Sequelize } from 'sequelize';
import { connectDatabase, type StrayQueries } from '../../../src/db/connect';

let dir: string;
let opened: Sequelize[] = [];
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atb-sqlite-tx-'));
});
afterEach(async () => {
  for (const sequelize of opened) await sequelize.close();
  opened = [];
  fs.rmSync(dir, { recursive: true, force: true });
});

async function open(strayQueries: StrayQueries): Promise<Sequelize> {
  const sequelize = connectDatabase(`sqlite:${path.join(dir, 'bot.sqlite')}`, undefined, { strayQueries });
  opened.push(sequelize);
  await sequelize.query('CREATE TABLE leases (id INTEGER PRIMARY KEY, owner TEXT)');
  await sequelize.query('CREATE TABLE events (id INTEGER PRIMARY KEY, name TEXT)');
  await sequelize.query("INSERT INTO leases (id, owner) VALUES (1, 'nobody')");
  return sequelize;
}

const names = (sequelize: Sequelize, options: object = {}) =>
  sequelize.query<{ name: string }>('SELECT name FROM events ORDER BY id', { type: QueryTypes.SELECT, ...options }).then((rows) => rows.map((r) => r.name));

describe('SQLite transactions and the queries made inside them', () => {
  it('When a transaction holds the write lock, another task writes, and the transaction then reads without naming itself, then both finish at once (no wait for the busy timeout) and the read sees the transaction\'s own rows', async () => {
    const sequelize = await open('join');
    let leaseWrite: Promise<unknown> | undefined;
    const started = Date.now();
    const seen = await sequelize.transaction(async (transaction) => {
      await sequelize.query("INSERT INTO events (name) VALUES ('mfa-off')", { transaction });
      // another task (a poll's lease renewal) writes on the shared connection: it waits for this transaction's lock
      leaseWrite = sequelize.query("UPDATE leases SET owner = 'poller-2' WHERE id = 1");
      await new Promise((resolve) => setTimeout(resolve, 50));
      // this read names no transaction: on the shared connection it would queue behind that waiting write
      return names(sequelize);
    });
    await leaseWrite;
    expect(seen).toEqual(['mfa-off']);
    expect(Date.now() - started).toBeLessThan(10_000); // the busy timeout is 15 s: a deadlock would end only then, in SQLITE_BUSY
    expect(await sequelize.query('SELECT owner FROM leases', { type: QueryTypes.SELECT })).toEqual([{ owner: 'poller-2' }]);
    expect(await names(sequelize)).toEqual(['mfa-off']);
  });

  it('When a transaction is opened inside another without naming it, then it becomes part of the outer one (its rows commit with it)', async () => {
    const sequelize = await open('join');
    await sequelize.transaction(async (outer) => {
      await sequelize.query("INSERT INTO events (name) VALUES ('outer')", { transaction: outer });
      await sequelize.transaction(async (inner) => {
        await sequelize.query("INSERT INTO events (name) VALUES ('inner')", { transaction: inner });
      });
    });
    expect(await names(sequelize)).toEqual(['outer', 'inner']);
  });

  it('When the tests run (strict), then a query inside a transaction that does not name it fails with the reason, and the transaction rolls back', async () => {
    const sequelize = await open('throw');
    await expect(
      sequelize.transaction(async (transaction) => {
        await sequelize.query("INSERT INTO events (name) VALUES ('lost')", { transaction });
        await names(sequelize);
      }),
    ).rejects.toThrow(/The query "SELECT name FROM events ORDER BY id" inside transaction .* does not name it; pass \{ transaction \}/);
    expect(await names(sequelize)).toEqual([]);
  });

  it('When a query names its transaction, or runs after the transaction ended, then the guard leaves it alone', async () => {
    const sequelize = await open('throw');
    let after: Promise<string[]> | undefined;
    let ended!: () => void;
    const transactionOver = new Promise<void>((resolve) => (ended = resolve));
    await sequelize.transaction(async (transaction) => {
      await sequelize.query("INSERT INTO events (name) VALUES ('kept')", { transaction });
      expect(await names(sequelize, { transaction })).toEqual(['kept']);
      // work started inside and finished later (a background task) runs on its own once the transaction is over
      after = transactionOver.then(() => names(sequelize));
    });
    ended();
    expect(await after).toEqual(['kept']);
  });
});

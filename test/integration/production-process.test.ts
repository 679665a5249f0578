import { spawn, spawnSync } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { QueryTypes, type Sequelize } from 'sequelize';
import { ADMIN_CLIENT_ID, ADMIN_CLIENT_SECRET, BOT_CLIENT_ID, BOT_CLIENT_SECRET, ENCRYPTION_KEY, SHARED_SECRET, startHarness, type Harness } from '../support/harness';
import { configuredWorld, type ConfiguredWorld } from '../support/world';
import { sampleAuditRecords } from '../../src/demo/sample-audit-records';
import { connectDatabase } from '../../src/db/connect';
import { parseEncryptionKey, TokenCipher } from '../../src/crypto/token-cipher';

const ROOT = path.resolve(__dirname, '../..');
// Each test starts real processes (and PostgreSQL databases): more than the default 20 s on a busy machine.
vi.setConfig({ testTimeout: 60_000 });
const NEW_KEY = 'Zm9yLXRlc3RzLW9ubHktYS1zZWNvbmQta2V5LTMyYiE=';
const OTHER_KEY = 'b3RoZXIta2V5LW5vdC10aGUtb25lLXVzZWQtMzJieXQ=';

/**
 * The process tests run what production runs, compiled by the build's own tsconfig, into a folder of
 * this test project's own (so the SQLite and PostgreSQL runs, and other tests building dist/, never
 * write over each other's files while a process reads them).
 */
const OUT = path.join(ROOT, '.test-dist', process.env.TEST_DB ?? 'sqlite');
beforeAll(() => {
  const tsc = path.join(ROOT, 'node_modules', '.bin', 'tsc');
  const build = spawnSync(tsc, ['-p', 'tsconfig.build.json', '--outDir', OUT, '--tsBuildInfoFile', path.join(OUT, '.tsbuildinfo')], { cwd: ROOT, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`the build failed:\n${build.stdout}${build.stderr}`);
}, 120_000);

let h: Harness;
let world: ConfiguredWorld;
afterEach(async () => {
  await h.stop();
});

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** The environment a real deployment would set, pointing at the test's simulator and database. */
function botEnv(port: number, overrides: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    RINGCENTRAL_SERVER: h.sim.url,
    RINGCX_SERVER: h.sim.ringcxUrl,
    RINGCENTRAL_BOT_CLIENT_ID: BOT_CLIENT_ID,
    RINGCENTRAL_BOT_CLIENT_SECRET: BOT_CLIENT_SECRET,
    RINGCENTRAL_CLIENT_ID: ADMIN_CLIENT_ID,
    RINGCENTRAL_CLIENT_SECRET: ADMIN_CLIENT_SECRET,
    RINGCENTRAL_SHARED_SECRET: SHARED_SECRET,
    APP_SERVER: `http://127.0.0.1:${port}`,
    PORT: String(port),
    DATABASE_URL: h.db.url,
    ENCRYPTION_KEY,
    LOG_LEVEL: 'info',
    ...overrides,
  };
}

interface Child {
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill: (signal: NodeJS.Signals) => void;
}

function run(script: string, args: string[], env: Record<string, string>): Child {
  const child = spawn(process.execPath, [path.join(OUT, script), ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return { output: () => output, exited, kill: (signal) => child.kill(signal) };
}

async function until(what: string, condition: () => boolean | Promise<boolean>, child: Child, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; output:\n${child.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function withDatabase<T>(work: (sequelize: Sequelize) => Promise<T>): Promise<T> {
  const sequelize = connectDatabase(h.db.url);
  try {
    return await work(sequelize);
  } finally {
    await sequelize.close();
  }
}

const sealedValues = () =>
  withDatabase(async (s) => {
    const installs = await s.query<{ v: string }>('SELECT token_enc AS v FROM bot_installations WHERE token_enc IS NOT NULL', { type: QueryTypes.SELECT });
    const admins = await s.query<{ a: string; r: string }>('SELECT access_token_enc AS a, refresh_token_enc AS r FROM admin_authorizations WHERE access_token_enc IS NOT NULL', { type: QueryTypes.SELECT });
    return [...installs.map((row) => row.v), ...admins.flatMap((row) => [row.a, row.r])];
  });

async function preparedWorld(): Promise<void> {
  h = await startHarness();
  world = await configuredWorld(h);
  // The in-process app stops: from here on only the spawned process uses the database.
  await h.app.close();
}

describe('The production process (node dist/src/main.js)', () => {
  it('When it gets SIGTERM while an SMS send hangs, then that send finishes and is recorded, the server closes and the process exits 0', async () => {
    await preparedWorld();
    const [record] = sampleAuditRecords({
      accountId: world.accountId,
      accountName: 'Sunnyvale Biology Labs',
      actor: { id: world.adminId, extensionNumber: '101', name: 'Peter Beck MacIntyre' },
      target: { id: world.targetId, extensionNumber: '12004', name: 'Peter B MacIntyre 44' },
    });
    h.sim.addAuditRecord(world.accountId, { ...record!, eventTime: new Date(Date.now() + 1000).toISOString() });
    // The first alert SMS hangs for 2 s, then its connection drops (no answer, as from a dead upstream).
    h.sim.failNext({ path: /\/extension\/[^/]+\/sms$/, method: 'POST' }, { kind: 'timeout', ms: 2000 });
    const port = await freePort();
    const bot = run('src/main.js', [], botEnv(port, { POLL_CRON: '* * * * * *' }));
    await until('the bot to answer /healthz', async () => (await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => undefined))?.status === 200, bot);
    const smsRequests = () => h.sim.requests.filter((r) => r.method === 'POST' && /\/sms$/.test(r.path)).length;
    await until('an alert SMS to be in flight', () => smsRequests() > 0, bot);
    bot.kill('SIGTERM');

    const exit = await bot.exited;
    expect(exit, bot.output()).toEqual({ code: 0, signal: null });
    expect(bot.output()).toContain('"msg":"stopping: finishing the work under way"');
    expect(bot.output()).toContain('"msg":"stopped"');
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
    const rows = await withDatabase((s) => s.query<{ status: string; last_error: string | null }>("SELECT status, last_error FROM deliveries WHERE channel = 'sms'", { type: QueryTypes.SELECT }));
    expect(rows.filter((r) => r.status === 'sending')).toEqual([]);
    expect(rows.some((r) => r.status === 'pending' && /could not be reached|did not answer/.test(r.last_error ?? ''))).toBe(true);
  });

  it('When it gets SIGINT while idle, then it exits 0', async () => {
    await preparedWorld();
    const port = await freePort();
    const bot = run('src/main.js', [], botEnv(port));
    await until('the bot to answer /healthz', async () => (await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => undefined))?.status === 200, bot);
    bot.kill('SIGINT');
    expect(await bot.exited, bot.output()).toEqual({ code: 0, signal: null });
  });
});

describe('ENCRYPTION_KEY and npm run rotate-key', () => {
  it('When the bot starts with another ENCRYPTION_KEY than the tokens were sealed with, then it says so and exits 1', async () => {
    await preparedWorld();
    const bot = run('src/main.js', [], botEnv(await freePort(), { ENCRYPTION_KEY: OTHER_KEY }));
    expect((await bot.exited).code).toBe(1);
    expect(bot.output().trim()).toBe('ENCRYPTION_KEY does not match the one these tokens were sealed with');
    const poll = run('src/cli/poll.js', [], botEnv(await freePort(), { ENCRYPTION_KEY: OTHER_KEY }));
    expect((await poll.exited).code).toBe(1);
    expect(poll.output()).toContain('ENCRYPTION_KEY does not match the one these tokens were sealed with');
  });

  it('When rotate-key gets a new key of the wrong size, or ENCRYPTION_KEY is not the old key, then nothing changes and it exits 2 with the reason', async () => {
    await preparedWorld();
    const before = await sealedValues();
    expect(before.length).toBeGreaterThanOrEqual(3);

    const short = run('src/cli/rotate-key.js', ['--new-key', 'c2hvcnQta2V5LTE2Ynl0ZQ=='], botEnv(0));
    expect((await short.exited).code).toBe(2);
    expect(short.output()).toContain('rotate-key refused: The new key must decode to 32 bytes, got 16');

    const wrongOld = run('src/cli/rotate-key.js', ['--new-key', NEW_KEY], botEnv(0, { ENCRYPTION_KEY: OTHER_KEY }));
    expect((await wrongOld.exited).code).toBe(2);
    expect(wrongOld.output()).toContain('rotate-key refused: ENCRYPTION_KEY does not match the one these tokens were sealed with: nothing was changed.');

    const missing = run('src/cli/rotate-key.js', [], botEnv(0));
    expect((await missing.exited).code).toBe(2);
    expect(missing.output()).toContain('rotate-key refused: --new-key is required.');

    expect(await sealedValues()).toEqual(before);
  });

  it('When rotate-key gets a good new key, then every sealed value opens with it alone, the bot starts with it and refuses the old one', async () => {
    await preparedWorld();
    const oldCipher = new TokenCipher(parseEncryptionKey(ENCRYPTION_KEY));
    const before = await sealedValues();
    const plain = before.map((v) => oldCipher.decrypt(v));

    const rotate = run('src/cli/rotate-key.js', ['--new-key', NEW_KEY], botEnv(0));
    expect((await rotate.exited).code, rotate.output()).toBe(0);
    expect(rotate.output()).toMatch(/^Re-encrypted \d+ stored values \(.*admin_authorizations 2.*bot_installations 1.*\)\. Set ENCRYPTION_KEY to the new key before starting the bot again\.\n$/);

    const after = await sealedValues();
    const newCipher = new TokenCipher(parseEncryptionKey(NEW_KEY));
    expect(after.map((v) => newCipher.decrypt(v))).toEqual(plain);
    for (const value of after) expect(() => oldCipher.decrypt(value)).toThrow('ENCRYPTION_KEY does not match the one these tokens were sealed with');

    const refused = run('src/main.js', [], botEnv(await freePort()));
    expect((await refused.exited).code).toBe(1);
    const port = await freePort();
    const bot = run('src/main.js', [], botEnv(port, { ENCRYPTION_KEY: NEW_KEY }));
    await until('the bot to answer /healthz with the new key', async () => (await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => undefined))?.status === 200, bot);
    bot.kill('SIGTERM');
    expect((await bot.exited).code).toBe(0);
  });
});

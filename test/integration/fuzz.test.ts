import { createHash } from 'node:crypto';
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QueryTypes } from 'sequelize';
import { startHarness, ENCRYPTION_KEY, SHARED_SECRET, BOT_CLIENT_SECRET, ADMIN_CLIENT_SECRET, type Harness } from '../support/harness';
import { configuredWorld, latestCard, type ConfiguredWorld } from '../support/world';
import { mutateBody, seededRandom } from '../support/fuzz-bodies';
import { submitData } from '../../src/simulator/card-submit';
import { signGlipBody } from '../../src/http/verify-glip-signature';
import { parseEncryptionKey, TokenCipher } from '../../src/crypto/token-cipher';
import { MAX_BODY_BYTES } from '../../src/http/refuse-oversize-body';

/**
 * Hostile input never becomes a 5xx or a stuck task. FUZZ_COUNT mutated authentic webhook notifications
 * and signed card submits (5,000 by default; `npm run fuzz -- --count 100000` for more), from FUZZ_SEED.
 */
const COUNT = Number(process.env.FUZZ_COUNT ?? 5000);
const SEED = Number(process.env.FUZZ_SEED ?? 20261201);
const CONCURRENCY = 16;
/** About this many refused bodies are replayed against a fingerprint of every table. */
const REPLAY = 1000;

let h: Harness;
let world: ConfiguredWorld;
let verificationToken: string;
let webhookBodies: object[];
let submitBodies: object[];

beforeAll(async () => {
  h = await startHarness({ logLevel: 'debug' });
  world = await configuredWorld(h);
  const subscription = h.sim.subscriptions.find((s) => s.ownerId === world.botId)!;
  verificationToken = subscription.deliveryMode.verificationToken!;
  const envelope = (event: string, body: object) => ({
    uuid: '5794186355105264737',
    event,
    timestamp: new Date().toISOString(),
    subscriptionId: subscription.id,
    ownerId: world.botId,
    body,
  });
  const now = new Date().toISOString();
  webhookBodies = [
    envelope('/team-messaging/v1/posts', { id: '5843200012', groupId: world.dmId, type: 'TextMessage', text: 'help', creatorId: world.adminId, mentions: null, attachments: null, eventType: 'PostAdded', creationTime: now, lastModifiedTime: now }),
    envelope('/team-messaging/v1/posts', { id: '5843200013', groupId: world.teamId, type: 'TextMessage', text: `![:Person](${world.botId}) status`, creatorId: world.adminId, mentions: [{ id: world.botId, type: 'Person', name: 'Audit Trail Bot' }], eventType: 'PostAdded', creationTime: now, lastModifiedTime: now }),
    envelope('/team-messaging/v1/chats', { id: world.teamId, name: 'Security Operations', type: 'Team', status: 'Active', members: [world.adminId, world.botId], isPublic: false, creationTime: now, lastModifiedTime: now, eventType: 'GroupChanged' }),
    envelope(`/restapi/v1.0/account/${world.accountId}/extension/${world.botId}`, { extensionId: world.botId, eventType: 'Update', hints: ['ExtensionInfo'] }),
    envelope(`/restapi/v1.0/subscription/${subscription.id}?threshold=60&interval=15`, { id: subscription.id, expirationTime: now }),
  ];
  // Real submits of real cards in the admin's DM: the menu and the directives card.
  const submitOf = async (command: string, action: string | undefined) => {
    await h.sim.sendChatMessage({ chatId: world.dmId, fromId: world.adminId, text: command });
    await h.settle();
    const card = latestCard(h, world.botId, world.dmId)!;
    return {
      uuid: '0f7e2b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b',
      timestamp: now,
      type: 'button_submit',
      appId: 'atb-bot-client-id',
      user: { id: world.adminId, firstName: 'Peter', lastName: 'MacIntyre', accountId: world.accountId, extId: world.adminId },
      conversation: { id: world.dmId, type: 'Direct' },
      post: { id: card.postId },
      card: { id: card.id },
      bot: { id: world.botId },
      data: submitData(card.body, action === undefined ? {} : { action }),
    };
  };
  submitBodies = [await submitOf('menu', undefined), await submitOf('settings', 'Save'), await submitOf('status', undefined)];
}, 60_000);

afterAll(async () => {
  agent.destroy();
  await h?.stop();
});

interface Sent {
  route: 'webhook' | 'submit';
  body: Buffer;
  headers: Record<string, string>;
}

/** A mutated body within the 1 MB every route reads (oversize bodies get 413 before they are read: tested elsewhere). */
function mutated(r: () => number): Sent {
  for (;;) {
    const item = mutatedOnce(r);
    if (item.body.length <= MAX_BODY_BYTES) return item;
  }
}

function mutatedOnce(r: () => number): Sent {
  if (r() < 0.5) {
    const body = mutateBody(webhookBodies[Math.floor(r() * webhookBodies.length)]!, r);
    const roll = r();
    // Mostly verified (RingCentral's own token): the schemas are what is under test; some strangers too.
    const headers: Record<string, string> = roll < 0.9 ? { 'Verification-Token': verificationToken } : roll < 0.95 ? {} : { 'Verification-Token': `${verificationToken.slice(0, -2)}zz` };
    return { route: 'webhook', body, headers: { 'Content-Type': r() < 0.9 ? 'application/json' : 'text/plain', ...headers } };
  }
  const body = mutateBody(submitBodies[Math.floor(r() * submitBodies.length)]!, r);
  const roll = r();
  // Signed as RingCentral signs (HMAC of the exact bytes), so the mutation reaches the schema; a few unsigned or forged.
  const signature = roll < 0.9 ? signGlipBody(body, SHARED_SECRET) : roll < 0.95 ? undefined : signGlipBody(body, `${SHARED_SECRET}-forged`);
  return { route: 'submit', body, headers: { 'Content-Type': 'application/json', ...(signature ? { 'X-Glip-Signature': signature } : {}) } };
}

/** Keep-alive connections, as RingCentral's own client would use. */
const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });

/**
 * One request. A reset on a reused keep-alive connection is the known keep-alive race (the server's
 * idle timer closes it just as the next request is written; Node's docs say to retry exactly that case,
 * `request.reusedSocket`), so that request is sent once more; a request without an answer on a fresh
 * connection is a failure.
 */
function send(item: Sent, retried = false): Promise<number> {
  const path = item.route === 'webhook' ? '/bot/webhook' : '/interactive-messages';
  return new Promise((resolve, reject) => {
    const request = http.request(`${h.url}${path}`, { method: 'POST', agent, headers: { ...item.headers, 'Content-Length': String(item.body.length) } }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
      response.on('error', reject);
    });
    request.on('error', (error: NodeJS.ErrnoException) => {
      if (request.reusedSocket && error.code === 'ECONNRESET' && !retried) {
        resolve(send(item, true));
        return;
      }
      reject(new Error(`POST ${path} (${item.body.length} bytes) got no answer: ${String(error)}\n${item.body.toString('utf8').slice(0, 400)}`));
    });
    request.end(item.body);
  });
}

/** Every row of every table, hashed: equal before and after means nothing changed. */
async function databaseFingerprint(): Promise<string> {
  const sequelize = h.app.deps.db.sequelize;
  const tables = ((await sequelize.getQueryInterface().showAllTables()) as (string | { tableName: string })[]).map((t) => (typeof t === 'string' ? t : t.tableName)).sort();
  const hash = createHash('sha256');
  for (const table of tables) {
    const rows = await sequelize.query(`SELECT * FROM ${sequelize.getQueryInterface().quoteIdentifier(table)}`, { type: QueryTypes.SELECT });
    hash.update(table).update(JSON.stringify(rows.map((row) => JSON.stringify(row)).sort()));
  }
  return hash.digest('hex');
}

async function inBatches<T>(items: T[], work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < items.length) await work(items[next++] as T);
  }));
}

/** Everything that must never reach a log line: tokens, secrets, full phone numbers of the scenario. */
async function secrets(): Promise<string[]> {
  const cipher = new TokenCipher(parseEncryptionKey(ENCRYPTION_KEY));
  const sealed = await h.app.deps.db.sequelize.query<{ a: string | null; r: string | null }>('SELECT access_token_enc AS a, refresh_token_enc AS r FROM admin_authorizations', { type: QueryTypes.SELECT });
  const adminTokens = sealed.flatMap((row) => [row.a, row.r]).filter((v): v is string => v !== null).map((v) => cipher.decrypt(v));
  const botToken = await h.app.deps.db.installations.botToken(world.accountId);
  const numbers = ['+16505550100', '+16505550101', '+16505550102'].flatMap((n) => [n, n.slice(1), n.slice(2)]);
  return [...adminTokens, botToken!, verificationToken, SHARED_SECRET, BOT_CLIENT_SECRET, ADMIN_CLIENT_SECRET, ENCRYPTION_KEY, ...numbers];
}

describe(`Fuzzing the webhook and card submits (${COUNT} mutated bodies, seed ${SEED})`, () => {
  it('When mutated authentic bodies arrive, then none gets a 5xx, the bot stays up and answers, refused bodies replayed change no table, and no token, secret or full phone number is logged', async () => {
    const r = seededRandom(SEED);
    const items = Array.from({ length: COUNT }, () => mutated(r));
    const logStart = h.logs.lines.length;
    const statuses = new Map<number, number>();
    const refused: Sent[] = [];
    const failures: { status: number; route: string; body: string }[] = [];
    await inBatches(items, async (item) => {
      const status = await send(item);
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
      if (status >= 500 && failures.length < 5) failures.push({ status, route: item.route, body: item.body.toString('utf8').slice(0, 300) });
      if (status >= 400 && status < 500) refused.push(item);
    });
    await h.settle();
    console.info(`fuzz: ${COUNT} bodies, seed ${SEED}: statuses ${JSON.stringify(Object.fromEntries(statuses))}, tasks dropped ${h.app.deps.tasks.dropped}`);

    expect(failures).toEqual([]);
    expect(h.app.deps.tasks.size).toBe(0); // no background task left stuck
    expect([...statuses.keys()].filter((s) => s >= 500)).toEqual([]);
    expect(refused.length).toBeGreaterThan(COUNT / 10); // the mutations do reach the refusals

    // Alive: the process check answers and a genuine command is still handled.
    expect((await fetch(`${h.url}/healthz`)).status).toBe(200);
    const helpCards = () => h.sim.cards.filter((c) => c.chatId === world.dmId && JSON.stringify(c.body).includes('Audit Trail Bot commands')).length;
    const before = helpCards();
    await h.sim.sendChatMessage({ chatId: world.dmId, fromId: world.adminId, text: 'help' });
    await h.settle();
    expect(helpCards()).toBe(before + 1);

    // Refused input changes nothing: replaying refused bodies (a seeded sample) leaves every table as it was.
    const sample = refused.filter(() => r() < REPLAY / refused.length);
    const unchanged = await databaseFingerprint();
    await inBatches(sample, async (item) => {
      const status = await send(item);
      expect(status).toBeGreaterThanOrEqual(400);
      expect(status).toBeLessThan(500);
    });
    await h.settle();
    expect(await databaseFingerprint()).toBe(unchanged);

    const logged = h.logs.lines.slice(logStart).join('\n');
    for (const secret of await secrets()) {
      if (logged.includes(secret)) throw new Error(`a secret or phone number reached the log: …${secret.slice(-4)}`);
    }
  }, Math.max(300_000, COUNT * 60)); // about 20 s of CPU for 5,000 on an idle machine; far more wall time on a loaded one
});

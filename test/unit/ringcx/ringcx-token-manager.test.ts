import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RingCentralSimulator } from '../../../src/simulator';
import { RingcxClient } from '../../../src/ringcx/ringcx-client';
import { RingcxTokenManager, type StoredRingcxToken } from '../../../src/ringcx/ringcx-token-manager';
import { RequestRateLimiter } from '../../../src/ringcentral/request-rate-limiter';
import { createLogger } from '../../../src/logging/create-logger';

const MIN = 60_000;
let sim: RingCentralSimulator;
let nowMs: number;
let store: Map<string, StoredRingcxToken>;
let saves: number;
let manager: RingcxTokenManager;
let accountId: string;
let rcToken: string;

const ringcxCalls = (path: string) => sim.requests.filter((r) => r.path === path).length;
const source = async () => ({ extensionId: 'admin', rcAccessToken: rcToken });

beforeEach(async () => {
  nowMs = Date.parse('2026-03-02T10:00:00.000Z');
  sim = await RingCentralSimulator.start({ now: () => nowMs, apps: [{ clientId: 'admin-app', clientSecret: 'secret', kind: 'admin' }] });
  const account = sim.addAccount({ name: 'Acme', ringcx: true });
  const admin = sim.addExtension(account.id, { firstName: 'Ada', lastName: 'Admin', admin: true });
  accountId = account.id;
  rcToken = sim.issueTokens({ extensionId: admin.id, clientId: 'admin-app', accessTtl: 86_400 }).accessToken;
  store = new Map();
  saves = 0;
  const now = () => new Date(nowMs);
  const sleep = async (ms: number) => void (nowMs += ms);
  manager = new RingcxTokenManager(
    RingcxClient.create(sim.ringcxUrl, 5_000),
    { load: async (id) => store.get(id), save: async (id, token) => void (saves += 1, store.set(id, token)) },
    now,
    new RequestRateLimiter(5, now, sleep),
    createLogger('silent'),
  );
});
afterEach(async () => {
  await sim.stop();
});

describe('RingcxTokenManager', () => {
  it('When a token is asked for again within its 5 minutes, then the one exchange is reused and stored sealed-ready', async () => {
    const first = await manager.token(accountId, source);
    nowMs += 3 * MIN;
    expect(await manager.token(accountId, source)).toBe(first);
    expect(ringcxCalls('/api/auth/login/rc/accesstoken')).toBe(1);
    expect(store.get(accountId)).toMatchObject({ accessToken: first, extensionId: 'admin' });
    expect(store.get(accountId)?.refreshToken).toMatch(/^RCXR/);
  });

  it('When the token nears the 5-minute mark, then it is refreshed (not exchanged) and the new pair is stored before use', async () => {
    const first = await manager.token(accountId, source);
    const firstRefresh = store.get(accountId)!.refreshToken;
    nowMs += 4 * MIN + 30_000;
    const second = await manager.token(accountId, source);
    expect(second).not.toBe(first);
    expect(ringcxCalls('/api/auth/token/refresh')).toBe(1);
    expect(ringcxCalls('/api/auth/login/rc/accesstoken')).toBe(1);
    expect(store.get(accountId)!.accessToken).toBe(second);
    expect(store.get(accountId)!.refreshToken).not.toBe(firstRefresh);
    // The refreshed token works with RingCX past the first token's 5 minutes.
    nowMs += 2 * MIN;
    const client = RingcxClient.create(sim.ringcxUrl, 5_000);
    expect(await client.subAccounts(second)).toHaveLength(1);
    await expect(client.subAccounts(first)).rejects.toMatchObject({ status: 401, message: 'Jwt is expired' });
  });

  it('When RingCX says Jwt is expired, then renew gives a fresh token once, even for calls racing each other', async () => {
    const first = await manager.token(accountId, source);
    const [a, b] = await Promise.all([manager.renew(accountId, first, source), manager.renew(accountId, first, source)]);
    expect(a).toBe(b);
    expect(a).not.toBe(first);
    expect(ringcxCalls('/api/auth/token/refresh')).toBe(1);
    // A renew for a token already replaced uses the replacement.
    expect(await manager.renew(accountId, first, source)).toBe(a);
    expect(ringcxCalls('/api/auth/token/refresh')).toBe(1);
  });

  it('When the refresh token is dead too, then the admin token is exchanged again, within 5 exchanges a minute', async () => {
    await manager.token(accountId, source);
    nowMs += 11 * 60 * MIN; // past the 10-hour refresh token
    const token = await manager.token(accountId, source);
    expect(ringcxCalls('/api/auth/token/refresh')).toBe(1);
    expect(ringcxCalls('/api/auth/login/rc/accesstoken')).toBe(2);
    expect(await RingcxClient.create(sim.ringcxUrl, 5_000).subAccounts(token)).toHaveLength(1);
    expect(saves).toBe(2);
  });

  it('When the account has no RingCX, then the exchange fails with access.denied.exception', async () => {
    const plain = sim.addAccount({ name: 'No CX' });
    const admin = sim.addExtension(plain.id, { firstName: 'Bo', lastName: 'Admin', admin: true });
    const token = sim.issueTokens({ extensionId: admin.id, clientId: 'admin-app' }).accessToken;
    await expect(manager.exchangeFor(plain.id, admin.id, token)).rejects.toMatchObject({ status: 403, errorCode: 'access.denied.exception' });
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness, BOT_CLIENT_ID } from '../support/harness';
import { installedWorld } from '../support/world';

let h: Harness;
beforeEach(async () => {
  h = await startHarness({ simulator: { rateLimits: true } });
});
afterEach(async () => {
  expect(h.sim.specViolations).toEqual([]);
  await h.stop();
});

const tokenCalls = () => h.sim.requests.filter((r) => r.method === 'POST' && r.path === '/restapi/oauth/token');

async function getOAuth(query: Record<string, string>) {
  const url = new URL(`${h.url}/bot/oauth`);
  for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
  const response = await fetch(url);
  const text = await response.text();
  await h.settle();
  return { status: response.status, text, retryAfter: response.headers.get('retry-after') };
}

describe('The public install redirect (GET /bot/oauth) against strangers', () => {
  it('When requests without RingCentral\'s shape arrive, then each gets 400 and no code is exchanged with RingCentral', async () => {
    const shapes: Record<string, string>[] = [
      { code: 'junk' },
      { code: 'junk', client_id: BOT_CLIENT_ID },
      { code: 'junk', client_id: 'someone-elses-app', creator_extension_id: '101', creator_account_id: '202' },
      { code: 'junk', client_id: BOT_CLIENT_ID, creator_extension_id: 'abc', creator_account_id: '202' },
      { code: 'junk', client_id: BOT_CLIENT_ID, creator_extension_id: '101', creator_account_id: '2'.repeat(10_000) },
      { code: 'ju\u0000nk', client_id: BOT_CLIENT_ID, creator_extension_id: '101', creator_account_id: '202' },
    ];
    for (const query of shapes) {
      const result = await getOAuth(query);
      expect(result.status).toBe(400);
      expect(JSON.parse(result.text)).toEqual({ error: 'bad_request', message: 'This address only accepts the install redirect that RingCentral sends for this bot.' });
    }
    expect(tokenCalls()).toHaveLength(0);
  });

  it('When a stranger sends 12 junk codes of the right shape, then at most 2 reach RingCentral, the rest get 429, and a genuine install a minute later works', async () => {
    const results = [];
    for (let i = 0; i < 12; i += 1) {
      results.push(await getOAuth({ code: `junk-code-${i}`, client_id: BOT_CLIENT_ID, creator_extension_id: String(9000 + i), creator_account_id: '31337' }));
    }
    expect(results.filter((r) => r.status === 200)).toHaveLength(2);
    const refused = results.filter((r) => r.status === 429);
    expect(refused).toHaveLength(10);
    expect(JSON.parse(refused[0]!.text)).toEqual({ error: 'too_many_requests', message: 'Too many installs were started in the last minute, so wait a minute and install Audit Trail Bot again.' });
    expect(Number(refused[0]!.retryAfter)).toBeGreaterThan(0);
    expect(tokenCalls()).toHaveLength(2);

    h.clock.advance(61_000);
    const world = await installedWorld(h, 'public');
    expect((await h.app.deps.db.installations.findByAccount(world.accountId))?.status).toBe('installed');
    expect(tokenCalls().filter((r) => r.status === 429)).toHaveLength(0);
  });
});

describe('Oversize bodies', () => {
  it('When a text/plain body over 1 MB is POSTed to /bot/oauth, then 413', async () => {
    const response = await fetch(`${h.url}/bot/oauth`, { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: 'x'.repeat(1024 * 1024 + 1) });
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ error: 'payload_too_large', message: 'The request body is larger than 1 MB.' });
  });

  it('When a chunked text/plain body over 1 MB (no Content-Length) is POSTed to /bot/oauth, then 413', async () => {
    const chunk = new TextEncoder().encode('x'.repeat(256 * 1024));
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 5) return controller.close();
        sent += 1;
        controller.enqueue(chunk);
      },
    });
    const response = await fetch(`${h.url}/bot/oauth`, { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body, duplex: 'half' } as RequestInit);
    expect(response.status).toBe(413);
  });

  it('When any route gets a body over 1 MB, then 413 (even routes that read no body)', async () => {
    for (const [method, path] of [['POST', '/oauth/callback'], ['POST', '/no/such/route'], ['POST', '/interactive-messages'], ['POST', '/bot/webhook']] as const) {
      const response = await fetch(`${h.url}${path}`, { method, headers: { 'Content-Type': 'application/octet-stream' }, body: new Uint8Array(1024 * 1024 + 1) });
      expect(response.status, `${method} ${path}`).toBe(413);
    }
  });
});

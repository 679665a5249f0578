import crypto from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RingCentralSimulator } from '../../../src/simulator';
import { ADMIN_APP, call, FakeClock, postForm, standardWorld, startSimulator } from './sim-fixtures';

let sim: RingCentralSimulator;
let clock: FakeClock;
let world: Awaited<ReturnType<typeof standardWorld>>;
const REDIRECT = 'https://bot.example.com/oauth/callback';
const basic = { id: ADMIN_APP.clientId, secret: ADMIN_APP.clientSecret };

beforeEach(async () => {
  ({ sim, clock } = await startSimulator());
  world = await standardWorld(sim);
});
afterEach(async () => {
  expect(sim.specViolations).toEqual([]);
  await sim.stop();
});

function pkce(): { verifier: string; challenge: string } {
  const verifier = crypto.randomBytes(32).toString('base64url');
  return { verifier, challenge: crypto.createHash('sha256').update(verifier).digest('base64url') };
}

function authorizeUrl(challenge: string, state = 'state-123'): string {
  const url = new URL(`${sim.url}/restapi/oauth/authorize`);
  url.search = new URLSearchParams({ response_type: 'code', client_id: ADMIN_APP.clientId, redirect_uri: REDIRECT, state, code_challenge: challenge, code_challenge_method: 'S256' }).toString();
  return url.toString();
}

async function login(): Promise<any> {
  const { verifier, challenge } = pkce();
  const redirect = new URL(await sim.authorize(authorizeUrl(challenge), world.admin.id));
  const res = await postForm(sim.url, '/restapi/oauth/token', { grant_type: 'authorization_code', code: redirect.searchParams.get('code') ?? '', redirect_uri: REDIRECT, code_verifier: verifier }, basic);
  expect(res.status).toBe(200);
  return res.body;
}

describe('admin OAuth with PKCE', () => {
  it('When the browser opens the authorize URL, then RingCentral redirects it to a login step', async () => {
    const response = await fetch(authorizeUrl(pkce().challenge), { redirect: 'manual' });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toContain('/restapi/oauth/consent');
  });

  it('When the authorize URL lacks an S256 challenge, then it is refused with 400', async () => {
    const url = new URL(authorizeUrl('x'.repeat(43)));
    url.searchParams.set('code_challenge_method', 'plain');
    const response = await fetch(url, { redirect: 'manual' });
    expect(response.status).toBe(400);
    await expect(sim.authorize(url.toString(), world.admin.id)).rejects.toThrow(/code_challenge_method/);
  });

  it('When the admin consents, then the redirect carries the code and the state', async () => {
    const redirect = new URL(await sim.authorize(authorizeUrl(pkce().challenge, 'abc'), world.admin.id));
    expect(`${redirect.origin}${redirect.pathname}`).toBe(REDIRECT);
    expect(redirect.searchParams.get('state')).toBe('abc');
    expect(redirect.searchParams.get('code')).toMatch(/.{20,}/);
  });

  it('When the code is exchanged with the right verifier, then the token response has every field RingCentral sends', async () => {
    const tokens = await login();
    expect(tokens).toMatchObject({ token_type: 'bearer', expires_in: 3600, refresh_token_expires_in: 604800, owner_id: world.admin.id });
    expect(Object.keys(tokens).sort()).toEqual(['access_token', 'endpoint_id', 'expires_in', 'owner_id', 'refresh_token', 'refresh_token_expires_in', 'scope', 'session_id', 'token_type']);
    const me = await call(sim.url, 'GET', '/restapi/v1.0/account/~/extension/~', tokens.access_token);
    expect(me.body).toMatchObject({ id: Number(world.admin.id), permissions: { admin: { enabled: true } }, account: { id: world.account.id } });
    expect(me.body.regionalSettings.timezone.name).toBe('America/Los_Angeles');
  });

  it('When the code is exchanged with a wrong verifier, then it is refused with invalid_grant', async () => {
    const { challenge } = pkce();
    const redirect = new URL(await sim.authorize(authorizeUrl(challenge), world.admin.id));
    const res = await postForm(sim.url, '/restapi/oauth/token', { grant_type: 'authorization_code', code: redirect.searchParams.get('code') ?? '', redirect_uri: REDIRECT, code_verifier: pkce().verifier }, basic);
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('invalid_grant');
    expect(res.body.errors[0].errorCode).toMatch(/^OAU-/);
  });

  it('When a code is used twice, then the second exchange fails', async () => {
    const { verifier, challenge } = pkce();
    const code = new URL(await sim.authorize(authorizeUrl(challenge), world.admin.id)).searchParams.get('code') ?? '';
    const form = { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: verifier };
    expect((await postForm(sim.url, '/restapi/oauth/token', form, basic)).status).toBe(200);
    expect((await postForm(sim.url, '/restapi/oauth/token', form, basic)).body.error).toBe('invalid_grant');
  });

  it('When the client secret is wrong, then the token endpoint answers 401 invalid_client', async () => {
    const res = await postForm(sim.url, '/restapi/oauth/token', { grant_type: 'refresh_token', refresh_token: 'x' }, { id: ADMIN_APP.clientId, secret: 'nope' });
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ error: 'invalid_client', errors: [{ errorCode: 'OAU-123' }] });
  });
});

describe('tokens over time', () => {
  it('When a refresh token is used, then a new pair arrives and the old refresh token is dead', async () => {
    const first = await login();
    const second = await postForm(sim.url, '/restapi/oauth/token', { grant_type: 'refresh_token', refresh_token: first.refresh_token }, basic);
    expect(second.status).toBe(200);
    expect(second.body.refresh_token).not.toBe(first.refresh_token);
    const reuse = await postForm(sim.url, '/restapi/oauth/token', { grant_type: 'refresh_token', refresh_token: first.refresh_token }, basic);
    expect(reuse.status).toBe(400);
    expect(reuse.body.error).toBe('invalid_grant');
    const third = await postForm(sim.url, '/restapi/oauth/token', { grant_type: 'refresh_token', refresh_token: second.body.refresh_token }, basic);
    expect(third.status).toBe(200);
  });

  it('When refresh_token_ttl is asked for, then the refresh token lives that long', async () => {
    const { verifier, challenge } = pkce();
    const code = new URL(await sim.authorize(authorizeUrl(challenge), world.admin.id)).searchParams.get('code') ?? '';
    const res = await postForm(sim.url, '/restapi/oauth/token', { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: verifier, refresh_token_ttl: '2592000', access_token_ttl: '1800' }, basic);
    expect(res.body).toMatchObject({ expires_in: 1800, refresh_token_expires_in: 2592000 });
  });

  it('When an hour passes on the clock, then the access token is answered with 401 TokenExpired', async () => {
    const tokens = await login();
    clock.advance(3600_000);
    const res = await call(sim.url, 'GET', '/restapi/v1.0/account/~/extension/~', tokens.access_token);
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ errorCode: 'TokenExpired', errors: [{ errorCode: 'TokenExpired' }] });
  });

  it('When a token is revoked, then calls with it get 401 TokenInvalid and its refresh token is dead', async () => {
    const tokens = await login();
    const revoke = await postForm(sim.url, '/restapi/oauth/revoke', { token: tokens.access_token }, basic);
    expect(revoke.status).toBe(200);
    expect((await call(sim.url, 'GET', '/restapi/v1.0/account/~/extension/~', tokens.access_token)).body.errorCode).toBe('TokenInvalid');
    expect((await postForm(sim.url, '/restapi/oauth/token', { grant_type: 'refresh_token', refresh_token: tokens.refresh_token }, basic)).status).toBe(400);
  });

  it('When the test expires a token or revokes a user, then the API rejects their tokens', async () => {
    const a = sim.issueTokens({ extensionId: world.admin.id, clientId: ADMIN_APP.clientId });
    sim.expireAccessToken(a.accessToken);
    expect((await call(sim.url, 'GET', '/restapi/v1.0/account/~/extension/~', a.accessToken)).body.errorCode).toBe('TokenExpired');
    const b = sim.issueTokens({ extensionId: world.admin.id, clientId: ADMIN_APP.clientId });
    sim.revokeAllTokensOf(world.admin.id);
    expect((await call(sim.url, 'GET', '/restapi/v1.0/account/~/extension/~', b.accessToken)).body.errorCode).toBe('TokenInvalid');
  });

  it('When no token is sent, then the platform API answers 401', async () => {
    expect((await call(sim.url, 'GET', '/team-messaging/v1/chats', undefined)).status).toBe(401);
  });
});

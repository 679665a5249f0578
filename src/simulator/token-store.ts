import crypto from 'node:crypto';

/** Access tokens of bots never expire in practice; RingCentral reports a huge expires_in. */
export const BOT_TOKEN_TTL_SECONDS = 630_720_000;
export const ACCESS_TOKEN_TTL_SECONDS = 3600;
export const REFRESH_TOKEN_TTL_SECONDS = 604_800;
/** Authorization codes are short-lived (about a minute). */
export const AUTH_CODE_TTL_MS = 60_000;

export interface AccessToken {
  token: string;
  accountId: string;
  extensionId: string;
  clientId: string;
  scope: string;
  expiresAt: number;
  revoked: boolean;
  sessionId: string;
  endpointId: string;
  /** the refresh token issued with it, if any */
  refreshToken?: string;
}

export interface RefreshToken {
  token: string;
  accountId: string;
  extensionId: string;
  clientId: string;
  scope: string;
  expiresAt: number;
  /** single-use: dead after one refresh */
  used: boolean;
  revoked: boolean;
  sessionId: string;
  endpointId: string;
}

export interface AuthCode {
  code: string;
  clientId: string;
  redirectUri?: string;
  accountId: string;
  extensionId: string;
  /** S256 PKCE challenge when the flow used PKCE */
  codeChallenge?: string;
  expiresAt: number;
  used: boolean;
  /** bot install codes exchange for a permanent bot token */
  bot: boolean;
}

export type Authentication =
  | { ok: true; token: AccessToken }
  | { ok: false; reason: 'TokenInvalid' | 'TokenExpired' };

/** RingCentral OAuth tokens and authorization codes on the simulator clock. */
export class TokenStore {
  private readonly access = new Map<string, AccessToken>();
  private readonly refresh = new Map<string, RefreshToken>();
  private readonly codes = new Map<string, AuthCode>();

  constructor(private readonly now: () => number) {}

  /** A permanent bot token (no refresh token), acting as the bot extension. */
  issueBotToken(input: { accountId: string; extensionId: string; clientId: string; scope: string }): AccessToken {
    const token: AccessToken = {
      ...input,
      token: randomToken('BOT'),
      expiresAt: this.now() + BOT_TOKEN_TTL_SECONDS * 1000,
      revoked: false,
      sessionId: randomToken('S').slice(0, 24),
      endpointId: randomToken('E').slice(0, 22),
    };
    this.access.set(token.token, token);
    return token;
  }

  /** An access + refresh pair for a human user (admin OAuth). */
  issuePair(input: { accountId: string; extensionId: string; clientId: string; scope: string; accessTtl: number; refreshTtl: number; sessionId?: string; endpointId?: string }): { access: AccessToken; refresh: RefreshToken } {
    const sessionId = input.sessionId ?? randomToken('S').slice(0, 24);
    const endpointId = input.endpointId ?? randomToken('E').slice(0, 22);
    const refresh: RefreshToken = {
      token: randomToken('RT'),
      accountId: input.accountId,
      extensionId: input.extensionId,
      clientId: input.clientId,
      scope: input.scope,
      expiresAt: this.now() + input.refreshTtl * 1000,
      used: false,
      revoked: false,
      sessionId,
      endpointId,
    };
    const access: AccessToken = {
      token: randomToken('AT'),
      accountId: input.accountId,
      extensionId: input.extensionId,
      clientId: input.clientId,
      scope: input.scope,
      expiresAt: this.now() + input.accessTtl * 1000,
      revoked: false,
      sessionId,
      endpointId,
      refreshToken: refresh.token,
    };
    this.access.set(access.token, access);
    this.refresh.set(refresh.token, refresh);
    return { access, refresh };
  }

  /** Check a bearer token. */
  authenticate(token: string | undefined): Authentication {
    const found = token === undefined ? undefined : this.access.get(token);
    if (found === undefined || found.revoked) return { ok: false, reason: 'TokenInvalid' };
    if (found.expiresAt <= this.now()) return { ok: false, reason: 'TokenExpired' };
    return { ok: true, token: found };
  }

  /** Look at a token without judging it (rate-limit keys). */
  peek(token: string | undefined): AccessToken | undefined {
    return token === undefined ? undefined : this.access.get(token);
  }

  refreshToken(token: string): RefreshToken | undefined {
    return this.refresh.get(token);
  }

  createCode(input: Omit<AuthCode, 'code' | 'expiresAt' | 'used'>): AuthCode {
    const code: AuthCode = { ...input, code: randomToken('C').slice(0, 40), expiresAt: this.now() + AUTH_CODE_TTL_MS, used: false };
    this.codes.set(code.code, code);
    return code;
  }

  code(code: string): AuthCode | undefined {
    return this.codes.get(code);
  }

  /** Revoke an access or refresh token and the other half of its pair. */
  revoke(token: string): void {
    const access = this.access.get(token);
    const refresh = this.refresh.get(token) ?? (access?.refreshToken === undefined ? undefined : this.refresh.get(access.refreshToken));
    if (access !== undefined) access.revoked = true;
    if (refresh !== undefined) {
      refresh.revoked = true;
      for (const candidate of this.access.values()) if (candidate.refreshToken === refresh.token) candidate.revoked = true;
    }
  }

  revokeAllOf(extensionId: string): void {
    for (const token of this.access.values()) if (token.extensionId === extensionId) token.revoked = true;
    for (const token of this.refresh.values()) if (token.extensionId === extensionId) token.revoked = true;
  }

  expire(token: string): void {
    const access = this.access.get(token);
    if (access === undefined) throw new Error('simulator: unknown access token');
    access.expiresAt = this.now() - 1;
  }
}

function randomToken(prefix: string): string {
  return `${prefix}${crypto.randomBytes(30).toString('base64url')}`;
}

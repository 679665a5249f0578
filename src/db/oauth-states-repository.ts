import { createHash } from 'node:crypto';
import { Op } from 'sequelize';
import type { Models } from './models';
import type { TokenCipher } from '../crypto/token-cipher';

/** Who asked to log in, from which chat: what the state parameter is bound to. */
export interface OAuthState {
  accountId: string;
  extensionId: string;
  chatId: string;
  codeVerifier: string | null;
  expiresAt: Date;
}

const hash = (state: string) => createHash('sha256').update(state, 'utf8').digest('hex');

/** Pending logins. A state is stored hashed, used once, and dies after its expiry. */
export class OAuthStatesRepository {
  constructor(
    private readonly models: Models,
    private readonly cipher: TokenCipher,
  ) {}

  async create(state: string, input: { accountId: string; extensionId: string; chatId: string; expiresAt: Date }): Promise<void> {
    await this.models.OAuthState.create({ stateHash: hash(state), ...input, codeVerifierEnc: null, usedAt: null });
  }

  /** A live (unused, unexpired) state, without consuming it. */
  async findLive(state: string, now: Date): Promise<OAuthState | undefined> {
    const row = await this.models.OAuthState.findOne({
      where: { stateHash: hash(state), usedAt: null, expiresAt: { [Op.gt]: now } },
    });
    if (!row) return undefined;
    return {
      accountId: row.accountId,
      extensionId: row.extensionId,
      chatId: row.chatId,
      codeVerifier: row.codeVerifierEnc ? this.cipher.decrypt(row.codeVerifierEnc) : null,
      expiresAt: row.expiresAt,
    };
  }

  /**
   * Records one opening of the login link `state`: the attempt's own state (what RingCentral will send
   * back) and its own PKCE verifier, so every tab the link was opened in can finish.
   */
  async createAttempt(state: string, attemptState: string, codeVerifier: string, expiresAt: Date): Promise<void> {
    await this.models.OAuthLoginAttempt.create({ attemptHash: hash(attemptState), stateHash: hash(state), codeVerifierEnc: this.cipher.encrypt(codeVerifier), expiresAt });
  }

  /** The live login an attempt belongs to, with the attempt's verifier; undefined once the login is used or expired. */
  async findAttempt(attemptState: string, now: Date): Promise<{ loginKey: string; login: OAuthState; codeVerifier: string } | undefined> {
    const attempt = await this.models.OAuthLoginAttempt.findByPk(hash(attemptState));
    if (!attempt || attempt.expiresAt.getTime() <= now.getTime()) return undefined;
    const row = await this.models.OAuthState.findOne({ where: { stateHash: attempt.stateHash, usedAt: null, expiresAt: { [Op.gt]: now } } });
    if (!row) return undefined;
    return {
      loginKey: attempt.stateHash,
      login: { accountId: row.accountId, extensionId: row.extensionId, chatId: row.chatId, codeVerifier: null, expiresAt: row.expiresAt },
      codeVerifier: this.cipher.decrypt(attempt.codeVerifierEnc),
    };
  }

  /** Spends the login `loginKey` (from findAttempt), exactly once across attempts and processes; false when another attempt finished first. */
  async spend(loginKey: string, now: Date): Promise<boolean> {
    const [affected] = await this.models.OAuthState.update(
      { usedAt: now },
      { where: { stateHash: loginKey, usedAt: null, expiresAt: { [Op.gt]: now } } },
    );
    if (affected === 1) await this.models.OAuthLoginAttempt.destroy({ where: { stateHash: loginKey } });
    return affected === 1;
  }

  /** Remembers the PKCE verifier made when the browser was sent to RingCentral. */
  async attachVerifier(state: string, codeVerifier: string): Promise<void> {
    await this.models.OAuthState.update(
      { codeVerifierEnc: this.cipher.encrypt(codeVerifier) },
      { where: { stateHash: hash(state), usedAt: null } },
    );
  }

  /**
   * Marks the state used and returns it, exactly once: a second callback with the same state (a replay,
   * or a second instance racing) gets undefined. The conditional UPDATE makes that true across processes.
   */
  async consume(state: string, now: Date): Promise<OAuthState | undefined> {
    const live = await this.findLive(state, now);
    if (!live) return undefined;
    const [affected] = await this.models.OAuthState.update(
      { usedAt: now },
      { where: { stateHash: hash(state), usedAt: null, expiresAt: { [Op.gt]: now } } },
    );
    return affected === 1 ? live : undefined;
  }

  /** Deletes states that expired before `cutoff`. */
  async purgeExpired(cutoff: Date): Promise<number> {
    await this.models.OAuthLoginAttempt.destroy({ where: { expiresAt: { [Op.lt]: cutoff } } });
    return this.models.OAuthState.destroy({ where: { expiresAt: { [Op.lt]: cutoff } } });
  }
}

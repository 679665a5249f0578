import { createHash, timingSafeEqual } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Op } from 'sequelize';
import type { Models, InstallationRow } from './models';
import type { TokenCipher } from '../crypto/token-cipher';

/** A bot installation as the rest of the bot sees it: no secrets, plain values. */
export interface Installation {
  accountId: string;
  botId: string;
  installerId: string | null;
  status: 'installed' | 'uninstalled';
  subscriptionId: string | null;
  subscriptionStatus: string | null;
  subscriptionExpiresAt: Date | null;
  installedAt: Date;
  uninstalledAt: Date | null;
  /** Which install of the account this is; only the current one may record a subscription. */
  generation: number;
  /** When the installer got the welcome card (null: not yet). */
  welcomedAt: Date | null;
}

/** The outcome of claiming an install: a new generation, or nothing to do because the same token is already installed. */
export type InstallClaim =
  | { kind: 'unchanged'; installation: Installation }
  | { kind: 'claimed'; installation: Installation; previous: { token: string | undefined; subscriptionId: string | null } | undefined };

const hashToken = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

function toInstallation(row: InstallationRow): Installation {
  return {
    accountId: row.accountId,
    botId: row.botId,
    installerId: row.installerId,
    status: row.status,
    subscriptionId: row.subscriptionId,
    subscriptionStatus: row.subscriptionStatus,
    subscriptionExpiresAt: row.subscriptionExpiresAt,
    installedAt: row.installedAt,
    uninstalledAt: row.uninstalledAt,
    generation: row.installGeneration,
    welcomedAt: row.welcomedAt,
  };
}

function sameSecret(a: string, b: string): boolean {
  const x = createHash('sha256').update(a).digest();
  const y = createHash('sha256').update(b).digest();
  return timingSafeEqual(x, y);
}

/**
 * How long a verified Verification-Token's installation is remembered. Every write through this
 * repository forgets them all at once; the TTL bounds how long an install or uninstall made by another
 * instance (several share one PostgreSQL database) goes unseen here.
 */
export const VERIFIED_TOKEN_CACHE_MS = 5_000;
/** Remembered tokens at most (one per installed account that is sending notifications); beyond it the memory starts over. */
const VERIFIED_TOKEN_CACHE_MAX = 20_000;

/** Bot installations, one per RingCentral account. */
export class InstallationsRepository {
  /** Installations found by Verification-Token hash, so a burst of notifications costs one query, not one each. Misses are never kept (strangers cannot fill it). */
  private readonly verified = new Map<string, { installation: Installation; until: number }>();
  /** Bumped by every write, so a lookup that raced a write does not remember what it read before it. */
  private writes = 0;

  constructor(
    private readonly models: Models,
    private readonly cipher: TokenCipher,
  ) {}

  /**
   * Claims the next install of `accountId` (RINGCENTRAL.md §3: the Verification-Token's hash is stored
   * here, before the subscription is created). Installs of one account take turns through a
   * compare-and-set on `install_generation`, so of two installs racing the later claim wins, on SQLite
   * and PostgreSQL alike. An install with the token already installed changes nothing.
   */
  async claimInstall(input: {
    accountId: string;
    botId: string;
    installerId: string | null;
    token: string;
    verificationToken: string;
    now: Date;
    /** false with the WebSocket transport: no WebHook subscription will be made */
    webhook?: boolean;
  }): Promise<InstallClaim> {
    this.forgetVerified();
    try {
      // a row to compare-and-set against (ignored when the account has one)
      await this.models.Installation.bulkCreate(
        [{ accountId: input.accountId, botId: input.botId, installerId: input.installerId, status: 'uninstalled', tokenEnc: null, verificationTokenHash: null, subscriptionId: null, subscriptionStatus: null, subscriptionExpiresAt: null, installedAt: input.now, uninstalledAt: null, installGeneration: 0, welcomedAt: null }],
        { ignoreDuplicates: true },
      );
      for (let attempt = 0; attempt < 50; attempt += 1) {
        const row = await this.models.Installation.findByPk(input.accountId);
        if (!row) continue;
        const storedToken = row.tokenEnc ? this.cipher.decrypt(row.tokenEnc) : undefined;
        if (row.status === 'installed' && storedToken !== undefined && sameSecret(storedToken, input.token) && row.botId === input.botId) {
          return { kind: 'unchanged', installation: toInstallation(row) };
        }
        const generation = row.installGeneration + 1;
        const [updated] = await this.models.Installation.update(
          {
            botId: input.botId,
            installerId: input.installerId,
            status: 'installed',
            tokenEnc: this.cipher.encrypt(input.token),
            verificationTokenHash: hashToken(input.verificationToken),
            subscriptionId: null,
            subscriptionStatus: input.webhook === false ? null : 'Pending',
            subscriptionExpiresAt: null,
            installedAt: input.now,
            uninstalledAt: null,
            installGeneration: generation,
            welcomedAt: null,
          },
          { where: { accountId: input.accountId, installGeneration: row.installGeneration } },
        );
        if (updated === 1) {
          const installation = (await this.findByAccount(input.accountId))!;
          const previous = row.status === 'installed' ? { token: storedToken, subscriptionId: row.subscriptionId } : undefined;
          return { kind: 'claimed', installation, previous };
        }
        // another install claimed this generation first: read again and claim the next one
      }
      throw new Error(`could not claim an install of account ${input.accountId}: too many concurrent installs`);
    } finally {
      this.forgetVerified();
    }
  }

  /** Stores a new Verification-Token's hash for the current install only; false when a newer install took over. */
  async setVerificationToken(accountId: string, generation: number, verificationToken: string): Promise<boolean> {
    this.forgetVerified();
    try {
      const [updated] = await this.models.Installation.update(
        { verificationTokenHash: hashToken(verificationToken) },
        { where: { accountId, installGeneration: generation, status: 'installed' } },
      );
      return updated === 1;
    } finally {
      this.forgetVerified();
    }
  }

  /** Records the subscription of install `generation`; false (nothing written) when it is no longer the current install. */
  async saveSubscriptionIfCurrent(accountId: string, generation: number, subscription: { id: string; status: string; expiresAt: Date | null }): Promise<boolean> {
    this.forgetVerified();
    try {
      const [updated] = await this.models.Installation.update(
        { subscriptionId: subscription.id, subscriptionStatus: subscription.status, subscriptionExpiresAt: subscription.expiresAt },
        { where: { accountId, installGeneration: generation, status: 'installed' } },
      );
      return updated === 1;
    } finally {
      this.forgetVerified();
    }
  }

  /** The subscription of install `generation` could not be created: maintenance retries it within minutes. */
  async markSubscriptionFailed(accountId: string, generation: number): Promise<void> {
    this.forgetVerified();
    try {
      await this.models.Installation.update(
        { subscriptionId: null, subscriptionStatus: 'Failed', subscriptionExpiresAt: null },
        { where: { accountId, installGeneration: generation, status: 'installed' } },
      );
    } finally {
      this.forgetVerified();
    }
  }

  /** Marks install `generation` welcomed; false when it already was, or a newer install took over. */
  async markWelcomed(accountId: string, generation: number, now: Date): Promise<boolean> {
    this.forgetVerified();
    try {
      const [updated] = await this.models.Installation.update(
        { welcomedAt: now },
        { where: { accountId, installGeneration: generation, status: 'installed', welcomedAt: null } },
      );
      return updated === 1;
    } finally {
      this.forgetVerified();
    }
  }

  /** Installations whose subscription failed, or has been pending since before `staleBefore` (a worker that died). */
  async listWithoutSubscription(staleBefore: Date): Promise<Installation[]> {
    const rows = await this.models.Installation.findAll({
      where: {
        status: 'installed',
        [Op.or]: [{ subscriptionStatus: 'Failed' }, { subscriptionStatus: 'Pending', installedAt: { [Op.lt]: staleBefore } }],
      },
      order: [['accountId', 'ASC']],
    });
    return rows.map(toInstallation);
  }

  async findByAccount(accountId: string): Promise<Installation | undefined> {
    const row = await this.models.Installation.findByPk(accountId);
    return row ? toInstallation(row) : undefined;
  }

  /** The installed (not uninstalled) installation whose bot extension is `botId`. */
  async findInstalledByBotId(botId: string): Promise<Installation | undefined> {
    const row = await this.models.Installation.findOne({ where: { botId, status: 'installed' } });
    return row ? toInstallation(row) : undefined;
  }

  async listInstalled(): Promise<Installation[]> {
    const rows = await this.models.Installation.findAll({ where: { status: 'installed' }, order: [['accountId', 'ASC']] });
    return rows.map(toInstallation);
  }

  /** The decrypted bot token, or undefined when the account has no live installation. */
  async botToken(accountId: string): Promise<string | undefined> {
    const row = await this.models.Installation.findByPk(accountId);
    if (!row || row.status !== 'installed' || !row.tokenEnc) return undefined;
    return this.cipher.decrypt(row.tokenEnc);
  }

  /**
   * The live installation whose webhook Verification-Token is `token`, found by the token's hash
   * alone: the answer (and the time it takes) depends only on the token, never on a bot id a caller
   * names, so the webhook cannot be used to tell installed bot ids apart.
   */
  async findByVerificationToken(token: string): Promise<Installation | undefined> {
    const hash = hashToken(token);
    const now = performance.now();
    const known = this.verified.get(hash);
    if (known && known.until > now) return { ...known.installation };
    const writesBefore = this.writes;
    const row = await this.models.Installation.findOne({ where: { verificationTokenHash: hash, status: 'installed' } });
    if (!row) {
      this.verified.delete(hash);
      return undefined;
    }
    const installation = toInstallation(row);
    if (this.writes === writesBefore) {
      if (this.verified.size >= VERIFIED_TOKEN_CACHE_MAX) this.verified.clear();
      this.verified.set(hash, { installation, until: now + VERIFIED_TOKEN_CACHE_MS });
    }
    return { ...installation };
  }

  private forgetVerified(): void {
    this.writes += 1;
    this.verified.clear();
  }

  /** Forgets the bot token and the subscription; the row stays as a record that the account uninstalled. */
  async markUninstalled(accountId: string, now: Date): Promise<void> {
    this.forgetVerified();
    try {
      await this.models.Installation.update(
        {
          status: 'uninstalled',
          tokenEnc: null,
          verificationTokenHash: null,
          subscriptionId: null,
          subscriptionStatus: null,
          subscriptionExpiresAt: null,
          uninstalledAt: now,
        },
        { where: { accountId } },
      );
    } finally {
      this.forgetVerified();
    }
  }

  /** Accounts uninstalled before `cutoff`, whose records are due to be purged. */
  async listUninstalledBefore(cutoff: Date): Promise<Installation[]> {
    const rows = await this.models.Installation.findAll({
      where: { status: 'uninstalled', uninstalledAt: { [Op.lt]: cutoff } },
    });
    return rows.map(toInstallation);
  }

  async delete(accountId: string): Promise<void> {
    this.forgetVerified();
    try {
      await this.models.Installation.destroy({ where: { accountId } });
    } finally {
      this.forgetVerified();
    }
  }
}

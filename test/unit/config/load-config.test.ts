import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, type Config } from '../../../src/config/load-config';

/** 32 key bytes 0x00..0x1f, as an operator would paste them (hex and base64). */
const KEY_BYTES = Buffer.from(Array.from({ length: 32 }, (_, i) => i));
const KEY_HEX = KEY_BYTES.toString('hex');
const KEY_BASE64 = KEY_BYTES.toString('base64');

/** The settings an operator must provide; everything else has a default. */
function requiredEnv(): Record<string, string> {
  return {
    RINGCENTRAL_BOT_CLIENT_ID: 'Bq3kXvN7SZq0vKx1w2p9aA',
    RINGCENTRAL_BOT_CLIENT_SECRET: 'f4Pz0Lq9mWn2Rt7uYb8cXe1Kd6Hj3Gs5',
    RINGCENTRAL_SHARED_SECRET: 'glip-shared-secret-7b1e9c',
    APP_SERVER: 'https://audit-bot.example.com/',
    ENCRYPTION_KEY: KEY_HEX,
  };
}

/** Runs loadConfig expecting a ConfigError and returns it. */
function configError(env: Record<string, string | undefined>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('loadConfig accepted settings it should have refused');
}

describe('loadConfig', () => {
  it('When only the required settings are given, then every other setting takes its documented default', () => {
    const config = loadConfig(requiredEnv());

    expect(config).toMatchObject<Partial<Config>>({
      ringcentralServer: 'https://platform.ringcentral.com',
      ringcxServer: 'https://ringcx.ringcentral.com',
      port: 3000,
      databaseUrl: 'sqlite:./data/audit-trail-bot.sqlite',
      pollCron: '*/10 * * * *',
      logLevel: 'info',
      transport: 'webhook',
    });
    expect(config.bot).toEqual({
      clientId: 'Bq3kXvN7SZq0vKx1w2p9aA',
      clientSecret: 'f4Pz0Lq9mWn2Rt7uYb8cXe1Kd6Hj3Gs5',
    });
    expect(config.sharedSecret).toBe('glip-shared-secret-7b1e9c');
  });

  it('When optional settings are given, then they replace the defaults (PORT as a number, server URLs without the trailing slash)', () => {
    const config = loadConfig({
      ...requiredEnv(),
      RINGCENTRAL_SERVER: 'https://platform.devtest.ringcentral.com/',
      RINGCX_SERVER: 'https://ringcx.ringcentral.com/voice/',
      PORT: '8080',
      DATABASE_URL: 'postgres://bot:secret@db.internal:5432/audit_trail',
      POLL_CRON: '*/5 * * * *',
      LOG_LEVEL: 'debug',
    });

    expect(config.ringcentralServer).toBe('https://platform.devtest.ringcentral.com');
    expect(config.ringcxServer).toBe('https://ringcx.ringcentral.com/voice');
    expect(config.port).toBe(8080);
    expect(config.databaseUrl).toBe('postgres://bot:secret@db.internal:5432/audit_trail');
    expect(config.pollCron).toBe('*/5 * * * *');
    expect(config.logLevel).toBe('debug');
  });

  it('When a setting is present but blank, then it counts as unset and the default applies', () => {
    const config = loadConfig({ ...requiredEnv(), PORT: '', LOG_LEVEL: '   ', DATABASE_URL: '' });

    expect(config.port).toBe(3000);
    expect(config.logLevel).toBe('info');
    expect(config.databaseUrl).toBe('sqlite:./data/audit-trail-bot.sqlite');
  });

  describe('admin authorization app', () => {
    it('When RINGCENTRAL_CLIENT_ID is not set, then admin OAuth uses the bot app credentials', () => {
      const config = loadConfig(requiredEnv());

      expect(config.adminApp).toEqual({
        clientId: 'Bq3kXvN7SZq0vKx1w2p9aA',
        clientSecret: 'f4Pz0Lq9mWn2Rt7uYb8cXe1Kd6Hj3Gs5',
      });
    });

    it('When RINGCENTRAL_CLIENT_ID and its secret are set, then admin OAuth uses that second app and the bot keeps its own', () => {
      const config = loadConfig({
        ...requiredEnv(),
        RINGCENTRAL_CLIENT_ID: 'AdminApp9xYz0123456789',
        RINGCENTRAL_CLIENT_SECRET: 'admin-app-secret-0f9e8d7c',
      });

      expect(config.adminApp).toEqual({ clientId: 'AdminApp9xYz0123456789', clientSecret: 'admin-app-secret-0f9e8d7c' });
      expect(config.bot).toEqual({ clientId: 'Bq3kXvN7SZq0vKx1w2p9aA', clientSecret: 'f4Pz0Lq9mWn2Rt7uYb8cXe1Kd6Hj3Gs5' });
    });

    it('When RINGCENTRAL_CLIENT_ID is set without RINGCENTRAL_CLIENT_SECRET, then start-up is refused naming the missing secret', () => {
      const error = configError({ ...requiredEnv(), RINGCENTRAL_CLIENT_ID: 'AdminApp9xYz0123456789' });

      expect(error.message).toContain('RINGCENTRAL_CLIENT_SECRET');
    });

    it('When RINGCENTRAL_CLIENT_SECRET is set without RINGCENTRAL_CLIENT_ID, then start-up is refused naming the missing id', () => {
      const error = configError({ ...requiredEnv(), RINGCENTRAL_CLIENT_SECRET: 'admin-app-secret-0f9e8d7c' });

      expect(error.message).toContain('RINGCENTRAL_CLIENT_ID');
    });
  });

  describe('derived URLs', () => {
    it('When APP_SERVER ends with a slash, then every RingCentral-facing URL is built from it without a double slash', () => {
      const config = loadConfig({ ...requiredEnv(), APP_SERVER: 'https://audit-bot.example.com/' });

      expect(config.appServer).toBe('https://audit-bot.example.com');
      expect(config.urls).toEqual({
        botOAuth: 'https://audit-bot.example.com/bot/oauth',
        botWebhook: 'https://audit-bot.example.com/bot/webhook',
        interactiveMessages: 'https://audit-bot.example.com/interactive-messages',
        oauthCallback: 'https://audit-bot.example.com/oauth/callback',
      });
    });

    it('When APP_SERVER has a path prefix, then the derived URLs keep it', () => {
      const config = loadConfig({ ...requiredEnv(), APP_SERVER: 'https://tools.example.com/audit-bot//' });

      expect(config.urls.botWebhook).toBe('https://tools.example.com/audit-bot/bot/webhook');
      expect(config.urls.oauthCallback).toBe('https://tools.example.com/audit-bot/oauth/callback');
    });

    it('When APP_SERVER has no http(s) scheme, then start-up is refused with an example of a URL', () => {
      const error = configError({ ...requiredEnv(), APP_SERVER: 'audit-bot.example.com' });

      expect(error.problems).toEqual(['APP_SERVER must be a URL like https://bot.example.org']);
    });

    it('When APP_SERVER is still the .env.example placeholder, then start-up is refused saying so', () => {
      for (const placeholder of ['https://bot.example.com', 'https://bot.example.com/', ' HTTPS://BOT.EXAMPLE.COM ']) {
        const error = configError({ ...requiredEnv(), APP_SERVER: placeholder });

        expect(error.problems).toEqual([
          "APP_SERVER is still the placeholder https://bot.example.com from .env.example: set it to this server's public https URL (the one RingCentral will call)",
        ]);
      }
    });
  });

  describe('ENCRYPTION_KEY', () => {
    it('When the key is 64 hex characters, then the 32 bytes it spells are the encryption key', () => {
      expect(loadConfig({ ...requiredEnv(), ENCRYPTION_KEY: KEY_HEX }).encryptionKey.equals(KEY_BYTES)).toBe(true);
    });

    it('When the key is base64 of 32 bytes (openssl rand -base64 32), then those bytes are the encryption key', () => {
      expect(loadConfig({ ...requiredEnv(), ENCRYPTION_KEY: KEY_BASE64 }).encryptionKey.equals(KEY_BYTES)).toBe(true);
    });

    it('When the key is base64 of only 16 bytes, then start-up is refused saying it must be 32 bytes', () => {
      const error = configError({ ...requiredEnv(), ENCRYPTION_KEY: KEY_BYTES.subarray(0, 16).toString('base64') });

      expect(error.problems).toHaveLength(1);
      expect(error.problems[0]).toMatch(/^ENCRYPTION_KEY: must decode to 32 bytes, got 16/);
    });

    it('When the key is not hex or base64 at all, then start-up is refused naming ENCRYPTION_KEY', () => {
      const error = configError({ ...requiredEnv(), ENCRYPTION_KEY: 'correct horse battery staple!' });

      expect(error.problems).toHaveLength(1);
      expect(error.problems[0]).toMatch(/^ENCRYPTION_KEY: must be 32 bytes as 64 hex characters or base64/);
    });
  });

  describe('one error listing every problem', () => {
    it('When the environment is empty, then one ConfigError names every required setting at once', () => {
      const error = configError({});

      expect(error.name).toBe('ConfigError');
      for (const key of [
        'RINGCENTRAL_BOT_CLIENT_ID',
        'RINGCENTRAL_BOT_CLIENT_SECRET',
        'RINGCENTRAL_SHARED_SECRET',
        'APP_SERVER',
        'ENCRYPTION_KEY',
      ]) {
        expect(error.message).toContain(`  - ${key} is required`);
      }
      expect(error.problems).toHaveLength(5);
      // Settings with defaults are not complained about.
      expect(error.message).not.toMatch(/PORT|DATABASE_URL|POLL_CRON|LOG_LEVEL|RINGCENTRAL_SERVER|RINGCX_SERVER/);
    });

    it('When required settings are only whitespace, then they are reported as missing', () => {
      const error = configError({ ...requiredEnv(), RINGCENTRAL_SHARED_SECRET: '   ', APP_SERVER: '\t' });

      expect(error.problems).toEqual(['RINGCENTRAL_SHARED_SECRET is required', 'APP_SERVER is required']);
    });

    it('When several optional settings are bad, then each is named in the same error and the good ones are not', () => {
      const error = configError({
        ...requiredEnv(),
        PORT: 'eighty',
        DATABASE_URL: 'mysql://bot:secret@db.internal/audit',
        POLL_CRON: 'every 10 minutes',
        LOG_LEVEL: 'loud',
        RINGCENTRAL_TRANSPORT: 'carrier-pigeon',
      });

      expect(error.problems).toHaveLength(5);
      expect(error.message).toContain('PORT must be a number');
      expect(error.message).toContain('DATABASE_URL must start with sqlite: or postgres://');
      expect(error.message).toContain('POLL_CRON must be a cron expression');
      expect(error.problems).toContain('LOG_LEVEL must be one of: fatal, error, warn, info, debug, trace, silent');
      expect(error.problems).toContain('RINGCENTRAL_TRANSPORT must be one of: webhook, websocket');
      expect(error.message).not.toMatch(/Invalid (option|input)|expected/);
      expect(error.message).not.toContain('APP_SERVER');
      expect(error.message).not.toContain('ENCRYPTION_KEY');
    });
  });

  describe('single settings', () => {
    it.each([
      ['70000', 'PORT must be 0..65535'],
      ['-1', 'PORT must be 0..65535'],
      ['3000.5', 'PORT must be a whole number'],
      ['http', 'PORT must be a number'],
    ])('When PORT is %s, then start-up is refused with "%s"', (port, message) => {
      expect(configError({ ...requiredEnv(), PORT: port }).problems).toEqual([message]);
    });

    it('When PORT is 0, then it is accepted (the OS picks a free port)', () => {
      expect(loadConfig({ ...requiredEnv(), PORT: '0' }).port).toBe(0);
    });

    it.each(['postgres://bot:secret@db.internal:5432/audit_trail', 'postgresql://localhost/audit_trail', 'sqlite:/var/lib/audit-bot/bot.sqlite'])(
      'When DATABASE_URL is %s, then it is accepted as given',
      (databaseUrl) => {
        expect(loadConfig({ ...requiredEnv(), DATABASE_URL: databaseUrl }).databaseUrl).toBe(databaseUrl);
      },
    );

    it('When DATABASE_URL is a mysql:// URL, then start-up is refused naming DATABASE_URL', () => {
      expect(configError({ ...requiredEnv(), DATABASE_URL: 'mysql://bot:secret@db.internal/audit' }).problems).toEqual([
        'DATABASE_URL must start with sqlite: or postgres://',
      ]);
    });

    it('When POLL_CRON has six fields (seconds first), then it is accepted', () => {
      expect(loadConfig({ ...requiredEnv(), POLL_CRON: '30 */10 * * * *' }).pollCron).toBe('30 */10 * * * *');
    });

    it('When POLL_CRON uses day names, then it is accepted', () => {
      expect(loadConfig({ ...requiredEnv(), POLL_CRON: '0 8 * * MON-FRI' }).pollCron).toBe('0 8 * * MON-FRI');
    });

    it('When POLL_CRON is prose ("every 10 minutes"), then start-up is refused naming POLL_CRON', () => {
      expect(configError({ ...requiredEnv(), POLL_CRON: 'every 10 minutes' }).problems).toEqual([
        'POLL_CRON must be a cron expression with 5 fields (or 6 with seconds first), e.g. */10 * * * *',
      ]);
    });

    it('When POLL_CRON is five words of prose, then start-up is refused naming POLL_CRON', () => {
      expect(configError({ ...requiredEnv(), POLL_CRON: 'run me every ten minutes' }).message).toContain('POLL_CRON');
    });

    it('When RINGCENTRAL_TRANSPORT is websocket, then the bot is configured for WebSocket delivery', () => {
      expect(loadConfig({ ...requiredEnv(), RINGCENTRAL_TRANSPORT: 'websocket' }).transport).toBe('websocket');
    });

    it('When RINGCENTRAL_TRANSPORT is carrier-pigeon, then start-up is refused naming RINGCENTRAL_TRANSPORT and the values it may take', () => {
      const error = configError({ ...requiredEnv(), RINGCENTRAL_TRANSPORT: 'carrier-pigeon' });

      expect(error.problems).toHaveLength(1);
      expect(error.problems[0]).toBe("RINGCENTRAL_TRANSPORT must be one of: webhook, websocket");
    });
  });
});

import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, maskPhone } from '../../../src/logging/create-logger';
import { connectDatabase } from '../../../src/db/connect';
import { migrateUp } from '../../../src/db/migrate';

/** A logger from createLogger whose output lines are captured as text. */
function captured(level = 'info') {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  return { logger: createLogger(level, stream), lines };
}

describe('createLogger', () => {
  it('When a line is logged, then it is JSON with the message, level and fields, and no pid/hostname', () => {
    const { logger, lines } = captured();

    logger.info({ accountId: '37439510' }, 'bot installed');

    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(line).toMatchObject({ level: 30, msg: 'bot installed', accountId: '37439510' });
    expect(line).not.toHaveProperty('pid');
    expect(line).not.toHaveProperty('hostname');
  });

  it('When the level is warn, then info lines are not written', () => {
    const { logger, lines } = captured('warn');

    logger.info('poll finished');
    logger.warn('bot user not ready (SUB-406), retrying');

    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('SUB-406');
  });

  it('When a subscription request with its verification token is logged one level down, then the token is redacted', () => {
    const { logger, lines } = captured();

    logger.info({ deliveryMode: { transportType: 'WebHook', verificationToken: 'ghi-verification-token' } }, 'subscribing');

    expect(lines.join('\n')).not.toContain('ghi-verification-token');
    expect(JSON.parse(lines[0]!)).toMatchObject({ deliveryMode: { transportType: 'WebHook', verificationToken: '[redacted]' } });
  });

  it('When a token response is logged under a key, then the access and refresh tokens are redacted', () => {
    const { logger, lines } = captured();

    logger.info({ tokens: { access_token: 'abc-access', refresh_token: 'def-refresh', expires_in: 3600 } }, 'admin authorized');

    const text = lines.join('\n');
    expect(text).not.toContain('abc-access');
    expect(text).not.toContain('def-refresh');
    expect(text).toContain('"expires_in":3600');
  });

  it('When an admin app secret or phone number is logged under a key, then it is redacted', () => {
    const { logger, lines } = captured();

    logger.info({ app: { clientSecret: 'admin-app-secret-0f9e8d7c' }, recipient: { phoneNumber: '+16505550123' } }, 'x');

    expect(lines.join('\n')).not.toMatch(/admin-app-secret|6505550123/);
  });

  it('When a token response is logged as the object itself, then no line contains the access, refresh or verification token', () => {
    const { logger, lines } = captured();

    logger.info({ access_token: 'abc', refresh_token: 'def', deliveryMode: { verificationToken: 'ghi' } }, 'token refreshed');

    const text = lines.join('\n');
    expect(lines).toHaveLength(1);
    expect(text).not.toContain('abc');
    expect(text).not.toContain('def');
    expect(text).not.toContain('ghi');
  });

  // Same bug: two levels down (a subscription object wrapped in a field) is not redacted either.
  it('When a subscription is logged inside a field, then its verification token is still redacted', () => {
    const { logger, lines } = captured();

    logger.info({ subscription: { id: 'sub-1', deliveryMode: { verificationToken: 'ghi-nested' } } }, 'subscription created');

    expect(lines.join('\n')).not.toContain('ghi-nested');
  });
});

describe('maskPhone', () => {
  it('When a full E.164 number is masked, then only its last four digits remain', () => {
    expect(maskPhone('+16505550123')).toBe('…0123');
  });

  it('When a formatted number is masked, then the formatting is ignored and only the last four digits remain', () => {
    expect(maskPhone('(650) 555-0199')).toBe('…0199');
  });

  it('When the value has four digits or fewer, then nothing of it is shown', () => {
    expect(maskPhone('0123')).toBe('****');
    expect(maskPhone('')).toBe('****');
  });
});

describe('migration log lines', () => {
  it('When migrations are applied, then each line names its migration (not "[redacted]": a timestamped name is not a token)', async () => {
    const { logger, lines } = captured();
    const sequelize = connectDatabase('sqlite::memory:');
    try {
      const applied = await migrateUp(sequelize, logger);
      const migrated = lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.event === 'migrated');
      expect(migrated.map((l) => l.name)).toEqual(applied);
      expect(applied).toContain('20261201190000-partial-delivery-indexes');
      expect(lines.join('\n')).not.toContain('[redacted]');
    } finally {
      await sequelize.close();
    }
  });
});

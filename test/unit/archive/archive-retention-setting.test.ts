import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../src/config/load-config';

const required = {
  RINGCENTRAL_BOT_CLIENT_ID: 'Bq3kXvN7SZq0vKx1w2p9aA',
  RINGCENTRAL_BOT_CLIENT_SECRET: 'f4Pz0Lq9mWn2Rt7uYb8cXe1Kd6Hj3Gs5',
  RINGCENTRAL_SHARED_SECRET: 'glip-shared-secret-7b1e9c',
  APP_SERVER: 'https://audit-bot.example.com',
  ENCRYPTION_KEY: Buffer.from(Array.from({ length: 32 }, (_, i) => i)).toString('hex'),
};

const problems = (value: string): string[] => {
  try {
    loadConfig({ ...required, ARCHIVE_RETENTION_DAYS: value });
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
};

describe('ARCHIVE_RETENTION_DAYS', () => {
  it('When it is not set, then records are kept 400 days (longer than RingCentral\'s 180)', () => {
    expect(loadConfig(required).archiveRetentionDays).toBe(400);
    expect(loadConfig({ ...required, ARCHIVE_RETENTION_DAYS: '  ' }).archiveRetentionDays).toBe(400);
  });

  it('When it is a whole number of days in 1..36500, then it is used', () => {
    expect(loadConfig({ ...required, ARCHIVE_RETENTION_DAYS: '1' }).archiveRetentionDays).toBe(1);
    expect(loadConfig({ ...required, ARCHIVE_RETENTION_DAYS: '2555' }).archiveRetentionDays).toBe(2555);
    expect(loadConfig({ ...required, ARCHIVE_RETENTION_DAYS: '36500' }).archiveRetentionDays).toBe(36500);
  });

  it('When it is not a whole number of days in range, then the error names the setting and what it must be', () => {
    expect(problems('0')).toEqual(['ARCHIVE_RETENTION_DAYS must be 1..36500']);
    expect(problems('36501')).toEqual(['ARCHIVE_RETENTION_DAYS must be 1..36500']);
    expect(problems('30.5')).toEqual(['ARCHIVE_RETENTION_DAYS must be a whole number of days']);
    expect(problems('a year')).toEqual(['ARCHIVE_RETENTION_DAYS must be a number of days']);
  });
});

import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, ConfigError, SETTING_NAMES } from '../../../src/config/load-config';

const root = path.resolve(__dirname, '../../..');

describe('Settings are documented', () => {
  it('When an operator reads .env.example and the README, then every setting the bot reads is there', () => {
    const names = SETTING_NAMES;
    expect(names).toContain('RINGCX_REQUESTS_PER_MINUTE');
    const envExample = fs.readFileSync(path.join(root, '.env.example'), 'utf8');
    const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
    for (const name of names) {
      expect(envExample, `${name} in .env.example`).toMatch(new RegExp(`^${name}=`, 'm'));
      expect(readme, `${name} in README.md`).toContain(`\`${name}\``);
    }
  });

  it('When the required settings are missing, then the error names each of them', () => {
    try {
      loadConfig({});
      expect.unreachable('loadConfig should have refused an empty environment');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      for (const name of ['RINGCENTRAL_BOT_CLIENT_ID', 'RINGCENTRAL_BOT_CLIENT_SECRET', 'RINGCENTRAL_SHARED_SECRET', 'APP_SERVER', 'ENCRYPTION_KEY']) {
        expect((error as ConfigError).message).toContain(name);
      }
    }
  });
});

import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NUMBER_FORM_HINT } from '../../../src/cards/format-phone-number';
import { parsePhone } from '../../../src/admin/phone-number';
import { configCommands } from '../../../src/bot/commands/config-commands';

const root = join(__dirname, '..', '..', '..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const cardTexts = readdirSync(join(root, 'cards'))
  .filter((f) => f.endsWith('.json'))
  .map((f) => readFileSync(join(root, 'cards', f), 'utf8'));

describe('wording a person reads', () => {
  it('When numbers are explained, then the README, the settings card and a refusal say it the same way', () => {
    expect(NUMBER_FORM_HINT).toBe("Any usual form is accepted, read in the account's country");
    expect(readme.toLowerCase()).toContain(NUMBER_FORM_HINT.toLowerCase());
    const refused = parsePhone('12', 'GB');
    expect(!refused.ok && refused.message).toBe(`"12" is not a phone number I can read. ${NUMBER_FORM_HINT} (GB), such as 07400 123456 or +44 20 7946 0958.`);
  });

  it('When the bot speaks of itself and of the admin, then it is "I/my" for the bot and "you/your" for the admin, everywhere', () => {
    const spoken = [...cardTexts, ...configCommands().map((c) => c.summary)].join('\n');
    expect(spoken).not.toMatch(/\byour access\b|\bmy (settings|alerts|recipients|numbers|chats)\b/i);
    expect(spoken).toMatch(/\bmy access\b/);
    expect(spoken).toMatch(/\byour settings\b/);
  });

  it('When a card or command names a feature, then it uses plain words, not RingCentral feature names', () => {
    const spoken = [...cardTexts, ...configCommands().map((c) => c.summary)].join('\n');
    expect(spoken).not.toMatch(/SmsSender|CallerId|usageType|feature/);
  });
});

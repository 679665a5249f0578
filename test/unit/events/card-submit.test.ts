import { describe, expect, it } from 'vitest';
import { parseCardSubmit, type CardSubmit } from '../../../src/events/card-submit';

/** A settings-card Save as RingCentral posts it to the Interactive Messages URL (RINGCENTRAL.md §4). */
function saveSettingsSubmit() {
  return {
    uuid: '5b0cbb0e-7b7f-4a9e-bc0b-0d6a3f9c7f21',
    timestamp: '2026-11-21T10:15:30.123Z',
    type: 'button_submit',
    appId: 'Bq3kXvN7SZq0vKx1w2p9aA',
    user: { id: '62288329856', firstName: 'Jane', lastName: 'Doe', accountId: '37439510', extId: '62288329856' },
    conversation: { id: '1207164934', type: 'Direct' },
    post: { id: '5865709574' },
    card: { id: 'f0f1f2f3-0000-4000-8000-abcdefabcdef' },
    bot: { id: '12345' },
    data: { action: 'saveSettings', smsEnabled: 'true', recipients: '+16505550100,+16505550101' },
  };
}

function parsedSubmit(json: unknown): CardSubmit {
  const result = parseCardSubmit(json);
  if (!result.ok) throw new Error(`expected a card submit, got: ${result.error}`);
  return result.submit;
}

describe('parseCardSubmit', () => {
  it('When the settings card is saved, then the submit carries who, where and every input as a string', () => {
    const submit = parsedSubmit(saveSettingsSubmit());

    expect(submit.user).toEqual({ id: '62288329856', firstName: 'Jane', lastName: 'Doe', accountId: '37439510', extId: '62288329856' });
    expect(submit.conversation).toEqual({ id: '1207164934', type: 'Direct' });
    expect(submit.post).toEqual({ id: '5865709574' });
    expect(submit.bot).toEqual({ id: '12345' });
    expect(submit.data).toEqual({ action: 'saveSettings', smsEnabled: 'true', recipients: '+16505550100,+16505550101' });
    for (const value of Object.values(submit.data)) expect(typeof value).toBe('string');
  });

  it('When ids or data values arrive as numbers or booleans, then they are turned into strings', () => {
    const json = {
      ...saveSettingsSubmit(),
      user: { id: 62288329856, accountId: 37439510 },
      conversation: { id: 1207164934 },
      data: { action: 'saveSettings', smsEnabled: true, retentionDays: 30 },
    };

    const submit = parsedSubmit(json);

    expect(submit.user).toEqual({ id: '62288329856', accountId: '37439510' });
    expect(submit.conversation.id).toBe('1207164934');
    expect(submit.data).toEqual({ action: 'saveSettings', smsEnabled: 'true', retentionDays: '30' });
  });

  it('When the submit has no data.action, then it is refused and the error names action', () => {
    const json = saveSettingsSubmit();
    const { action: _action, ...dataWithoutAction } = json.data;

    const result = parseCardSubmit({ ...json, data: dataWithoutAction });

    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toBe('The body is not a card submit: it has no data.action.');
  });

  it('When data.action is empty, then it is refused', () => {
    const json = saveSettingsSubmit();

    expect(parseCardSubmit({ ...json, data: { ...json.data, action: '' } }).ok).toBe(false);
  });

  it('When the type is not button_submit (e.g. button_click), then it is refused naming type', () => {
    const result = parseCardSubmit({ ...saveSettingsSubmit(), type: 'button_click' });

    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toBe('The body is not a card submit: type has a value it cannot have.');
  });

  it('When the submit has no user, then it is refused (no one to authorize)', () => {
    const { user: _user, ...withoutUser } = saveSettingsSubmit();

    const result = parseCardSubmit(withoutUser);

    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toBe('The body is not a card submit: it has no user.');
  });

  it('When the body is not an object at all, then it is refused as not a card submit', () => {
    const result = parseCardSubmit('action=saveSettings');

    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toBe('The body is not a card submit: it is not a JSON object of that shape.');
  });

  it('When the submit carries user.extId different from user.id, then the clicker is the extension id (extId)', () => {
    const json = saveSettingsSubmit();
    const submit = parsedSubmit({ ...json, user: { ...json.user, id: 'glip-person-778899', extId: '62288329856' } });

    expect(submit.clickerId).toBe('62288329856');
  });

  it('When the submit has no user.extId, then the clicker falls back to user.id', () => {
    const { extId: _extId, ...userWithoutExtId } = saveSettingsSubmit().user;
    const submit = parsedSubmit({ ...saveSettingsSubmit(), user: userWithoutExtId });

    expect(submit.clickerId).toBe('62288329856');
  });
});

describe('parseCardSubmit with hostile input', () => {
  it.each([
    ['a NUL byte in the account id', (j: ReturnType<typeof saveSettingsSubmit>) => ({ ...j, user: { ...j.user, accountId: '37439510\u0000' } })],
    ['a lone surrogate in the conversation id', (j: ReturnType<typeof saveSettingsSubmit>) => ({ ...j, conversation: { id: '12071\uDBFF' } })],
    ['an object as the bot id', (j: ReturnType<typeof saveSettingsSubmit>) => ({ ...j, bot: { id: { toString: 'x' } } })],
    ['a deep object in data', (j: ReturnType<typeof saveSettingsSubmit>) => ({ ...j, data: { ...j.data, recipients: { a: { b: { c: [] } } } } })],
    ['an array in data', (j: ReturnType<typeof saveSettingsSubmit>) => ({ ...j, data: { ...j.data, chatIds: ['1', '2'] } })],
    ['null in data', (j: ReturnType<typeof saveSettingsSubmit>) => ({ ...j, data: { ...j.data, smsSender: null } })],
    ['a NUL byte in a data value', (j: ReturnType<typeof saveSettingsSubmit>) => ({ ...j, data: { ...j.data, recipients: '+1650\u0000' } })],
    ['a data value of 10,001 characters', (j: ReturnType<typeof saveSettingsSubmit>) => ({ ...j, data: { ...j.data, recipients: '1'.repeat(10_001) } })],
    ['101 data values', (j: ReturnType<typeof saveSettingsSubmit>) => ({ ...j, data: { ...j.data, ...Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`k${i}`, 'v'])) } })],
    ['a data key with a space', (j: ReturnType<typeof saveSettingsSubmit>) => ({ ...j, data: { ...j.data, 'sms sender': '+16505550100' } })],
    ['an escape sequence in the first name', (j: ReturnType<typeof saveSettingsSubmit>) => ({ ...j, user: { ...j.user, firstName: '\u001b[2J' } })],
  ])('When a submit carries %s, then it is refused as not a card submit', (_what, mutate) => {
    const result = parseCardSubmit(mutate(saveSettingsSubmit()));
    expect(result.ok).toBe(false);
  });

  it('When a data value has newlines (a multi-line input), then it is kept', () => {
    const submit = parsedSubmit({ ...saveSettingsSubmit(), data: { action: 'saveSettings', note: 'line one\nline two' } });
    expect(submit.data.note).toBe('line one\nline two');
  });
});

describe('parseCardSubmit refusals, in one plain sentence', () => {
  it.each([
    ['a NUL byte in the account id', { user: { ...saveSettingsSubmit().user, accountId: '37439510\u0000' } }, 'The body is not a card submit: user.accountId must be an id (printable ASCII without spaces).'],
    ['an object as the bot id', { bot: { id: { toString: 'x' } } }, 'The body is not a card submit: bot.id should be text or a number.'],
    ['an array in data', { data: { action: 'saveSettings', chatIds: ['1', '2'] } }, 'The body is not a card submit: data.chatIds must be text, a number or true/false.'],
    ['a NUL byte in a data value', { data: { action: 'saveSettings', recipients: '+1650\u0000' } }, 'The body is not a card submit: data.recipients must not contain control characters.'],
    ['a data value of 10,001 characters', { data: { action: 'saveSettings', recipients: '1'.repeat(10_001) } }, 'The body is not a card submit: data.recipients must be at most 10000 characters.'],
    [
      'a data key with a space',
      { data: { action: 'saveSettings', 'sms sender': '+16505550100' } },
      'The body is not a card submit: data must have input names of printable ASCII without spaces, at most 64 characters each.',
    ],
    ['an escape sequence in the first name', { user: { ...saveSettingsSubmit().user, firstName: '\u001b[2J' } }, 'The body is not a card submit: user.firstName must not contain control characters.'],
  ])('When a submit carries %s, then the refusal says which field and what it must be', (_what, overrides, sentence) => {
    const result = parseCardSubmit({ ...saveSettingsSubmit(), ...overrides });
    expect(!result.ok && result.error).toBe(sentence);
  });
});

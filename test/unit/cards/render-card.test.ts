import { describe, expect, it } from 'vitest';
import { renderCard } from '../../../src/cards/render-card';

describe('renderCard', () => {
  it('When the help card is rendered, then each section is a heading with one line per command, and every command is in the fallback text', () => {
    const card = renderCard('help', {
      groups: [
        { name: 'Getting started', commands: [{ usage: 'help', summary: 'This list.' }, { usage: 'login', summary: 'Let me read your audit trail.' }] },
        { name: 'Where alerts go', commands: [{ usage: 'sms\u00a0to\u00a0<number>', summary: 'Who gets texts.' }] },
      ],
      allUsages: 'help, login, sms to <number>',
    });
    expect(card.type).toBe('AdaptiveCard');
    expect(card.version).toBe('1.3');
    expect(card.body.slice(2)).toEqual([
      {
        type: 'Container',
        spacing: 'Medium',
        items: [
          { type: 'TextBlock', text: 'Getting started', weight: 'Bolder', color: 'Accent', wrap: true },
          { type: 'TextBlock', text: '**help** — This list.', spacing: 'Small', wrap: true },
          { type: 'TextBlock', text: '**login** — Let me read your audit trail.', spacing: 'Small', wrap: true },
        ],
      },
      {
        type: 'Container',
        spacing: 'Medium',
        items: [
          { type: 'TextBlock', text: 'Where alerts go', weight: 'Bolder', color: 'Accent', wrap: true },
          { type: 'TextBlock', text: '**sms\u00a0to\u00a0<number>** — Who gets texts.', spacing: 'Small', wrap: true },
        ],
      },
    ]);
    expect(card.fallbackText).toBe('Audit Trail Bot commands: help, login, sms to <number>');
  });

  it('When the welcome card is rendered with a quote in the name, then the text is kept as data, not markup', () => {
    const card = renderCard('welcome', { installerName: 'Jane "JJ" Doe', accountId: '37439510' });
    expect(JSON.stringify(card)).toContain('Jane \\"JJ\\" Doe');
    expect(JSON.stringify(card)).toContain('types **login** here');
  });
});

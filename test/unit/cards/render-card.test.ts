import { describe, expect, it } from 'vitest';
import { renderCard } from '../../../src/cards/render-card';

describe('renderCard', () => {
  it('When the help card is rendered, then every command appears as a fact and in the fallback text', () => {
    const card = renderCard('help', {
      commands: [
        { usage: 'help', summary: 'Show this list' },
        { usage: 'login', summary: 'Authorize the bot' },
      ],
    });
    expect(card.type).toBe('AdaptiveCard');
    expect(card.version).toBe('1.3');
    expect(card.body[2]).toEqual({
      type: 'FactSet',
      facts: [
        { title: 'help', value: 'Show this list' },
        { title: 'login', value: 'Authorize the bot' },
      ],
    });
    expect(card.fallbackText).toBe('Audit Trail Bot commands: help, login');
  });

  it('When the welcome card is rendered with a quote in the name, then the text is kept as data, not markup', () => {
    const card = renderCard('welcome', { installerName: 'Jane "JJ" Doe', accountId: '37439510' });
    expect(JSON.stringify(card)).toContain('Jane \\"JJ\\" Doe');
    expect(JSON.stringify(card)).toContain('types **login** here');
  });
});

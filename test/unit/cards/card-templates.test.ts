import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CARD_NAMES, renderCard, type AdaptiveCard } from '../../../src/cards/render-card';
import { RENDER_CASES, type RenderCase } from './card-fixtures';
import { ALLOWED_TYPES, sdkProblems, stringsOf, typedObjects } from './card-inspect';

const render = (c: RenderCase): AdaptiveCard => renderCard(c.name, c.data);

const cardsDir = join(__dirname, '..', '..', '..', 'cards');

describe('card templates', () => {
  it('When the cards folder is listed, then every template is registered with renderCard and rendered below', () => {
    const files = readdirSync(cardsDir)
      .filter((file) => file.endsWith('.json'))
      .map((file) => file.replace(/\.json$/, ''))
      .sort();
    expect([...CARD_NAMES].sort()).toEqual(files);
    expect(new Set(RENDER_CASES.map((c) => c.name))).toEqual(new Set(files));
  });

  describe.each(RENDER_CASES.map((c) => [c.label, c] as const))('%s', (_label, c) => {
    const card = render(c);

    it('When it is rendered, then the adaptivecards SDK parses it as a 1.3 card with no warnings or validation failures', () => {
      expect(card.type).toBe('AdaptiveCard');
      expect(card.version).toBe('1.3');
      expect(sdkProblems(card), sdkProblems(card).join('\n')).toEqual([]);
    });

    it('When it is rendered, then it uses only the element and action types the RingCentral app supports', () => {
      const types = typedObjects(card).map((object) => object['type']);
      const unsupported = types.filter((type) => typeof type !== 'string' || !ALLOWED_TYPES.has(type));
      expect(unsupported, `unsupported types: ${unsupported.join(', ')}`).toEqual([]);
    });

    it('When it is rendered, then no template expression is left over', () => {
      const leftovers = stringsOf(card).filter(({ value }) => value.includes('${'));
      expect(leftovers).toEqual([]);
      expect(JSON.stringify(card)).not.toMatch(/"\$(data|when)"/);
    });

    it('When it is rendered, then it has a fallback text for push notifications and every text block wraps', () => {
      expect(card.fallbackText).toEqual(expect.stringMatching(/\S{3}/));
      const unwrapped = typedObjects(card).filter((o) => o['type'] === 'TextBlock' && o['wrap'] !== true);
      expect(unwrapped).toEqual([]);
    });
  });
});

describe('the card checks themselves', () => {
  const base: AdaptiveCard = { type: 'AdaptiveCard', version: '1.3', body: [{ type: 'TextBlock', text: 'Hi', wrap: true }] };

  it('When a card has an element type the SDK does not know, then sdkProblems reports it', () => {
    const card: AdaptiveCard = { ...base, body: [...base.body, { type: 'Input.Rating', id: 'stars' }] };
    expect(sdkProblems(card).join('\n')).toContain('Input.Rating');
  });

  it('When two inputs share an id, then sdkProblems reports the duplicate', () => {
    const toggle = { type: 'Input.Toggle', id: 'smsEnabled', title: 'SMS' };
    const card: AdaptiveCard = { ...base, body: [toggle, toggle] };
    expect(sdkProblems(card).join('\n')).toMatch(/smsEnabled/);
  });

  it('When a card uses Action.ShowCard, then the type walk finds a type outside the allow-list', () => {
    const card: AdaptiveCard = {
      ...base,
      actions: [{ type: 'Action.ShowCard', title: 'More', card: { type: 'AdaptiveCard', body: [] } }],
    };
    expect(typedObjects(card).map((o) => o['type']).filter((t) => typeof t === 'string' && !ALLOWED_TYPES.has(t))).toEqual([
      'Action.ShowCard',
    ]);
    expect(sdkProblems(card)).toEqual([]);
  });
});

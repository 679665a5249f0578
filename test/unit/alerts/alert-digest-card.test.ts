import { describe, expect, it } from 'vitest';
import { alertDigestCard } from '../../../src/alerts/alert-digest-card';

type Fact = { title: string; value: string };
const factsOf = (card: ReturnType<typeof alertDigestCard>): Fact[] =>
  ((card.body as { type: string; facts?: Fact[] }[]).find((b) => b.type === 'FactSet')?.facts ?? []);
const explanationOf = (card: ReturnType<typeof alertDigestCard>): string => ((card.body as { text?: string }[])[1]?.text ?? '');

describe('alert digest card', () => {
  it('When alerts were held in a chat with a named zone, then each time and the reopening read in the card time format, without the zone name', () => {
    const card = alertDigestCard({
      alerts: [
        { title: 'MFA turned OFF for the whole company', at: new Date('2026-12-01T19:58:00Z') },
        { title: '2FA turned OFF for Peter B MacIntyre 44', at: new Date('2026-12-01T20:04:00Z') },
      ],
      heldSince: new Date('2026-12-02T08:00:00Z'),
      timeZone: 'America/Los_Angeles',
    });
    expect(factsOf(card)).toEqual([
      { title: 'Dec 1, 2026 11:58 am', value: 'MFA turned OFF for the whole company' },
      { title: 'Dec 1, 2026 12:04 pm', value: '2FA turned OFF for Peter B MacIntyre 44' },
    ]);
    expect(explanationOf(card)).toBe(
      'RingCentral lets a bot post 2,500 times a day. This chat reached that limit, so these alerts waited until Dec 2, 2026 12:00 am and come here together. SMS alerts went out as usual.',
    );
    expect(JSON.stringify(card)).not.toContain('America/Los_Angeles');
  });

  it('When no valid zone is known, then the times say UTC, as every card does', () => {
    const card = alertDigestCard({ alerts: [{ title: 'MFA turned OFF for the whole company', at: new Date('2026-12-01T19:58:00Z') }], heldSince: new Date('2026-12-02T00:00:00Z'), timeZone: 'Not/AZone' });
    expect(factsOf(card)).toEqual([{ title: 'Dec 1, 2026 7:58 pm UTC', value: 'MFA turned OFF for the whole company' }]);
    expect(explanationOf(card)).toContain('waited until Dec 2, 2026 12:00 am UTC and come here together.');
  });
});

import { describe, expect, it } from 'vitest';
import { atLeast, isSeverity, mostSevere, severityWord, SEVERITIES } from '../../../src/policy/severity';

describe('severity', () => {
  it('orders critical above high above medium above low', () => {
    expect(SEVERITIES).toEqual(['critical', 'high', 'medium', 'low']);
    expect(atLeast('critical', 'high')).toBe(true);
    expect(atLeast('medium', 'high')).toBe(false);
    expect(atLeast('low', 'low')).toBe(true);
    expect(mostSevere('low', 'high')).toBe('high');
  });

  it('reads only the four words and shows them capitalised', () => {
    expect(isSeverity('high')).toBe(true);
    expect(isSeverity('urgent')).toBe(false);
    expect(isSeverity('toString')).toBe(false);
    expect(severityWord('critical')).toBe('Critical');
  });
});

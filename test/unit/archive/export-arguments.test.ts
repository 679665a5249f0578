import { describe, expect, it } from 'vitest';
import { parseExportArguments, parseExportDate } from '../../../src/archive/export-arguments';

const NOW = new Date('2026-03-15T12:34:56.000Z');
const parse = (...argv: string[]) => parseExportArguments(argv, NOW);
const errorOf = (...argv: string[]): string => {
  const result = parse(...argv);
  if (result.kind !== 'error') throw new Error(`expected an error, got ${JSON.stringify(result)}`);
  return result.message;
};

describe('parseExportDate', () => {
  it('When a plain date is given, then it means 00:00 UTC that day', () => {
    expect(parseExportDate('2025-01-31')?.toISOString()).toBe('2025-01-31T00:00:00.000Z');
  });

  it('When a date-time is given, then Z and explicit offsets are honoured and no offset means UTC', () => {
    expect(parseExportDate('2025-01-31T08:15:30Z')?.toISOString()).toBe('2025-01-31T08:15:30.000Z');
    expect(parseExportDate('2025-01-31T08:15:30.25Z')?.toISOString()).toBe('2025-01-31T08:15:30.250Z');
    expect(parseExportDate('2025-01-31T08:15:30-08:00')?.toISOString()).toBe('2025-01-31T16:15:30.000Z');
    expect(parseExportDate('2025-01-31T08:15+0530')?.toISOString()).toBe('2025-01-31T02:45:00.000Z');
    expect(parseExportDate('2025-01-31T08:15')?.toISOString()).toBe('2025-01-31T08:15:00.000Z');
    expect(parseExportDate('2025-01-31 08:15:00')?.toISOString()).toBe('2025-01-31T08:15:00.000Z');
  });

  it('When the text is not a real day or time, then it is refused', () => {
    for (const bad of ['2025-02-30', '2025-13-01', '2025-00-10', '2025-01-31T24:00', '2025-01-31T08:60', '31/01/2025', 'yesterday', '2025-1-31', '2025-01-31Z', '', '2025-01-31T08:00+25:00']) {
      expect(parseExportDate(bad), bad).toBeUndefined();
    }
    expect(parseExportDate('2024-02-29')?.toISOString()).toBe('2024-02-29T00:00:00.000Z');
  });
});

describe('parseExportArguments', () => {
  it('When only --since is given, then until is now, both sources, every account, as JSONL', () => {
    expect(parse('--since', '2025-01-01')).toEqual({
      kind: 'export',
      options: { since: new Date('2025-01-01T00:00:00.000Z'), until: NOW, format: 'jsonl' },
    });
  });

  it('When every option is given (either as two words or with =), then each is read', () => {
    const result = parse('--since=2025-01-01', '--until', '2025-04-01T00:00:00-07:00', '--source', 'ringcx', '--format=CSV', '--account', ' 37439510 ');
    expect(result).toEqual({
      kind: 'export',
      options: {
        since: new Date('2025-01-01T00:00:00.000Z'),
        until: new Date('2025-04-01T07:00:00.000Z'),
        source: 'ringcx',
        format: 'csv',
        accountId: '37439510',
      },
    });
  });

  it('When --help or -h is anywhere, then the usage is asked for, even beside bad arguments', () => {
    expect(parse('--help')).toEqual({ kind: 'help' });
    expect(parse('--since', 'nonsense', '-h')).toEqual({ kind: 'help' });
  });

  it('When --since is missing, then the error says it is required', () => {
    expect(errorOf()).toBe('--since is required, e.g. --since 2025-01-01.');
    expect(errorOf('--format', 'csv')).toContain('--since is required');
  });

  it('When a date is not a date, then the error names the option and the value', () => {
    expect(errorOf('--since', '2025-02-30')).toBe("--since '2025-02-30' is not a date: use 2025-01-31 or 2025-01-31T08:00:00Z.");
    expect(errorOf('--since', '2025-01-01', '--until', 'tomorrow')).toContain("--until 'tomorrow' is not a date");
  });

  it('When since is not before until, then the error shows both moments', () => {
    expect(errorOf('--since', '2025-02-01', '--until', '2025-02-01')).toBe('--since (2025-02-01T00:00:00.000Z) must be before --until (2025-02-01T00:00:00.000Z).');
    expect(errorOf('--since', '2025-03-01', '--until', '2025-02-01')).toContain('must be before');
    expect(errorOf('--since', '2027-01-01')).toBe('--since (2027-01-01T00:00:00.000Z) must be before --until (2026-03-15T12:34:56.000Z, now).');
  });

  it('When source or format is not one of the choices, then the error lists the choices', () => {
    expect(errorOf('--since', '2025-01-01', '--source', 'ringcentral')).toBe("--source must be ringex or ringcx, not 'ringcentral'.");
    expect(errorOf('--since', '2025-01-01', '--format', 'xlsx')).toBe("--format must be jsonl or csv, not 'xlsx'.");
  });

  it('When several things are wrong, then every problem is reported at once', () => {
    expect(errorOf('--since', 'soon', '--source', 'x', '--format', 'y').split('\n')).toHaveLength(3);
  });

  it('When an option is unknown, a value is missing, or a stray word is given, then the error says which', () => {
    expect(errorOf('--since', '2025-01-01', '--sincee', '2025-01-02')).toBe('Unknown option --sincee.');
    expect(errorOf('--since')).toBe('--since needs a value, e.g. --since 2025-01-01.');
    expect(errorOf('--since', '--format', 'csv')).toContain('--since needs a value');
    expect(errorOf('--since', '2025-01-01', 'csv')).toContain("Unexpected argument 'csv'");
    expect(errorOf('--since', '2025-01-01', '--account', '')).toBe('--account needs an account id.');
  });
});

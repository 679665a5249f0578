import { describe, expect, it } from 'vitest';
import { csvRow } from '../../../src/archive/csv-row';
import { readCsv } from './read-csv';

describe('csvRow', () => {
  it('When no field needs quoting, then the fields are joined by commas and the record ends with CRLF', () => {
    expect(csvRow(['ringex', '400131417008', 'CHANGE_USER_INFO:USER'])).toBe('ringex,400131417008,CHANGE_USER_INFO:USER\r\n');
  });

  it('When a field holds a quote, a comma, a CR or a LF, then it is enclosed in quotes with its quotes doubled', () => {
    expect(csvRow(['MacIntyre, Peter'])).toBe('"MacIntyre, Peter"\r\n');
    expect(csvRow(['Peter "Pete" MacIntyre'])).toBe('"Peter ""Pete"" MacIntyre"\r\n');
    expect(csvRow(['line one\nline two'])).toBe('"line one\nline two"\r\n');
    expect(csvRow(['a\rb'])).toBe('"a\rb"\r\n');
  });

  it('When empty fields and spaces are written, then they stay as they are', () => {
    expect(csvRow(['', ' padded ', ''])).toBe(', padded ,\r\n');
  });

  it('When a raw record JSON with every awkward character is written, then an RFC 4180 reader gets it back exactly', () => {
    const raw = JSON.stringify({
      id: '8d1c2c1e-4d8f-4a5e-9f4e-0f3b7e0a1c11',
      actionId: 'CHANGE_USER_INFO:USER',
      initiator: { name: 'O\'Brien, "Pat"' },
      details: { parameters: [{ key: 'param0', value: 'Line 1\r\nLine 2, with "quotes"' }] },
    });
    const fields = ['ringex', '37439510', 'O\'Brien, "Pat"', 'multi\nline\r\nname', '=SUM(A1:A2)', raw];
    const text = csvRow(fields) + csvRow(['second', 'row']);
    expect(readCsv(text)).toEqual([fields, ['second', 'row']]);
  });
});

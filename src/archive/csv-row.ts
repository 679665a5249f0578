/**
 * One CSV record (RFC 4180): fields joined by commas and ended by CRLF; a field containing a quote,
 * a comma, a CR or a LF is enclosed in double quotes with its quotes doubled. Values are written
 * exactly as they are (no spreadsheet-formula escaping: the export must read back byte for byte).
 */
export function csvRow(fields: readonly string[]): string {
  return `${fields.map(csvField).join(',')}\r\n`;
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

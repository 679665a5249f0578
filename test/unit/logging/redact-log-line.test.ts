import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/logging/create-logger';
import { redactLogLine, sqlWithoutValues } from '../../../src/logging/redact-log-line';

function captured(level = 'trace') {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  return { logger: createLogger(level, stream), lines, text: () => lines.join('\n') };
}

describe('The log redactor', () => {
  it("When RingCentral's opt-out error text is logged, then both numbers show only their last four digits", () => {
    const { logger, lines } = captured();
    const err = Object.assign(new Error('The recipient +16505550102 has opted out of messages from +16505550100'), { errorCode: 'SMS-RC-410' });
    logger.warn({ err, reason: 'SMS-RC-410: The recipient +16505550102 has opted out of messages from +16505550100' }, 'delivery failed for good');
    const line = JSON.parse(lines[0]!) as { reason: string; err: { message: string; stack: string } };
    expect(line.reason).toBe('SMS-RC-410: The recipient …0102 has opted out of messages from …0100');
    expect(line.err.message).toBe('The recipient …0102 has opted out of messages from …0100');
    expect(lines[0]).not.toMatch(/650\D?555\D?01\d\d/);
  });

  it('When numbers are written with spaces, dots, dashes or brackets, then they are masked too; ids and times are not', () => {
    const { logger, lines } = captured();
    logger.info({ accountId: '37439510', extensionId: '2716913004', at: '2026-12-01T14:00:00.000Z' }, 'call (650) 555-0103, 650.555.0104, +1 650 555 0105 or +44 20 7946 0958');
    const line = JSON.parse(lines[0]!) as Record<string, string>;
    expect(line.msg).toBe('call …0103, …0104, …0105 or …0958');
    expect(line).toMatchObject({ accountId: '37439510', extensionId: '2716913004', at: '2026-12-01T14:00:00.000Z' });
  });

  it('When a token sits five levels deep, in a header, in a URL or in free text, then it never appears', () => {
    const { logger, text } = captured();
    const access = 'ATq2ZkYk5Nb3dKc1hNc0Y3eGJqY1BrVmZ2V1dxR3lBcUs';
    logger.info({ a: { b: { c: { d: { access_token: 'deep-secret-value' } } } } }, 'nested');
    logger.info({ headers: { Authorization: `Bearer ${access}` } }, 'request');
    logger.info(`redirected to https://example.com/oauth/callback?code=short-code-1&state=s-2 with Bearer ${access}`);
    logger.info({ note: `token was ${access}` }, 'free text');
    expect(text()).not.toContain('deep-secret-value');
    expect(text()).not.toContain(access);
    expect(text()).not.toContain('short-code-1');
    expect(text()).not.toContain('s-2 ');
  });

  it('When a uuid or a numeric id is logged, then it is kept for correlation', () => {
    const { logger, lines } = captured();
    logger.info({ uuid: 'd3b0a9e2-5c4f-4a7e-9a63-0d2f7a1c9b11', deliveryId: 1234 }, 'event');
    expect(JSON.parse(lines[0]!)).toMatchObject({ uuid: 'd3b0a9e2-5c4f-4a7e-9a63-0d2f7a1c9b11', deliveryId: 1234 });
  });

  it('When SQL is logged, at trace or inside an error at any level, then its literals and bound values are gone', () => {
    const { logger, lines } = captured();
    logger.trace({ sql: "Executing (default): SELECT * FROM `sms_opt_outs` WHERE `phone` = '+16505550102' AND `account_id` = 'it''s-37439510';" }, 'sql');
    const dbError = Object.assign(new Error('SQLITE_CONSTRAINT: UNIQUE constraint failed'), {
      sql: "INSERT INTO `deliveries` (`destination`) VALUES ($1) -- '+16505550101'",
      parameters: ['+16505550101', 'v1:sealed-token-bytes'],
    });
    logger.error({ err: dbError }, 'query failed');
    expect(JSON.parse(lines[0]!).sql).toBe('Executing (default): SELECT * FROM `sms_opt_outs` WHERE `phone` = ? AND `account_id` = ?;');
    const error = JSON.parse(lines[1]!) as { err: { sql: string; parameters: unknown } };
    expect(error.err.sql).toBe('INSERT INTO `deliveries` (`destination`) VALUES ($1) -- ?');
    expect(error.err.parameters).toBe('[redacted]');
    expect(lines.join('\n')).not.toMatch(/6505550101|sealed-token/);
  });

  it('When a line is not JSON, then it is still redacted as text', () => {
    expect(redactLogLine('sent to +16505550102\n')).toBe('sent to …0102\n');
    expect(sqlWithoutValues("UPDATE t SET a = 'x' WHERE b = 'y'")).toBe('UPDATE t SET a = ? WHERE b = ?');
  });

  it('When a configured secret or a database password turns up in any text, then it is not shown', () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const logger = createLogger('info', stream, { secrets: ['shh-short-1'] });
    logger.info({ detail: 'signature checked with shh-short-1', url: 'postgres://atb:pg-pass-77@db.internal:5432/atb' }, 'connected');
    const line = JSON.parse(lines[0]!) as Record<string, string>;
    expect(line.detail).toBe('signature checked with [redacted]');
    expect(line.url).toBe('postgres://atb:[redacted]@db.internal:5432/atb');
  });
});

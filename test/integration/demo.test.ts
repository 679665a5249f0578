import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { runDemo } from '../../src/demo/run-demo';
import { AuditEventsRepository } from '../../src/db/audit-events-repository';
import { connectDatabase } from '../../src/db/connect';
import { defineModels } from '../../src/db/models';
import { exportArchive } from '../../src/archive/export-archive';
import { parseExportArguments } from '../../src/archive/export-arguments';

const OPT_OUT = 'To opt out at any time, simply reply with STOP.';

describe('npm run demo', () => {
  it('When the demo runs, then it prints each step, then each alert once: its card as text and its text message with the recipients it went to, and a summary', async () => {
    const lines: string[] = [];
    const result = await runDemo({ out: (line) => lines.push(line) });
    const output = lines.join('\n');

    const steps = lines.filter((line) => /^\d\. /.test(line)).map((line) => line.slice(0, 2));
    expect(steps).toEqual(['1.', '2.', '3.', '4.', '5.', '6.']);
    // The story comes first: no alert before the last step.
    expect(output.indexOf('── Alert 1 of 17 ──')).toBeGreaterThan(output.indexOf('6. A few seconds later'));

    // SMS are accepted by the delivery run, and delivered only once their message records say so.
    expect(lines).toContain('   Delivery: 17 cards posted; 34 SMS accepted by RingCentral, not yet confirmed; 0 to retry, 0 failed.');
    expect(lines).toContain('   SMS rows now: accepted 34.');
    expect(lines).toContain('   Message records read: 34; delivered 34, failed 0, not settled yet 0, unconfirmed 0.');
    expect(output.indexOf('SMS rows now: accepted 34.')).toBeLessThan(output.indexOf('Message records read: 34; delivered 34'));
    expect(result.smsStatuses).toEqual({ delivered: 34 });

    // The recipient who had replied STOP before is reported as opted out (from RingCentral's consent list) and gets nothing.
    expect(lines).toContain(
      "     The SMS recipient (650) 555-0103 has opted out of texts from (650) 555-0100 (listed as opted out in RingCentral's consent list, source: Recipient). I will send no more SMS alerts there; they can reply START to (650) 555-0100 to receive them again. Type status to see every opted-out recipient.",
    );
    expect(result.optedOut).toEqual(['+16505550103']);
    expect(result.sms.filter((s) => s.to === '+16505550103')).toEqual([]);

    // One line per recipient, before the alerts: what their message records say, or that they opted out.
    const summary = output.slice(output.indexOf('Text messages from (650) 555-0100, as their message records say:\n'), output.indexOf('17 alerts, each once'));
    expect(summary.trim().split('\n')).toEqual([
      'Text messages from (650) 555-0100, as their message records say:',
      '  to (650) 555-0101: 17 of 17 delivered',
      '  to (650) 555-0102: 17 of 17 delivered',
      "  to (650) 555-0103: opted out (listed as opted out in RingCentral's consent list, source: Recipient), nothing sent",
    ]);

    // Each alert once: a header, the card, then one text message naming both recipients who did not opt out.
    const blocks = output.split(/\n── Alert \d+ of 17 ──\n/).slice(1);
    expect(blocks).toHaveLength(17);
    const smsTexts = lines.filter((line) => / => \d{1,2}:\d{2} (am|pm): /.test(line));
    expect(smsTexts).toHaveLength(17);
    for (const text of smsTexts) expect(text.trim().endsWith(OPT_OUT)).toBe(true);
    for (const block of blocks) {
      expect(block.startsWith('Card in Security Operations:\n')).toBe(true);
      expect(block, block).toContain("\nText message from (650) 555-0100 to (650) 555-0101, (650) 555-0102:\n");
      expect(block.split(OPT_OUT)).toHaveLength(2);
    }
    expect(smsTexts).toContainEqual(expect.stringContaining('User account information changed by: Peter MacIntyre. Affected Element: [Department] old value / current action: [Biology] new value: [Mathematics]'));

    // Cards read as text, indented under their header: the severity word, the headline, who and when, the buttons.
    const mfaOff = blocks.find((block) => block.startsWith('Card in Security Operations:\n  Critical\n  MFA turned OFF for the whole company\n'));
    expect(mfaOff).toBeDefined();
    expect(mfaOff).toMatch(/\n  By Peter MacIntyre \(ext 101, Super Admin\) · \w{3} \d{1,2}, \d{1,2}:\d{2} (am|pm) P[SD]T\n/);
    expect(mfaOff).toContain('  Affected: Sunnyvale Biology Labs');
    expect(mfaOff).toContain('[Button: Acknowledge]');
    const fileSharing = blocks.find((block) => block.startsWith('Card in Security Operations:\n  Low\n  Team Messaging file sharing turned off for the company: Enabled → Disabled\n'));
    expect(fileSharing).toContain('Before: Enabled');
    expect(output).not.toContain('{');
    expect(output).not.toMatch(/SMS to \+1/); // no per-recipient repetition

    expect(lines.at(-1)).toMatch(/^Delivered 34 SMS and 17 cards for 17 audit events in \d+ ms\.$/);
    expect(result).toMatchObject({ events: 17, specViolations: 0, databaseFile: undefined });
    expect(result.sms).toHaveLength(34);
    expect(result.cards).toHaveLength(17);
  });

  it('When the demo keeps its database, then it prints an export command that finds the demo\'s records', async () => {
    const lines: string[] = [];
    const result = await runDemo({ out: (line) => lines.push(line), keepDatabase: true });
    try {
      const command = lines.find((line) => line.includes('npm run -s export'))!.trim();
      const day = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);
      expect(command).toBe(`DATABASE_URL=sqlite:${result.databaseFile} npm run -s export -- --since ${day(0)} --until ${day(1)}`);
      const args = parseExportArguments(command.split(' -- ')[1]!.split(' '), new Date());
      if (args.kind !== 'export') throw new Error(`the printed export arguments do not parse: ${JSON.stringify(args)}`);
      const sequelize = connectDatabase(`sqlite:${result.databaseFile}`);
      const rows: string[] = [];
      try {
        await exportArchive({ auditEvents: new AuditEventsRepository(defineModels(sequelize)) }, args.options, async (chunk: string) => void rows.push(chunk));
      } finally {
        await sequelize.close();
      }
      expect(rows.join('').trim().split('\n')).toHaveLength(17);
    } finally {
      fs.rmSync(path.dirname(result.databaseFile!), { recursive: true, force: true });
    }
  });
});

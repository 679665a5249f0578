import { describe, expect, it } from 'vitest';
import { runDemo } from '../../src/demo/run-demo';

const OPT_OUT = 'To opt out at any time, simply reply with STOP.';

describe('npm run demo', () => {
  it('When the demo runs, then it prints each step, every SMS each recipient received, every alert card as text, and a summary', async () => {
    const lines: string[] = [];
    const started = Date.now();
    const result = await runDemo({ out: (line) => lines.push(line) });
    const elapsed = Date.now() - started;
    const output = lines.join('\n');

    const steps = lines.filter((line) => /^\d\. /.test(line)).map((line) => line.slice(0, 2));
    expect(steps).toEqual(['1.', '2.', '3.', '4.', '5.', '6.']);

    // SMS are accepted by the delivery run, and delivered only once their message records say so.
    expect(lines).toContain('   Delivery: 17 cards posted; 34 SMS accepted by RingCentral, not yet confirmed; 0 to retry, 0 failed.');
    expect(lines).toContain('   SMS rows now: accepted 34.');
    expect(lines).toContain('   Message records read: 34; delivered 34, failed 0, not settled yet 0, unconfirmed 0.');
    expect(output.indexOf('SMS rows now: accepted 34.')).toBeLessThan(output.indexOf('Message records read: 34; delivered 34'));
    expect(result.smsStatuses).toEqual({ delivered: 34 });

    // The recipient who had replied STOP before is reported as opted out (from RingCentral's consent list) and gets nothing.
    expect(lines).toContain(
      "     The SMS recipient +16505550103 has opted out of texts from +16505550100 (listed as opted out in RingCentral's consent list, source: Recipient). I will send no more SMS alerts there; they can reply START to +16505550100 to receive them again. Type status to see every opted-out recipient.",
    );
    expect(lines).toContain("SMS to +16505550103 (from +16505550100): opted out (listed as opted out in RingCentral's consent list, source: Recipient), nothing sent");
    expect(result.optedOut).toEqual(['+16505550103']);
    expect(result.sms.filter((s) => s.to === '+16505550103')).toEqual([]);

    // SMS: a header per recipient, then 17 texts each, every one ending with the opt-out sentence.
    const recipients = ['+16505550101', '+16505550102'];
    for (const to of recipients) expect(lines).toContain(`SMS to ${to} (from +16505550100): 17 of 17 delivered, as their message records say`);
    const smsTexts = lines.filter((line) => / => \d{1,2}:\d{2} (am|pm): /.test(line));
    expect(smsTexts).toHaveLength(17 * recipients.length);
    for (const text of smsTexts) expect(text.endsWith(OPT_OUT)).toBe(true);
    const firstRecipient = output.slice(output.indexOf('SMS to +16505550101'), output.indexOf('SMS to +16505550102'));
    expect(firstRecipient.split(OPT_OUT).length - 1).toBe(17);
    expect(smsTexts).toContainEqual(expect.stringContaining('User account information changed by: Peter MacIntyre. Affected Element: [Department] old value / current action: [Biology] new value: [Mathematics]'));

    // Cards: 17 blocks after the header, separated by blank lines, read as text.
    const cardSection = output.slice(output.indexOf('Card in Security Operations:\n') + 'Card in Security Operations:\n'.length, output.lastIndexOf('\nDelivered'));
    const cards = cardSection.split('\n\n').map((block) => block.trim()).filter((block) => block !== '');
    expect(cards).toHaveLength(17);
    const mfaOff = cards.find((card) => card.startsWith('Critical\nMFA turned OFF for the whole company\n'));
    expect(mfaOff).toBeDefined();
    expect(mfaOff).toMatch(/\nBy Peter MacIntyre \(ext 101, Super Admin\) · \w{3} \d{1,2}, \d{1,2}:\d{2} (am|pm) P[SD]T\n/);
    expect(mfaOff).toContain('Affected: Sunnyvale Biology Labs');
    expect(mfaOff).toContain('[Button: Acknowledge]');
    const fileSharing = cards.find((card) => card.startsWith('Low\nTeam Messaging file sharing turned off for the company: Enabled → Disabled\n'));
    expect(fileSharing).toContain('Before: Enabled');
    expect(output).not.toContain('{');

    expect(lines.at(-1)).toMatch(/^Delivered 34 SMS and 17 cards for 17 audit events in \d+ ms\.$/);
    expect(result).toMatchObject({ events: 17, specViolations: 0, databaseFile: undefined });
    expect(result.sms).toHaveLength(34);
    expect(result.cards).toHaveLength(17);
    expect(elapsed).toBeLessThan(15_000);
  });
});

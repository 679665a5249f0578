import { describe, expect, it } from 'vitest';
import { CommandRegistry } from '../../../src/bot/command-registry';
import { HELP_GROUPS, helpCard, helpCommand } from '../../../src/bot/commands/help-command';
import { configCommands } from '../../../src/bot/commands/config-commands';

type Block = { type: string; text?: string; items?: Block[] };

const registry = () => {
  const r = new CommandRegistry();
  r.register(helpCommand(r));
  for (const command of configCommands()) r.register(command);
  return r;
};

/** Section name → its command lines, as the help card shows them. */
const sections = (): Map<string, string[]> => {
  const body = helpCard(registry()).body as Block[];
  return new Map(
    body
      .filter((b) => b.type === 'Container')
      .map((c) => [c.items![0]!.text!, c.items!.slice(1).map((i) => i.text!)]),
  );
};

describe('help card', () => {
  it('When an admin types help, then the commands come in the six sections, in order, each command once', () => {
    const shown = sections();
    expect([...shown.keys()]).toEqual([...HELP_GROUPS]);
    const lines = [...shown.values()].flat();
    const command = (line: string) => /^\*\*(.+?)\*\*/.exec(line)![1]!.replace(/[\u00a0]/g, ' ').replace(/\u2060/g, '');
    // Each command has its own line, except related commands that share one ("triage admins|members").
    const shared = registry().list().filter((c) => c.help === false).length;
    expect(shared).toBe(4);
    expect(lines).toHaveLength(registry().list().length - shared);
    expect(shown.get('Getting started')!.map(command)).toEqual(['help', 'login', 'logout', 'menu']);
    expect(shown.get('Where alerts go')!.map(command)).toContain('sms to <number> [<number> …]');
    expect(shown.get('Where alerts go')!.map(command)).toContain('notify here');
    expect(shown.get('Where alerts go')!.map(command)).toEqual(expect.arrayContaining(['sms min <level>', 'chats min <level>']));
    expect(shown.get('Which events')!.map(command)).toEqual(['events', 'events list', 'events on <key|all> …', 'events off <key|all> …', 'events discover', 'events watch <actionId> [<severity>]', 'events unwatch <actionId>', 'severity list', 'severity <key> <level>']);
    expect(shown.get('RingCX')!.every((line) => command(line).startsWith('ringcx'))).toBe(true);
    expect(shown.get('Handling alerts')).toEqual([
      '**triage admins|members** — Who may acknowledge alert cards.',
      '**escalate after <minutes>|level <level>|off** — Remind once if no one acknowledges an alert.',
      '**confirm actors on|off** — Ask who made a critical/high change: was it you?',
    ].map((line) => line.replace(/\*\*(.+?)\*\*/, (_, usage: string) => `**${usage.replace(/ /g, '\u00a0').replace(/([|/-])/g, '$1\u2060')}**`)));
    for (const name of ['triage members', 'escalate level', 'escalate off', 'confirm actors off']) expect(lines.join('\n'), name).not.toContain(`**${name.replace(/ /g, '\u00a0')}**`);
    expect(shown.get('Checking on it')!.map(command)).toEqual(expect.arrayContaining(['status', 'test', 'pause', 'resume']));
  });

  it('When the help card is shown, then each command has one short line, and no command can break across lines', () => {
    for (const line of [...sections().values()].flat()) {
      const [, usage, summary] = /^\*\*(.+?)\*\* — (.+)$/.exec(line)!;
      expect(usage, line).not.toMatch(/ /); // only no-break spaces inside a command
      expect(usage, line).not.toMatch(/\|(?!\u2060)/); // "|" is a break opportunity: a word joiner follows it
      expect(summary!.length, line).toBeLessThanOrEqual(50);
    }
  });
});

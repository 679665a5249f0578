import { describe, expect, it } from 'vitest';
import { CommandRegistry, type Command } from '../../../src/bot/command-registry';

function command(name: string, aliases?: string[]): Command {
  return {
    name,
    ...(aliases ? { aliases } : {}),
    usage: name,
    summary: `Runs ${name}`,
    async run() {},
  };
}

/** The registry as the bot builds it: single words and two-word commands sharing a first word. */
function botCommands(): CommandRegistry {
  return new CommandRegistry()
    .register(command('help', ['?', 'commands']))
    .register(command('events on'))
    .register(command('events'))
    .register(command('events off'))
    .register(command('sms to'));
}

describe('CommandRegistry', () => {
  it('When a message is typed in another case, then the command is still found', () => {
    const match = botCommands().match('HeLp');

    expect(match?.command.name).toBe('help');
    expect(match?.args).toEqual([]);
  });

  it('When "events on mfa-company-off" is typed, then the two-word "events on" wins over "events" and the rest are args', () => {
    const match = botCommands().match('events on mfa-company-off');

    expect(match?.command.name).toBe('events on');
    expect(match?.args).toEqual(['mfa-company-off']);
  });

  it('When the longer command was registered after the shorter one, then the longer one still wins', () => {
    const registry = new CommandRegistry().register(command('events')).register(command('events on'));

    expect(registry.match('events on mfa-company-off')?.command.name).toBe('events on');
    expect(registry.match('events')?.command.name).toBe('events');
  });

  it('When the arguments are typed in mixed case with extra spaces, then the command matches and args keep their case', () => {
    const match = botCommands().match('  Events   ON  MFA-Company-Off   Extension-Deleted ');

    expect(match?.command.name).toBe('events on');
    expect(match?.args).toEqual(['MFA-Company-Off', 'Extension-Deleted']);
  });

  it('When "events" alone is typed, then the one-word command matches with no args', () => {
    const match = botCommands().match('events');

    expect(match?.command.name).toBe('events');
    expect(match?.args).toEqual([]);
  });

  it('When a phone number follows "sms to", then the numbers are the args', () => {
    expect(botCommands().match('sms to +16505550100 +16505550101')?.args).toEqual(['+16505550100', '+16505550101']);
  });

  it('When an alias is typed, then the command it belongs to is found', () => {
    expect(botCommands().match('Commands')?.command.name).toBe('help');
    expect(botCommands().match('?')?.command.name).toBe('help');
  });

  it('When the same command name is registered twice, then registration throws naming it', () => {
    const registry = botCommands();

    expect(() => registry.register(command('events on'))).toThrow('command "events on" is registered twice');
  });

  it('When a new command is named like an existing one, then registration throws', () => {
    expect(() => botCommands().register(command('help'))).toThrow('registered twice');
  });

  it('When a new command reuses another command\'s alias, then registration throws', () => {
    expect(() => botCommands().register(command('list commands', ['commands']))).toThrow('registered twice');
  });

  it('When a new command is named like another command\'s alias, then registration throws', () => {
    expect(() => botCommands().register(command('commands'))).toThrow('registered twice');
  });

  it('When the text starts with no known command, then there is no match', () => {
    expect(botCommands().match('please show the audit trail')).toBeUndefined();
    expect(botCommands().match('helpme')).toBeUndefined();
  });

  it('When the text is empty or only spaces, then there is no match', () => {
    expect(botCommands().match('')).toBeUndefined();
    expect(botCommands().match('   \n\t ')).toBeUndefined();
  });

  it('When commands are listed (for help), then they come back in registration order', () => {
    expect(botCommands().list().map((c) => c.name)).toEqual(['help', 'events on', 'events', 'events off', 'sms to']);
  });
});

import type { Command, CommandRegistry } from '../command-registry';
import { renderCard, type CardData } from '../../cards/render-card';

/** The help card's sections, in order. */
export const HELP_GROUPS = ['Getting started', 'Where alerts go', 'Which events', 'RingCX', 'Handling alerts', 'Checking on it'] as const;
export type HelpGroup = (typeof HELP_GROUPS)[number];

/** Which section a command belongs to, by its first words; a command no rule names goes under "Checking on it". */
const GROUP_RULES: [RegExp, HelpGroup][] = [
  [/^(help|login|logout|menu)$/, 'Getting started'],
  [/^(settings|sms|chats|notify here|stop here)\b/, 'Where alerts go'],
  [/^(events|severity)\b/, 'Which events'],
  [/^ringcx\b/, 'RingCX'],
  [/^(triage|escalate|confirm actors)\b/, 'Handling alerts'],
];

export function helpGroupOf(command: Pick<Command, 'name'>): HelpGroup {
  return GROUP_RULES.find(([rule]) => rule.test(command.name))?.[1] ?? 'Checking on it';
}

/**
 * A command as the help card writes it: no-break spaces, and a word joiner after "|" and "/", so
 * a line can break before or after the command but never inside it.
 */
export function unbreakable(usage: string): string {
  return usage.replace(/ /g, '\u00a0').replace(/([|/-])/g, '$1\u2060');
}

/** The help card lists every registered command, in its section, so a new command shows up in help by registering. */
export function helpCard(registry: CommandRegistry) {
  const commands = registry.list();
  const groups: CardData['help']['groups'] = HELP_GROUPS.map((name) => ({
    name,
    commands: commands
      .filter((c) => helpGroupOf(c) === name && c.help !== false)
      .map((c) => {
        const { usage, summary } = c.help || c;
        return { usage: unbreakable(usage), summary: c.aliases?.length ? `${summary} Also: ${c.aliases.join(', ')}.` : summary };
      }),
  })).filter((g) => g.commands.length > 0);
  return renderCard('help', { groups, allUsages: commands.map((c) => c.usage).join(', ') });
}

export function helpCommand(registry: CommandRegistry): Command {
  return {
    name: 'help',
    usage: 'help',
    summary: 'This list.',
    async run({ reply }) {
      await reply.card(helpCard(registry));
    },
  };
}

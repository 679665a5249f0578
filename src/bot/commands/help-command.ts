import type { Command, CommandRegistry } from '../command-registry';
import { renderCard } from '../../cards/render-card';

/** The help card lists every registered command, so a new command shows up in help by registering. */
export function helpCard(registry: CommandRegistry) {
  return renderCard('help', {
    commands: registry.list().map((c) => ({
      usage: [c.usage, ...(c.aliases ?? [])].join(' | '),
      summary: c.summary,
    })),
  });
}

export function helpCommand(registry: CommandRegistry): Command {
  return {
    name: 'help',
    usage: 'help',
    summary: 'Show this list of commands.',
    async run({ reply }) {
      await reply.card(helpCard(registry));
    },
  };
}

import type { BotDeps } from './bot-deps';
import type { ChatReply } from './chat-reply';
import type { Installation } from '../db/installations-repository';
import type { Logger } from '../logging/create-logger';

/** What a command handler knows about the message that invoked it. */
export interface CommandContext {
  deps: BotDeps;
  installation: Installation;
  botToken: string;
  chatId: string;
  /** The person who wrote the message. */
  userId: string;
  /** The words after the command, as typed (case kept). */
  args: string[];
  reply: ChatReply;
  log: Logger;
}

export interface Command {
  /** The command word(s), lower case; `sms on` is the name "sms on". */
  name: string;
  aliases?: string[];
  /** As shown in help: `sms to <number> [<number> …]`. */
  usage: string;
  summary: string;
  /**
   * How the help card shows it, when not as its own usage and summary: one line standing for a few
   * related commands (`triage admins|members`), or false on the others that line already names.
   */
  help?: false | { usage: string; summary: string };
  run(context: CommandContext): Promise<void>;
}

/** A match of a message against the registry. */
export interface CommandMatch {
  command: Command;
  args: string[];
}

/**
 * Commands by name. Matching is case-insensitive and prefers the longest name, so `events on x`
 * finds "events on" before "events".
 */
export class CommandRegistry {
  private readonly commands: Command[] = [];

  register(command: Command): this {
    const taken = new Set(this.commands.flatMap((c) => [c.name, ...(c.aliases ?? [])]));
    for (const name of [command.name, ...(command.aliases ?? [])]) {
      if (taken.has(name)) throw new Error(`command "${name}" is registered twice`);
    }
    this.commands.push(command);
    return this;
  }

  list(): readonly Command[] {
    return this.commands;
  }

  /** Finds the command a message's words start with. */
  match(text: string): CommandMatch | undefined {
    const words = text.trim().split(/\s+/).filter(Boolean);
    return this.find(words);
  }

  private find(words: string[]): CommandMatch | undefined {
    let best: CommandMatch | undefined;
    let bestLength = 0;
    for (const command of this.commands) {
      for (const name of [command.name, ...(command.aliases ?? [])]) {
        const parts = name.split(' ');
        if (parts.length <= bestLength || parts.length > words.length) continue;
        if (parts.every((part, i) => words[i]?.toLowerCase() === part)) {
          best = { command, args: words.slice(parts.length) };
          bestLength = parts.length;
        }
      }
    }
    return best;
  }
}

import type { BotDeps } from './bot-deps';

/** Chat types in which every message is addressed to the bot (a one-to-one conversation). */
const ONE_TO_ONE = new Set(['Direct', 'Personal', 'PersonalChat', 'PrivateChat']);

interface Known {
  type: string | undefined;
  memberCount: number | undefined;
  at: number;
}

const TTL_MS = 10 * 60 * 1000;

/**
 * Answers "is this chat a conversation with the bot alone?" without asking RingCentral on every
 * message: chat events fill it, a lookup fills the gaps, entries expire after ten minutes.
 */
export class ChatDirectory {
  private readonly known = new Map<string, Known>();

  constructor(private readonly deps: BotDeps) {}

  learn(chatId: string, type: string | undefined, memberCount: number | undefined): void {
    this.known.set(chatId, { type, memberCount, at: this.deps.now().getTime() });
  }

  forget(chatId: string): void {
    this.known.delete(chatId);
  }

  /** RINGCENTRAL.md §3 convention: a chat of at most two members is a conversation with the bot. */
  async isOneToOne(botToken: string, chatId: string): Promise<boolean> {
    let entry = this.known.get(chatId);
    if (!entry || this.deps.now().getTime() - entry.at > TTL_MS) {
      const chat = await this.deps.api.getChat(botToken, chatId);
      this.learn(chatId, chat.type, chat.members?.length);
      entry = this.known.get(chatId);
    }
    if (!entry) return false;
    if (entry.type !== undefined && ONE_TO_ONE.has(entry.type)) return true;
    return entry.memberCount !== undefined && entry.memberCount <= 2;
  }
}

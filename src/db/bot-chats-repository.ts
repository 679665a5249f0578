import type { Models } from './models';

/** A chat the bot is a member of. */
export interface BotChat {
  accountId: string;
  chatId: string;
  chatType: string | null;
  name: string | null;
}

/** Which chats the bot is in, learnt from GroupJoined / GroupLeft events. */
export class BotChatsRepository {
  constructor(private readonly models: Models) {}

  async remember(chat: BotChat): Promise<void> {
    await this.models.BotChat.upsert(chat);
  }

  async forget(accountId: string, chatId: string): Promise<void> {
    await this.models.BotChat.destroy({ where: { accountId, chatId } });
  }

  async list(accountId: string): Promise<BotChat[]> {
    const rows = await this.models.BotChat.findAll({ where: { accountId }, order: [['chatId', 'ASC']] });
    return rows.map((r) => ({ accountId: r.accountId, chatId: r.chatId, chatType: r.chatType, name: r.name }));
  }

  async forgetAccount(accountId: string): Promise<void> {
    await this.models.BotChat.destroy({ where: { accountId } });
  }
}

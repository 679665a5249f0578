import type { SimContext } from './sim-context';
import type { SimCard, SimChat, SimMention, SimPost } from './sim-types';

/** Posts a user or bot may make per day before RingCentral answers 500 (RINGCENTRAL.md §5). */
export const DAILY_POST_CAP = 2500;
const DAY_MS = 86_400_000;

/** Add people to a chat; the ones new to it get GroupJoined on their subscriptions. */
export function addChatMembers(ctx: SimContext, chat: SimChat, ids: string[]): { added: string[]; delivered: Promise<void> } {
  const added = [...new Set(ids)].filter((id) => !chat.memberIds.includes(id));
  if (added.length === 0) return { added, delivered: Promise.resolve() };
  chat.memberIds.push(...added);
  chat.updatedAt = ctx.state.now();
  return { added, delivered: ctx.hub.publishGroupJoined(chat, added) };
}

/** Mentions as RingCentral derives them from `![:Person](id)` / `![:Team](id)` markup in the text. */
export function mentionsIn(ctx: SimContext, text: string): SimMention[] {
  const mentions: SimMention[] = [];
  for (const match of text.matchAll(/!\[:(Person|Team)\]\(([^)\s]+)\)/g)) {
    const type = match[1] === 'Team' ? 'Team' : 'Person';
    const id = match[2] ?? '';
    if (mentions.some((m) => m.id === id)) continue;
    const person = type === 'Person' ? ctx.state.extension(id) : undefined;
    const chat = type === 'Team' ? ctx.state.chats.get(id) : undefined;
    mentions.push({ id, type, name: person !== undefined ? ctx.state.fullName(person) : (chat?.name ?? id) });
  }
  return mentions;
}

/** Store a text post and notify subscribers in the chat (the poster included, as RingCentral does). */
export function createPost(ctx: SimContext, chat: SimChat, creatorId: string, text: string): { post: SimPost; delivered: Promise<void> } {
  const post: SimPost = {
    id: ctx.state.nextId(),
    chatId: chat.id,
    creatorId,
    text,
    type: 'TextMessage',
    mentions: mentionsIn(ctx, text),
    createdAt: ctx.state.now(),
  };
  ctx.state.posts.push(post);
  chat.updatedAt = post.createdAt;
  return { post, delivered: ctx.hub.publishPost(chat, post) };
}

/** How many posts and cards this person made in the last 24 h (for the daily cap). */
export function postsToday(ctx: SimContext, creatorId: string): number {
  const since = ctx.state.now() - DAY_MS;
  const isRecent = (item: SimPost | SimCard) => item.creatorId === creatorId && item.createdAt > since;
  return ctx.state.posts.filter(isRecent).length + ctx.state.cards.filter(isRecent).length;
}

/** TMChatInfo as the spec shapes it. */
export function chatInfo(ctx: SimContext, chat: SimChat): object {
  return {
    id: chat.id,
    type: chat.type,
    ...(chat.type === 'Team' ? { public: chat.public } : {}),
    ...(chat.name === undefined ? {} : { name: chat.name }),
    status: 'Active',
    creationTime: ctx.state.iso(chat.createdAt),
    lastModifiedTime: ctx.state.iso(chat.updatedAt),
    members: chat.memberIds.map((id) => ({ id })),
  };
}

import express, { type Request, type Response, type Router } from 'express';
import { DAILY_POST_CAP, addChatMembers, chatInfo, createPost, postsToday } from '../chat-actions';
import { fail, invalidParameter, notFound } from '../rc-errors';
import type { PipelineLocals } from '../request-pipeline';
import { callerOf, param, type SimContext } from '../sim-context';
import type { SimCard, SimChat, SimExtension, SimPost } from '../sim-types';

const MAX_POST_LENGTH = 10_000;
const DEFAULT_RECORD_COUNT = 30;

/** Team Messaging: chats, conversations, persons, teams, posts and adaptive cards. */
export function teamMessagingRoutes(ctx: SimContext): Router {
  const router = express.Router();

  router.get('/team-messaging/v1/chats', (_req: Request, res: Response) => {
    const caller = callerOf(ctx, res);
    const query = (res.locals as PipelineLocals).simQuery ?? {};
    const types = Array.isArray(query.type) ? query.type.map(String) : undefined;
    const recordCount = typeof query.recordCount === 'number' && query.recordCount > 0 ? query.recordCount : DEFAULT_RECORD_COUNT;
    // Why: the list also holds public teams of the company the caller is not in (RINGCENTRAL.md §5).
    const visible = [...ctx.state.chats.values()].filter(
      (c) => c.accountId === caller.accountId && (c.memberIds.includes(caller.id) || (c.type === 'Team' && c.public)) && (types === undefined || types.includes(c.type)),
    );
    const offset = decodePageToken(typeof query.pageToken === 'string' ? query.pageToken : undefined);
    const page = visible.slice(offset, offset + recordCount);
    const next = offset + recordCount < visible.length ? encodePageToken(offset + recordCount) : undefined;
    const previous = offset > 0 ? encodePageToken(Math.max(0, offset - recordCount)) : undefined;
    res.json({
      records: page.map((c) => chatInfo(ctx, c)),
      navigation: { ...(previous === undefined ? {} : { prevPageToken: previous }), ...(next === undefined ? {} : { nextPageToken: next }) },
    });
  });

  router.get('/team-messaging/v1/chats/:chatId', (req: Request, res: Response) => {
    const caller = callerOf(ctx, res);
    res.json(chatInfo(ctx, visibleChat(ctx, caller, param(req, 'chatId'))));
  });

  router.post('/team-messaging/v1/conversations', (req: Request, res: Response) => {
    const caller = callerOf(ctx, res);
    const others = peopleIn(ctx, (req.body as { members: PersonRef[] }).members);
    const memberIds = [...new Set([caller.id, ...others])];
    const type = memberIds.length === 1 ? 'Personal' : memberIds.length === 2 ? 'Direct' : 'Group';
    const existing = [...ctx.state.chats.values()].find(
      (c) => c.type === type && c.memberIds.length === memberIds.length && memberIds.every((id) => c.memberIds.includes(id)),
    );
    if (existing !== undefined) {
      // UNCONFIRMED: 200 for an existing conversation, 201 for a new one (the spec lists both)
      res.status(200).json(conversationInfo(ctx, existing));
      return;
    }
    const now = ctx.state.now();
    const chat: SimChat = { id: ctx.state.nextId(), accountId: caller.accountId, type, memberIds: [caller.id], public: false, createdAt: now, updatedAt: now };
    ctx.state.chats.set(chat.id, chat);
    void addChatMembers(ctx, chat, memberIds.filter((id) => id !== caller.id)).delivered;
    res.status(201).json(conversationInfo(ctx, chat));
  });

  router.get('/team-messaging/v1/persons/:personId', (req: Request, res: Response) => {
    const caller = callerOf(ctx, res);
    const id = param(req, 'personId');
    const person = ctx.state.extension(id === '~' ? caller.id : id);
    if (person === undefined) notFound('personId');
    res.json({
      id: person.id,
      firstName: person.firstName,
      lastName: person.lastName,
      ...(person.email ? { email: person.email } : {}),
      companyId: person.accountId,
      creationTime: ctx.state.iso(person.createdAt),
      lastModifiedTime: ctx.state.iso(person.createdAt),
    });
  });

  router.post('/team-messaging/v1/teams/:chatId/join', (req: Request, res: Response) => {
    const caller = callerOf(ctx, res);
    const chat = ctx.state.chats.get(param(req, 'chatId'));
    if (chat === undefined || chat.type !== 'Team' || chat.accountId !== caller.accountId) notFound('chatId');
    if (!chat.public && !chat.memberIds.includes(caller.id)) forbidden('Private teams can only be joined by invitation');
    void addChatMembers(ctx, chat, [caller.id]).delivered;
    res.status(204).end();
  });

  router.post('/team-messaging/v1/teams/:chatId/add', (req: Request, res: Response) => {
    const caller = callerOf(ctx, res);
    const chat = ctx.state.chats.get(param(req, 'chatId'));
    if (chat === undefined || chat.type !== 'Team' || chat.accountId !== caller.accountId) notFound('chatId');
    if (!chat.memberIds.includes(caller.id)) forbidden('Only team members can add members');
    void addChatMembers(ctx, chat, peopleIn(ctx, (req.body as { members: PersonRef[] }).members)).delivered;
    res.status(204).end();
  });

  // List Posts (spec: GET /team-messaging/v1/chats/{chatId}/posts, TMPostsList). A card appears as a post
  // with an attachment of type 'Card' (spec TMAttachmentInfo.type; how RingCentral lists card posts is
  // UNCONFIRMED). Newest first is UNCONFIRMED too (the spec states no order).
  router.get('/team-messaging/v1/chats/:chatId/posts', (req: Request, res: Response) => {
    const caller = callerOf(ctx, res);
    const chat = memberChat(ctx, caller, param(req, 'chatId'));
    const query = (res.locals as PipelineLocals).simQuery ?? {};
    const recordCount = typeof query.recordCount === 'number' && query.recordCount > 0 ? Math.min(250, query.recordCount) : DEFAULT_RECORD_COUNT;
    const items = [
      ...ctx.state.posts.filter((p) => p.chatId === chat.id).map((p) => ({ at: p.createdAt, info: postInfo(ctx, chat, p) })),
      ...ctx.state.cards.filter((c) => c.chatId === chat.id).map((c) => ({ at: c.createdAt, info: cardPostInfo(ctx, chat, c) })),
    ].sort((a, b) => b.at - a.at);
    const offset = decodePageToken(typeof query.pageToken === 'string' ? query.pageToken : undefined);
    const next = offset + recordCount < items.length ? encodePageToken(offset + recordCount) : undefined;
    const previous = offset > 0 ? encodePageToken(Math.max(0, offset - recordCount)) : undefined;
    res.json({
      records: items.slice(offset, offset + recordCount).map((i) => i.info),
      navigation: { ...(previous === undefined ? {} : { prevPageToken: previous }), ...(next === undefined ? {} : { nextPageToken: next }) },
    });
  });

  router.post('/team-messaging/v1/chats/:chatId/posts', (req: Request, res: Response) => {
    const caller = callerOf(ctx, res);
    const chat = memberChat(ctx, caller, param(req, 'chatId'));
    const body = req.body as { text?: string; attachments?: unknown[] };
    const text = body.text ?? '';
    if (text.length === 0 && (body.attachments ?? []).length === 0) invalidParameter('text', 'a post needs text or attachments');
    if (text.length > MAX_POST_LENGTH) invalidParameter('text', `at most ${MAX_POST_LENGTH} characters`);
    checkDailyCap(ctx, caller);
    const { post } = createPost(ctx, chat, caller.id, text);
    res.status(201).json({
      id: post.id,
      groupId: chat.id,
      type: post.type,
      text: post.text,
      creatorId: post.creatorId,
      mentions: post.mentions,
      creationTime: ctx.state.iso(post.createdAt),
      lastModifiedTime: ctx.state.iso(post.createdAt),
    });
  });

  router.post('/team-messaging/v1/chats/:chatId/adaptive-cards', (req: Request, res: Response) => {
    const caller = callerOf(ctx, res);
    const chat = memberChat(ctx, caller, param(req, 'chatId'));
    const body = req.body as Record<string, unknown>;
    checkCardVersion(body);
    checkDailyCap(ctx, caller);
    const now = ctx.state.now();
    const card: SimCard = { id: ctx.state.nextId(), postId: ctx.state.nextId(), chatId: chat.id, creatorId: caller.id, body: structuredClone(body), createdAt: now, updatedAt: now, versions: 1 };
    ctx.state.cards.push(card);
    chat.updatedAt = now;
    void ctx.hub.publishPost(chat, { card });
    res.status(201).json(cardShortInfo(ctx, card));
  });

  router.get('/team-messaging/v1/adaptive-cards/:cardId', (req: Request, res: Response) => {
    const caller = callerOf(ctx, res);
    const card = ctx.state.cards.find((c) => c.id === param(req, 'cardId'));
    if (card === undefined || !(ctx.state.chats.get(card.chatId)?.memberIds.includes(caller.id) ?? false)) notFound('cardId');
    res.json({ ...card.body, ...cardShortInfo(ctx, card) });
  });

  // OpenAPI "Update Adaptive Card": 200 AdaptiveCardShortInfo; 403 "You do not have permissions to update
  // specified adaptive card."; 404 "Adaptive Card for update does not exist." (RINGCENTRAL.md §5: the bot
  // replaces its own cards). That only the card's creator may update it is UNCONFIRMED, the spec's 403 read narrowly.
  router.put('/team-messaging/v1/adaptive-cards/:cardId', (req: Request, res: Response) => {
    const caller = callerOf(ctx, res);
    const card = ctx.state.cards.find((c) => c.id === param(req, 'cardId'));
    if (card === undefined) notFound('cardId');
    if (card.creatorId !== caller.id) forbidden('Only the creator of a card can update it');
    const body = req.body as Record<string, unknown>;
    checkCardVersion(body);
    card.body = structuredClone(body);
    card.updatedAt = ctx.state.now();
    card.versions += 1;
    res.json(cardShortInfo(ctx, card));
  });

  return router;
}

type PersonRef = { id?: string; email?: string };

/** Person ids for `members: [{id} | {email}]`. */
function peopleIn(ctx: SimContext, members: PersonRef[]): string[] {
  return members.map((m, i) => {
    const person = m.id !== undefined ? ctx.state.extension(m.id) : [...ctx.state.extensions.values()].find((e) => e.email !== '' && e.email === m.email);
    if (person === undefined) invalidParameter(`members[${i}]`, 'person not found');
    return person.id;
  });
}

/** UNCONFIRMED: Team Messaging's error code for a forbidden action. */
function forbidden(message: string): never {
  fail(403, 'TMN-403', message);
}

function visibleChat(ctx: SimContext, caller: SimExtension, id: string): SimChat {
  const chat = ctx.state.chats.get(id);
  const visible = chat !== undefined && chat.accountId === caller.accountId && (chat.memberIds.includes(caller.id) || (chat.type === 'Team' && chat.public));
  if (!visible) notFound('chatId');
  return chat;
}

function memberChat(ctx: SimContext, caller: SimExtension, id: string): SimChat {
  const chat = ctx.state.chats.get(id);
  if (chat === undefined) notFound('chatId');
  if (!chat.memberIds.includes(caller.id)) forbidden('The poster is not a member of this chat');
  return chat;
}

function checkDailyCap(ctx: SimContext, caller: SimExtension): void {
  // UNCONFIRMED error code; the status and message are what RingCentral documents (RINGCENTRAL.md §5)
  if (postsToday(ctx, caller.id) >= DAILY_POST_CAP) fail(500, 'CMN-201', 'You have exceeded your limits for this action.');
}

/** Why: RingCentral renders Adaptive Cards up to version 1.3 (RINGCENTRAL.md §5). */
function checkCardVersion(body: Record<string, unknown>): void {
  const version = typeof body.version === 'string' ? body.version : '';
  const match = /^(\d+)\.(\d+)$/.exec(version);
  if (match === null) invalidParameter('version', 'expected "major.minor"');
  const major = Number(match[1]);
  const minor = Number(match[2]);
  if (major !== 1 || minor > 3) invalidParameter('version', 'Adaptive Card versions up to 1.3 are supported');
}

/** TMPostInfo of a text post. */
function postInfo(ctx: SimContext, chat: SimChat, post: SimPost): object {
  return {
    id: post.id,
    groupId: chat.id,
    type: post.type,
    text: post.text,
    creatorId: post.creatorId,
    mentions: post.mentions,
    attachments: [],
    creationTime: ctx.state.iso(post.createdAt),
    lastModifiedTime: ctx.state.iso(post.createdAt),
  };
}

/** TMPostInfo of the post that carries a card (UNCONFIRMED: type TextMessage, empty text, one Card attachment). */
function cardPostInfo(ctx: SimContext, chat: SimChat, card: SimCard): object {
  return {
    id: card.postId,
    groupId: chat.id,
    type: 'TextMessage',
    text: '',
    creatorId: card.creatorId,
    mentions: [],
    attachments: [{ id: card.id, type: 'Card' }],
    creationTime: ctx.state.iso(card.createdAt),
    lastModifiedTime: ctx.state.iso(card.updatedAt),
  };
}

function cardShortInfo(ctx: SimContext, card: SimCard): object {
  const schema = card.body.$schema;
  return {
    id: card.id,
    ...(typeof schema === 'string' ? { $schema: schema } : {}),
    type: 'AdaptiveCard',
    version: typeof card.body.version === 'string' ? card.body.version : '1.3',
    creator: { id: card.creatorId },
    chatIds: [card.chatId],
    creationTime: ctx.state.iso(card.createdAt),
    lastModifiedTime: ctx.state.iso(card.updatedAt),
  };
}

function conversationInfo(ctx: SimContext, chat: SimChat): object {
  return {
    id: chat.id,
    type: chat.type,
    creationTime: ctx.state.iso(chat.createdAt),
    lastModifiedTime: ctx.state.iso(chat.updatedAt),
    members: chat.memberIds.map((id) => ({ id })),
  };
}

function encodePageToken(offset: number): string {
  return Buffer.from(`offset:${offset}`).toString('base64url');
}

function decodePageToken(token: string | undefined): number {
  if (token === undefined) return 0;
  const match = /^offset:(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
  if (match === null) invalidParameter('pageToken');
  return Number(match[1]);
}

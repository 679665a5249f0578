import { z } from 'zod';
import { plainSchemaError } from '../errors/plain-schema-error';
import { safeId, safeText, safeToken } from './safe-text';

/**
 * Chat-event notifications as RingCentral delivers them to /bot/webhook (RINGCENTRAL.md §3).
 * Everything arriving is parsed here into one discriminated union; handlers never see raw JSON.
 */

// Ids and text are checked here (src/events/safe-text.ts): no control characters, no lone surrogates,
// bounded lengths, scalars only. A bad envelope is refused (400); a bad body inside a good envelope is
// an `unknown` event, answered 200 and ignored with a log line, as RingCentral expects 200 of us.
const id = safeId;
/** A short word RingCentral fills in: an event type, a post or chat type, a timestamp. */
const word = safeText(64);
/** The longest post text we read. RingCentral's own limit is lower (UNCONFIRMED: no published figure found). */
const MAX_POST_TEXT = 20_000;

const envelopeSchema = z.object({
  uuid: safeToken(128).optional(),
  event: safeText(2048),
  timestamp: word.optional(),
  subscriptionId: id.optional(),
  ownerId: id.optional(),
  body: z.unknown(),
});

const postBodySchema = z.object({
  id: id,
  groupId: id,
  type: word.optional(),
  text: safeText(MAX_POST_TEXT).nullish().transform((t) => t ?? ''),
  creatorId: id,
  eventType: word,
  mentions: z
    .array(z.object({ id: id, type: word.optional(), name: safeText(256).optional() }))
    .max(1000)
    .nullish()
    .transform((m) => m ?? []),
});

const chatBodySchema = z.object({
  id: id,
  name: safeText(1024).nullish(),
  type: word.optional(),
  members: z.array(id).max(100_000).nullish().transform((m) => m ?? []),
  eventType: word,
});

const extensionBodySchema = z.object({
  extensionId: id,
  eventType: word,
});

export type PostBody = z.infer<typeof postBodySchema>;
export type ChatBody = z.infer<typeof chatBodySchema>;

interface Envelope {
  uuid: string | undefined;
  subscriptionId: string | undefined;
  /** The bot extension the subscription belongs to. */
  ownerId: string | undefined;
}

/** One parsed notification. `unknown` covers events we subscribed to but do not act on. */
export type WebhookEvent =
  | (Envelope & { kind: 'post'; post: PostBody })
  | (Envelope & { kind: 'chat'; chat: ChatBody })
  | (Envelope & { kind: 'extension'; extensionId: string; eventType: string })
  | (Envelope & { kind: 'subscription-reminder' })
  | (Envelope & { kind: 'unknown'; event: string; reason: string });

/** The result of parsing a request body: an event, or why the body is not a notification at all. */
export type ParsedWebhook = { ok: true; event: WebhookEvent } | { ok: false; error: string };

const POSTS = /^\/team-messaging\/v1\/posts(\?|$)/;
const CHATS = /^\/team-messaging\/v1\/chats(\?|$)/;
const EXTENSION = /^\/restapi\/v1\.0\/account\/[^/]+\/extension\/[^/?]+$/;
// The reminder's `event` is the 4th filter as we registered it, with `~` or the expanded id.
const SUBSCRIPTION = /^\/restapi\/v1\.0\/subscription\/[^/?]+(\?|$)/;

/** Parses a decoded JSON body into a WebhookEvent. */
export function parseWebhookEvent(json: unknown): ParsedWebhook {
  const envelope = envelopeSchema.safeParse(json);
  if (!envelope.success) {
    return { ok: false, error: plainSchemaError('a RingCentral notification', envelope.error) };
  }
  const e = envelope.data;
  const base: Envelope = { uuid: e.uuid, subscriptionId: e.subscriptionId, ownerId: e.ownerId };
  const path = e.event.replace(/^https?:\/\/[^/]+/, '');
  const unknown = (reason: string): ParsedWebhook => ({ ok: true, event: { ...base, kind: 'unknown', event: e.event, reason } });

  if (POSTS.test(path)) {
    const body = postBodySchema.safeParse(e.body);
    return body.success ? { ok: true, event: { ...base, kind: 'post', post: body.data } } : unknown('post body does not match');
  }
  if (CHATS.test(path)) {
    const body = chatBodySchema.safeParse(e.body);
    return body.success ? { ok: true, event: { ...base, kind: 'chat', chat: body.data } } : unknown('chat body does not match');
  }
  if (EXTENSION.test(path)) {
    const body = extensionBodySchema.safeParse(e.body);
    return body.success
      ? { ok: true, event: { ...base, kind: 'extension', extensionId: body.data.extensionId, eventType: body.data.eventType } }
      : unknown('extension body does not match');
  }
  if (SUBSCRIPTION.test(path)) {
    return { ok: true, event: { ...base, kind: 'subscription-reminder' } };
  }
  // Why: the `event` path varies (legacy /restapi/v1.0/glip/posts even for Team Messaging events, ids in
  // place of `~`): when the path is not one we know, the body's own eventType says what it is, as
  // ringcentral-chatbot-js dispatches (RINGCENTRAL.md §3).
  return byEventType(base, e.body) ?? unknown('event filter not handled');
}

const POST_EVENT_TYPES = new Set(['PostAdded', 'PostChanged', 'PostRemoved']);
const CHAT_EVENT_TYPES = new Set(['GroupJoined', 'GroupLeft', 'GroupChanged', 'GroupRenamed']);

/** An event whose path we do not recognise, read by its `body.eventType`; undefined when that says nothing either. */
function byEventType(base: Envelope, body: unknown): ParsedWebhook | undefined {
  const eventType = typeof body === 'object' && body !== null ? (body as { eventType?: unknown }).eventType : undefined;
  if (typeof eventType !== 'string') return undefined;
  if (POST_EVENT_TYPES.has(eventType)) {
    const post = postBodySchema.safeParse(body);
    return post.success ? { ok: true, event: { ...base, kind: 'post', post: post.data } } : undefined;
  }
  if (CHAT_EVENT_TYPES.has(eventType)) {
    const chat = chatBodySchema.safeParse(body);
    return chat.success ? { ok: true, event: { ...base, kind: 'chat', chat: chat.data } } : undefined;
  }
  const extension = extensionBodySchema.safeParse(body);
  return extension.success
    ? { ok: true, event: { ...base, kind: 'extension', extensionId: extension.data.extensionId, eventType: extension.data.eventType } }
    : undefined;
}

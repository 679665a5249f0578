import express, { type Request, type Response, type Router } from 'express';
import { CHATS_FILTER, POSTS_FILTER, isExtensionFilter, isInstantSmsFilter } from '../notification-hub';
import { fail, invalidParameter, notFound } from '../rc-errors';
import { authOf, param, type SimContext } from '../sim-context';
import type { SimChat, SimSubscription } from '../sim-types';
import type { AccessToken } from '../token-store';

/** WebHook subscriptions live at most this long (RINGCENTRAL.md §3). */
export const MAX_WEBHOOK_EXPIRES_IN = 315_360_000;
/** expiresIn when the request gives none (UNCONFIRMED: RingCentral's documented default is 7 days for WebHook). */
export const DEFAULT_EXPIRES_IN = 604_800;

/** SubscriptionInfo as the spec shapes it. verificationToken is writeOnly, so it is never echoed. */
export function subscriptionInfo(ctx: SimContext, sub: SimSubscription): object {
  return {
    uri: `${ctx.baseUrl()}/restapi/v1.0/subscription/${sub.id}`,
    id: sub.id,
    eventFilters: sub.eventFilters,
    disabledFilters: [],
    expirationTime: ctx.state.iso(sub.expiresAt),
    expiresIn: Math.max(1, Math.round((sub.expiresAt - ctx.state.now()) / 1000)),
    // 'Suspended' is not in the spec's enum; RingCentral reports such subscriptions as Blacklisted
    status: sub.status === 'Suspended' ? 'Blacklisted' : sub.status,
    creationTime: ctx.state.iso(sub.createdAt),
    // spec: WebSocketDeliveryMode has only transportType
    deliveryMode: sub.deliveryMode.transportType === 'WebSocket' ? { transportType: 'WebSocket' } : { transportType: 'WebHook', address: sub.deliveryMode.address, encryption: false },
    ...(sub.blacklistedData === undefined ? {} : { blacklistedData: sub.blacklistedData }),
  };
}

/**
 * Events start arriving as soon as a subscription exists, before its creator has read the answer
 * (RINGCENTRAL.md §3: "the bot's own Create, its PersonalChat GroupJoined, …"). The simulator sends a
 * bot's PersonalChat GroupJoined to its new subscription and waits for the answer before it answers
 * the POST: the worst case, so a bot that stores its Verification-Token afterwards refuses it. (The
 * extension `Create` event is not sent: the spec's ExtensionInfoEventBody.eventType allows only Update
 * and Delete.) UNCONFIRMED: that RingCentral sends GroupJoined on every new subscription, not only the first.
 */
async function firstEvents(ctx: SimContext, sub: SimSubscription): Promise<void> {
  const owner = ctx.state.extension(sub.ownerId);
  if (owner?.type !== 'Bot' || !sub.eventFilters.includes(CHATS_FILTER)) return;
  let personal = [...ctx.state.chats.values()].find((c) => c.type === 'Personal' && c.memberIds.length === 1 && c.memberIds[0] === owner.id);
  if (personal === undefined) {
    const now = ctx.state.now();
    personal = { id: ctx.state.nextId(), accountId: owner.accountId, type: 'Personal', memberIds: [owner.id], public: false, createdAt: now, updatedAt: now } satisfies SimChat;
    ctx.state.chats.set(personal.id, personal);
  }
  await ctx.hub.deliverChatEvent(sub, personal, 'GroupJoined');
}

/** Subscription CRUD with the WebHook Validation-Token handshake. */
export function subscriptionRoutes(ctx: SimContext): Router {
  const router = express.Router();

  router.get('/restapi/v1.0/subscription', (_req: Request, res: Response) => {
    const auth = authOf(res);
    ctx.state.pruneExpiredSubscriptions();
    const mine = ctx.state.subscriptions.filter((s) => s.ownerId === auth.extensionId && s.clientId === auth.clientId);
    res.json({ uri: `${ctx.baseUrl()}/restapi/v1.0/subscription`, records: mine.slice(0, 30).map((s) => subscriptionInfo(ctx, s)) });
  });

  router.post('/restapi/v1.0/subscription', async (req: Request, res: Response) => {
    const auth = authOf(res);
    const body = req.body as { eventFilters: string[]; expiresIn?: number; deliveryMode: { transportType: string; address: string; verificationToken?: string } };
    checkFilters(auth, body.eventFilters);
    const address = body.deliveryMode.address;
    if (!/^https?:\/\//.test(address)) invalidParameter('deliveryMode.address');
    const handshake = await ctx.hub.handshake(address);
    if (!handshake.ok) fail(400, handshake.errorCode, handshake.message, 'deliveryMode.address');
    const expiresIn = Math.min(body.expiresIn ?? DEFAULT_EXPIRES_IN, MAX_WEBHOOK_EXPIRES_IN);
    const now = ctx.state.now();
    const sub: SimSubscription = {
      id: ctx.state.nextId(),
      ownerId: auth.extensionId,
      accountId: auth.accountId,
      clientId: auth.clientId,
      eventFilters: [...body.eventFilters],
      deliveryMode: {
        transportType: 'WebHook',
        address,
        ...(body.deliveryMode.verificationToken === undefined ? {} : { verificationToken: body.deliveryMode.verificationToken }),
      },
      status: 'Active',
      createdAt: now,
      expiresAt: now + expiresIn * 1000,
      expiresIn,
      failedDeliveries: 0,
    };
    ctx.state.subscriptions.push(sub);
    await firstEvents(ctx, sub);
    res.json(subscriptionInfo(ctx, sub));
  });

  router.get('/restapi/v1.0/subscription/:subscriptionId', (req: Request, res: Response) => {
    res.json(subscriptionInfo(ctx, ownSubscription(ctx, authOf(res), param(req, 'subscriptionId'))));
  });

  router.put('/restapi/v1.0/subscription/:subscriptionId', (req: Request, res: Response) => {
    const auth = authOf(res);
    const sub = ownSubscription(ctx, auth, param(req, 'subscriptionId'));
    refuseWebSocket(sub);
    const body = (req.body ?? {}) as { eventFilters?: string[]; expiresIn?: number };
    if (body.eventFilters !== undefined) {
      checkFilters(auth, body.eventFilters);
      sub.eventFilters = [...body.eventFilters];
    }
    if (body.expiresIn !== undefined) sub.expiresIn = Math.min(body.expiresIn, MAX_WEBHOOK_EXPIRES_IN);
    sub.expiresAt = ctx.state.now() + sub.expiresIn * 1000;
    // updating a subscription re-activates it (UNCONFIRMED; recreating is the documented remedy)
    sub.status = 'Active';
    sub.failedDeliveries = 0;
    delete sub.blacklistedData;
    res.json(subscriptionInfo(ctx, sub));
  });

  router.delete('/restapi/v1.0/subscription/:subscriptionId', (req: Request, res: Response) => {
    const sub = ownSubscription(ctx, authOf(res), param(req, 'subscriptionId'));
    ctx.state.removeSubscription(sub.id);
    res.status(204).end();
  });

  router.post('/restapi/v1.0/subscription/:subscriptionId/renew', (req: Request, res: Response) => {
    const sub = ownSubscription(ctx, authOf(res), param(req, 'subscriptionId'));
    refuseWebSocket(sub);
    sub.expiresAt = ctx.state.now() + sub.expiresIn * 1000;
    res.json(subscriptionInfo(ctx, sub));
  });

  return router;
}

/**
 * "WebSocket subscriptions cannot be updated via HTTP interface" and "are renewed automatically while
 * websocket session is alive" (spec: updateSubscription, renewSubscription). The error code is UNCONFIRMED.
 */
function refuseWebSocket(sub: SimSubscription): void {
  if (sub.deliveryMode.transportType === 'WebSocket') invalidParameter('subscriptionId', 'WebSocket subscriptions cannot be updated via HTTP');
}

/** The caller's own subscription, or 404. */
export function ownSubscription(ctx: SimContext, auth: AccessToken, id: string): SimSubscription {
  const sub = ctx.state.subscription(id);
  if (sub === undefined || sub.ownerId !== auth.extensionId || sub.clientId !== auth.clientId) notFound('subscriptionId');
  return sub;
}

/** 400 unless every filter is one the simulator can deliver to this caller. */
export function checkFilters(auth: AccessToken, filters: string[]): void {
  for (const filter of filters) {
    const ok =
      filter === POSTS_FILTER ||
      filter === CHATS_FILTER ||
      isExtensionFilter(filter, auth.accountId, auth.extensionId) ||
      /^\/restapi\/v1\.0\/subscription\/~\?threshold=\d+&interval=\d+$/.test(filter) ||
      isInstantSmsFilter(filter, auth.accountId, auth.extensionId);
    if (!ok) invalidParameter('eventFilters', `unsupported event filter ${filter}`);
  }
}

import express, { type Router } from 'express';
import type { BotDeps } from '../../bot/bot-deps';
import { handleWebhookEvent, type BotHandlers } from '../../bot/handle-webhook-event';
import { parseWebhookEvent } from '../../events/webhook-event';
import { AppError } from '../../errors/app-error';

/** The one answer to every notification whose Verification-Token is missing, wrong, or another bot's. */
export const UNVERIFIED = 'This notification could not be verified: its Verification-Token is missing or does not belong to this bot.';

/**
 * POST /bot/webhook: the subscription handshake, then verified notifications. The answer goes out
 * before any handler runs: a slow or failing answer gets the subscription blacklisted (RINGCENTRAL.md §3).
 */
export function botWebhookRoute(deps: BotDeps, bot: BotHandlers): Router {
  const router = express.Router();
  router.post('/bot/webhook', express.raw({ type: () => true, limit: '1mb' }), async (req, res) => {
    const validationToken = req.get('Validation-Token');
    if (validationToken) {
      // Handshake: echo the header, 200, JSON content type, tiny body (≤ 1024 bytes in all).
      res.status(200).set('Validation-Token', validationToken).type('application/json').end();
      return;
    }

    // The Verification-Token comes first and alone decides who the caller is: a stranger gets the same
    // 401, same body, whatever bot id (or body) they send, so the webhook reveals no installed bot ids.
    const verificationToken = req.get('Verification-Token');
    const installation = verificationToken ? await deps.db.installations.findByVerificationToken(verificationToken) : undefined;
    if (!installation) throw new AppError('unauthorized', UNVERIFIED);

    const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    let json: unknown;
    try {
      json = JSON.parse(raw.toString('utf8'));
    } catch {
      throw new AppError('bad_request', 'The notification body is not valid JSON.');
    }
    const parsed = parseWebhookEvent(json);
    if (!parsed.ok) throw new AppError('bad_request', parsed.error);
    const event = parsed.event;
    if (!event.ownerId) throw new AppError('bad_request', 'The notification has no ownerId (bot id).');
    // A token of one bot with another bot's id is as unverifiable as a wrong token.
    if (event.ownerId !== installation.botId) throw new AppError('unauthorized', UNVERIFIED);

    res.status(200).end();
    // Our own posts and cards come back as events: they need no work, so they take no room in the queue
    // that users' commands wait in (paced replies would otherwise crowd commands out in a flood).
    if (event.kind === 'post' && event.post.creatorId === installation.botId) return;
    deps.tasks.offer('webhook event', () => handleWebhookEvent(deps, bot, installation, event), {
      accountId: installation.accountId,
      uuid: event.uuid,
    });
  });
  return router;
}

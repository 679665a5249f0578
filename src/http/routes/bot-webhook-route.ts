import express, { type Router } from 'express';
import type { BotDeps } from '../../bot/bot-deps';
import { handleWebhookEvent, type BotHandlers } from '../../bot/handle-webhook-event';
import { parseWebhookEvent } from '../../events/webhook-event';
import { AppError } from '../../errors/app-error';

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

    const verificationToken = req.get('Verification-Token');
    if (!verificationToken) throw new AppError('unauthorized', 'The Verification-Token header is missing.');
    if (!event.ownerId) throw new AppError('bad_request', 'The notification has no ownerId (bot id).');
    const found = await deps.db.installations.findForNotification(event.ownerId, verificationToken);
    if (!found) throw new AppError('not_found', `No installation for bot ${event.ownerId}.`);
    if (!found.tokenMatches) throw new AppError('unauthorized', 'The Verification-Token does not match this bot\'s subscription.');
    const installation = found.installation;

    res.status(200).end();
    deps.tasks.run('webhook event', () => handleWebhookEvent(deps, bot, installation, event), {
      accountId: installation.accountId,
      uuid: event.uuid,
    });
  });
  return router;
}

import express, { type Router } from 'express';
import type { BotDeps } from '../../bot/bot-deps';
import type { CardActionRegistry } from '../../bot/card-action-registry';
import { handleCardSubmit } from '../../bot/handle-card-submit';
import { parseCardSubmit } from '../../events/card-submit';
import { AppError } from '../../errors/app-error';
import { verifyGlipSignature } from '../verify-glip-signature';

/**
 * POST /interactive-messages: Adaptive Card submits. The signature is checked over the raw bytes
 * before anything is parsed; a valid submit is answered 200 at once and handled after.
 */
export function interactiveMessagesRoute(deps: BotDeps, actions: CardActionRegistry): Router {
  const router = express.Router();
  router.post('/interactive-messages', express.raw({ type: () => true, limit: '1mb' }), async (req, res) => {
    const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const signature = req.get('X-Glip-Signature');
    if (!signature) throw new AppError('unauthorized', 'The X-Glip-Signature header is missing.');
    if (!verifyGlipSignature(raw, signature, deps.config.sharedSecret)) {
      throw new AppError('unauthorized', 'The X-Glip-Signature does not match the body.');
    }

    let json: unknown;
    try {
      json = JSON.parse(raw.toString('utf8'));
    } catch {
      throw new AppError('bad_request', 'The card submit body is not valid JSON.');
    }
    const parsed = parseCardSubmit(json);
    if (!parsed.ok) throw new AppError('bad_request', parsed.error);
    const submit = parsed.submit;

    const installation = submit.bot
      ? await deps.db.installations.findInstalledByBotId(submit.bot.id)
      : await deps.db.installations.findByAccount(submit.user.accountId);
    const botToken = installation ? await deps.db.installations.botToken(installation.accountId) : undefined;
    if (!installation || !botToken) {
      throw new AppError('not_installed', 'Audit Trail Bot is not installed for this card. Reinstall it, then type help.');
    }

    res.status(200).end();
    deps.tasks.offer('card submit', () => handleCardSubmit(deps, actions, installation, botToken, submit), {
      accountId: installation.accountId,
      action: submit.data.action,
    });
  });
  return router;
}

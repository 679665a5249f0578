import express, { type Router } from 'express';
import { z } from 'zod';
import type { BotDeps } from '../../bot/bot-deps';
import { installBot } from '../../bot/install-bot';
import { AppError } from '../../errors/app-error';
import { numericId, safeToken } from '../../events/safe-text';
import { BOT_CODE_EXCHANGES_PER_MINUTE, CodeExchangeBudget } from '../code-exchange-budget';

/** Private bot install: RingCentral POSTs the bot token (JSON or form) to the redirect URI. */
const privateInstallSchema = z.object({
  access_token: safeToken(4096),
  creator_extension_id: numericId.optional(),
  creator_account_id: numericId.optional(),
  client_id: safeToken(128).optional(),
});

/**
 * Public bot install: RingCentral GETs the redirect URI with `code`, our `client_id` and the
 * installer's numeric `creator_extension_id` and `creator_account_id` (RINGCENTRAL.md §2). Only a
 * request of exactly that shape gets its code exchanged: the exchange spends the bot app's Auth budget.
 */
const publicInstallSchema = z.object({
  code: safeToken(4096),
  client_id: safeToken(128),
  creator_extension_id: numericId,
  creator_account_id: numericId,
});

const INSTALLING_PAGE =
  '<!doctype html><meta charset="utf-8"><title>Audit Trail Bot</title>' +
  '<p>Audit Trail Bot is being installed. Look for a direct message from it in RingCentral and type <b>login</b> there.</p>';

/** GET|POST /bot/oauth: answer at once, finish the installation in the background. */
export function botOAuthRoutes(deps: BotDeps): Router {
  const router = express.Router();
  const exchanges = new CodeExchangeBudget(BOT_CODE_EXCHANGES_PER_MINUTE, deps.now);
  // Any other content type is read too (and refused as not a private install), so that a body over
  // 1 MB is 413 whatever its type, even when sent without a Content-Length.
  const body = [
    express.json({ limit: '1mb' }),
    express.urlencoded({ extended: false, limit: '1mb' }),
    express.raw({ type: () => true, limit: '1mb' }),
  ];

  router.post('/bot/oauth', ...body, (req, res) => {
    const parsed = privateInstallSchema.safeParse(req.body ?? {});
    if (!parsed.success) {
      throw new AppError('bad_request', 'A private bot install must POST access_token (and creator_extension_id, creator_account_id).');
    }
    const input = parsed.data;
    if (input.client_id && input.client_id !== deps.config.bot.clientId) {
      throw new AppError('bad_request', 'client_id does not match RINGCENTRAL_BOT_CLIENT_ID.');
    }
    res.status(200).json({ status: 'installing' });
    deps.tasks.run(
      'install private bot',
      async () => {
        await installBot(deps, {
          botToken: input.access_token,
          creatorExtensionId: input.creator_extension_id,
          creatorAccountId: input.creator_account_id,
        });
      },
      { creatorAccountId: input.creator_account_id },
    );
  });

  router.get('/bot/oauth', (req, res) => {
    const parsed = publicInstallSchema.safeParse(req.query);
    if (!parsed.success || parsed.data.client_id !== deps.config.bot.clientId) {
      throw new AppError('bad_request', 'This address only accepts the install redirect that RingCentral sends for this bot.');
    }
    const input = parsed.data;
    if (!exchanges.tryTake()) {
      res.set('Retry-After', String(exchanges.secondsUntilRoom()));
      throw new AppError('too_many_requests', 'Too many installs were started in the last minute, so wait a minute and install Audit Trail Bot again.');
    }
    res.status(200).type('html').send(INSTALLING_PAGE);
    deps.tasks.run(
      'install public bot',
      async () => {
        const token = await deps.api.exchangeBotCode(input.code, deps.config.urls.botOAuth);
        await installBot(deps, {
          botToken: token.access_token,
          creatorExtensionId: input.creator_extension_id,
          creatorAccountId: input.creator_account_id,
        });
      },
      { creatorAccountId: input.creator_account_id },
    );
  });
  return router;
}

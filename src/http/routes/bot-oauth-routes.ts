import express, { type Router } from 'express';
import { z } from 'zod';
import type { BotDeps } from '../../bot/bot-deps';
import { installBot } from '../../bot/install-bot';
import { AppError } from '../../errors/app-error';

const id = z.union([z.string(), z.number()]).transform(String);

/** Private bot install: RingCentral POSTs the bot token (JSON or form) to the redirect URI. */
const privateInstallSchema = z.object({
  access_token: z.string().min(1),
  creator_extension_id: id.optional(),
  creator_account_id: id.optional(),
  client_id: z.string().optional(),
});

/** Public bot install: RingCentral GETs the redirect URI with a code to exchange. */
const publicInstallSchema = z.object({
  code: z.string().min(1),
  client_id: z.string().optional(),
  creator_extension_id: id.optional(),
  creator_account_id: id.optional(),
});

const INSTALLING_PAGE =
  '<!doctype html><meta charset="utf-8"><title>Audit Trail Bot</title>' +
  '<p>Audit Trail Bot is being installed. Look for a direct message from it in RingCentral and type <b>login</b> there.</p>';

/** GET|POST /bot/oauth: answer at once, finish the installation in the background. */
export function botOAuthRoutes(deps: BotDeps): Router {
  const router = express.Router();
  const body = [express.json({ limit: '1mb' }), express.urlencoded({ extended: false, limit: '1mb' })];

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
    if (!parsed.success) {
      throw new AppError('bad_request', 'This address is RingCentral\'s bot install redirect: it needs a ?code=… from RingCentral.');
    }
    const input = parsed.data;
    if (input.client_id && input.client_id !== deps.config.bot.clientId) {
      throw new AppError('bad_request', 'client_id does not match RINGCENTRAL_BOT_CLIENT_ID.');
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

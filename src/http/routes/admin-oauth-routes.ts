import express, { type Router } from 'express';
import type { BotDeps } from '../../bot/bot-deps';
import { authorizeRedirect, completeLogin } from '../../admin/admin-login';
import { htmlPage } from '../html-page';

/** What to do in chat after a login attempt (the menu on success, the reason otherwise). */
export type LoginFollowUp = (outcome: Awaited<ReturnType<typeof completeLogin>>) => Promise<void>;

const first = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : Array.isArray(value) && typeof value[0] === 'string' ? value[0] : undefined;

/** GET /oauth/authorize (state → RingCentral with PKCE) and GET /oauth/callback (code → checks → tokens). */
export function adminOAuthRoutes(deps: BotDeps, followUp: LoginFollowUp): Router {
  const router = express.Router();

  router.get('/oauth/authorize', async (req, res) => {
    const state = first(req.query.state);
    const url = state ? await authorizeRedirect(deps, state) : undefined;
    if (!url) {
      res
        .status(400)
        .type('html')
        .send(htmlPage('This login link is not valid', 'It has expired, was already used, or was not made by Audit Trail Bot. Type login in your chat with the bot to get a new one.'));
      return;
    }
    res.redirect(302, url);
  });

  router.get('/oauth/callback', async (req, res) => {
    const outcome = await completeLogin(deps, {
      state: first(req.query.state),
      code: first(req.query.code),
      error: first(req.query.error),
    });
    if (outcome.ok) {
      res.status(200).type('html').send(htmlPage('Audit Trail Bot is authorized', 'You can close this page. The bot has sent you its menu in chat.'));
    } else {
      res.status(outcome.chat ? 403 : 400).type('html').send(htmlPage('Authorization not completed', outcome.message));
    }
    deps.tasks.run('login follow-up', () => followUp(outcome));
  });
  return router;
}

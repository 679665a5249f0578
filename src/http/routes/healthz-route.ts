import express, { type Router } from 'express';
import type { BotDeps } from '../../bot/bot-deps';
import { databaseAnswers } from '../../db/connect';

/** GET /healthz: 200 while the database answers, 503 otherwise. */
export function healthzRoute(deps: BotDeps): Router {
  const router = express.Router();
  router.get('/healthz', async (_req, res) => {
    const ok = await databaseAnswers(deps.db.sequelize);
    res.status(ok ? 200 : 503).json({ status: ok ? 'ok' : 'database unavailable' });
  });
  return router;
}

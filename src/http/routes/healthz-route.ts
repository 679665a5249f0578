import express, { type Router } from 'express';
import type { BotDeps } from '../../bot/bot-deps';
import { databaseAnswers } from '../../db/connect';

/** A database check younger than this answers /healthz at once (a new one starts in the background). */
const FRESH_MS = 2_000;
/** Older than this, /healthz waits for a new check. */
const STALE_MS = 10_000;

/**
 * GET /healthz: 200 while the database answers, 503 otherwise. The process check must answer fast
 * under load (a flood of chat events queues every query behind it), so a recent result answers at
 * once while the next check runs in the background.
 */
export function healthzRoute(deps: BotDeps): Router {
  const router = express.Router();
  let last: { ok: boolean; at: number } | undefined;
  let checking: Promise<boolean> | undefined;
  const check = () =>
    (checking ??= databaseAnswers(deps.db.sequelize).then((ok) => {
      last = { ok, at: Date.now() };
      checking = undefined;
      return ok;
    }));

  router.get('/healthz', async (_req, res) => {
    const age = last ? Date.now() - last.at : Infinity;
    let ok: boolean;
    if (last && age < STALE_MS) {
      ok = last.ok;
      if (age >= FRESH_MS) void check();
    } else {
      ok = await check();
    }
    res.status(ok ? 200 : 503).json({ status: ok ? 'ok' : 'database unavailable' });
  });
  return router;
}

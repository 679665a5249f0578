import express, { type Router } from 'express';
import type { BotDeps } from '../../bot/bot-deps';
import { databaseAnswers } from '../../db/connect';
import { createMigrator } from '../../db/migrate';

/**
 * GET /readyz: 200 when this instance can do its work: the database answers, every migration this
 * code knows is applied, and the recurring jobs (polls, deliveries, the watchdog) are scheduled.
 * 503 with the checks that fail otherwise. /healthz stays the plain process check.
 */
export function readyzRoute(deps: BotDeps): Router {
  const router = express.Router();
  let migrationsApplied = false; // once applied, a migration stays applied: read schema_migrations until then
  router.get('/readyz', async (_req, res) => {
    const database = await databaseAnswers(deps.db.sequelize);
    if (database && !migrationsApplied) {
      try {
        migrationsApplied = (await createMigrator(deps.db.sequelize).pending()).length === 0;
      } catch {
        migrationsApplied = false;
      }
    }
    const checks = {
      database: database ? 'ok' : 'unavailable',
      migrations: migrationsApplied ? 'applied' : 'pending',
      schedules: deps.schedules.running ? 'running' : 'stopped',
    };
    const ready = database && migrationsApplied && deps.schedules.running;
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not ready', checks });
  });
  return router;
}

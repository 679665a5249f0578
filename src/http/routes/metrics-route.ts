import { timingSafeEqual, createHash } from 'node:crypto';
import express, { type Router } from 'express';
import type { Metrics } from '../../metrics/metrics';

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * GET /metrics in Prometheus text format. With METRICS_TOKEN set, only `Authorization: Bearer <token>`
 * is answered; anything else gets a bare 401 that says nothing about what is behind it.
 */
export function metricsRoute(metrics: Metrics, token: string | undefined): Router {
  const router = express.Router();
  const expected = token === undefined ? undefined : digest(token);
  router.get('/metrics', async (req, res) => {
    if (expected) {
      const header = req.get('Authorization') ?? '';
      const given = /^Bearer (.+)$/.exec(header)?.[1];
      if (given === undefined || !timingSafeEqual(digest(given), expected)) {
        res.status(401).end();
        return;
      }
    }
    try {
      const { contentType, body } = await metrics.scrape();
      res.status(200).type(contentType).send(body);
    } catch {
      res.status(503).type('text/plain').send('metrics unavailable: the database did not answer\n');
    }
  });
  return router;
}

import type { RequestHandler } from 'express';
import type { Metrics } from './metrics';

const ROUTES: Record<string, 'webhook' | 'submit'> = { '/bot/webhook': 'webhook', '/interactive-messages': 'submit' };

/** Express middleware: times each chat-event notification and card submit from arrival to answer. */
export function timeHandling(metrics: Metrics): RequestHandler {
  return (req, res, next) => {
    const route = req.method === 'POST' ? ROUTES[req.path] : undefined;
    if (route) {
      const started = process.hrtime.bigint();
      res.once('finish', () => metrics.observeHandling(route, res.statusCode, Number(process.hrtime.bigint() - started) / 1e9));
    }
    next();
  };
}

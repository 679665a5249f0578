import type { RequestHandler } from 'express';
import { AppError } from '../errors/app-error';

/** The largest request body any route reads (the body parsers use the same figure). */
export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * 413 for any request whose declared body is over MAX_BODY_BYTES, on every route, before a route
 * looks at it (a route that never reads its body would otherwise answer 400 or 404). A chunked
 * body with no Content-Length is bounded by each route's own parser.
 */
export function refuseOversizeBody(): RequestHandler {
  return (req, _res, next) => {
    const declared = Number(req.get('Content-Length'));
    if (Number.isFinite(declared) && declared > MAX_BODY_BYTES) {
      next(new AppError('payload_too_large', 'The request body is larger than 1 MB.'));
      return;
    }
    next();
  };
}

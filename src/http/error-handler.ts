import type { ErrorRequestHandler } from 'express';
import { AppError } from '../errors/app-error';
import type { Logger } from '../logging/create-logger';

interface BodyParserError {
  type?: string;
  status?: number;
}

/** The one place an HTTP error becomes a response: `{ error: code, message }`. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    const bodyError = error as BodyParserError;
    let appError: AppError;
    if (error instanceof AppError) {
      appError = error;
    } else if (bodyError.type === 'entity.too.large') {
      appError = new AppError('payload_too_large', 'The request body is larger than 1 MB.');
    } else if (bodyError.type === 'entity.parse.failed') {
      appError = new AppError('bad_request', 'The request body could not be parsed.');
    } else if (typeof bodyError.status === 'number' && bodyError.status >= 400 && bodyError.status < 500) {
      appError = new AppError('bad_request', 'The request could not be read.');
    } else {
      logger.error({ err: error, path: req.path }, 'request failed');
      appError = new AppError('internal', 'Something went wrong on our side; it has been logged.');
    }
    if (appError.status < 500) logger.info({ path: req.path, code: appError.code, reason: appError.message }, 'request refused');
    if (res.headersSent) return;
    res.status(appError.status).json({ error: appError.code, message: appError.message });
  };
}

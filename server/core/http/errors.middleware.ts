import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import type { ErrorBody, ErrorCode, Issue } from '../common.contract.js';
import { DomainError } from '../errors.js';
import type { Logger } from '../logger.js';

export function sendError(res: Response, status: number, code: ErrorCode, message: string, issues?: readonly Issue[]): void {
  const body: ErrorBody = { error: issues?.length ? { code, message, issues: [...issues] } : { code, message } };
  res.status(status).json(body);
}

export const notFoundHandler: RequestHandler = (req, res) => {
  sendError(res, 404, 'not_found', `There is nothing at ${req.method} ${req.originalUrl.split('?')[0]}.`);
};

/** Maps every error to `{ error: { code, message, issues? } }`. Stack traces go to the log, never to the client. */
export function errorHandler(log: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, next) => {
    if (res.headersSent) return next(err);
    if (err instanceof DomainError) {
      if (err.retryAfterSec !== undefined) res.setHeader('Retry-After', String(Math.ceil(err.retryAfterSec)));
      return sendError(res, err.status, err.code, err.message, err.issues);
    }
    const e = err as { type?: string; status?: number; message?: string };
    // body-parser's errors carry a type and a 4xx status.
    if (e.type === 'entity.parse.failed') {
      return sendError(res, 400, 'bad_request', 'The request body is not valid JSON.');
    }
    if (e.type === 'entity.too.large') {
      return sendError(res, 413, 'payload_too_large', 'The request body is too large.');
    }
    if (e.type === 'charset.unsupported' || e.type === 'encoding.unsupported') {
      return sendError(res, 415, 'bad_request', 'The request body must be UTF-8 JSON.');
    }
    if (typeof e.status === 'number' && e.status >= 400 && e.status < 500) {
      return sendError(res, e.status, 'bad_request', 'The request could not be understood.');
    }
    log.error({ err, method: req.method, path: req.path }, 'request failed');
    return sendError(res, 500, 'internal', 'Something went wrong on the server. The problem was logged.');
  };
}

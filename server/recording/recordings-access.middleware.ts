import type { RequestHandler } from 'express';
import { can } from '../accounts/authorization.js';
import { notFound } from '../core/errors.js';
import type { SessionId } from '../core/ids.js';
import type { SessionsRepository } from '../civic/sessions.repository.js';
import { authOf } from '../accounts/security.middleware.js';

/**
 * Recordings live in `<recordingsDir>/<sessionId>/…`. Files of private sessions are served only to
 * people who may see that body's private sessions; to everyone else they do not exist.
 */
export function recordingsAccess(sessions: SessionsRepository): RequestHandler {
  return (req, res, next) => {
    const first = req.path.split('/')[1] ?? '';
    if (!/^\d{1,15}$/.test(first)) return next(notFound('There is no such recording.'));
    const session = sessions.get(Number(first) as SessionId);
    if (!session) return next(notFound('There is no such recording.'));
    if (session.visibility === 'private') {
      if (!can(authOf(res).principal, 'private.view', session.bodyId)) return next(notFound('There is no such recording.'));
      res.setHeader('Cache-Control', 'private, no-store');
    }
    next();
  };
}

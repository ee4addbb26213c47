import { Router } from 'express';
import { idSchema } from '../core/common.contract.js';
import { listSessionsQuerySchema, sessionQuerySchema } from './sessions.contract.js';
import type { SessionId } from '../core/ids.js';
import type { SessionsService } from './sessions.service.js';
import { parseInput } from '../core/http/validate.js';

export function sessionsRouter(sessions: SessionsService): Router {
  const router = Router();

  router.get('/', (req, res) => {
    const query = parseInput(listSessionsQuerySchema, req.query, 'query');
    res.json(sessions.listPublic(query));
  });

  router.get('/:id', (req, res) => {
    const id = parseInput(idSchema, req.params.id, 'session id') as SessionId;
    const { lang } = parseInput(sessionQuerySchema, req.query, 'query');
    res.json(sessions.getPublic(id, lang));
  });

  return router;
}

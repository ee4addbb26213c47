import express, { Router } from 'express';
import { idSchema } from '../core/common.contract.js';
import {
  createDecisionSchema,
  documentUploadQuerySchema,
  setVoteSchema,
  setVotesSchema,
  updateDecisionSchema,
} from './civic.contract.js';
import type { DecisionsService } from './decisions.service.js';
import { documentMaxBytes, type DocumentsService } from './documents.service.js';
import type { SessionId } from '../core/ids.js';
import { staffOf } from './staff.js';
import { parseInput } from '../core/http/validate.js';

const decisionId = (v: unknown) => parseInput(idSchema, v, 'decision id');
const sessionId = (v: unknown) => parseInput(idSchema, v, 'session id') as SessionId;

/** /api/clerk: decisions with roll-call votes, and documents (the body is the file itself). */
export function decisionsRouter(decisions: DecisionsService, documents: DocumentsService): Router {
  const router = Router();

  router.post('/sessions/:id/decisions', (req, res) => {
    res.status(201).json(decisions.create(staffOf(res), sessionId(req.params.id), parseInput(createDecisionSchema, req.body, 'decision')));
  });
  router.patch('/decisions/:id', (req, res) => {
    res.json(decisions.update(staffOf(res), decisionId(req.params.id), parseInput(updateDecisionSchema, req.body, 'decision')));
  });
  router.put('/decisions/:id/votes', (req, res) => {
    const { votes } = parseInput(setVotesSchema, req.body, 'roll call');
    res.json(decisions.setVotes(staffOf(res), decisionId(req.params.id), votes));
  });
  router.put('/decisions/:id/votes/:memberId', (req, res) => {
    const actor = staffOf(res);
    const id = decisionId(req.params.id);
    const memberId = parseInput(idSchema, req.params.memberId, 'member id');
    const { choice } = parseInput(setVoteSchema, req.body, 'vote');
    res.json(decisions.setVote(actor, id, memberId, choice));
  });
  router.delete('/decisions/:id', (req, res) => {
    decisions.delete(staffOf(res), decisionId(req.params.id));
    res.status(204).end();
  });

  // The file is the request body (any content type but JSON); its real type is read from its bytes.
  const raw = express.raw({ type: (req) => !/json/i.test(req.headers['content-type'] ?? ''), limit: documentMaxBytes });
  const loggedIn: express.RequestHandler = (_req, res, next) => {
    staffOf(res); // refuse before reading a large body
    next();
  };
  router.put('/sessions/:id/documents', loggedIn, raw, (req, res) => {
    const actor = staffOf(res);
    const id = sessionId(req.params.id);
    const query = parseInput(documentUploadQuerySchema, req.query, 'document');
    const content = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const doc = documents.upload(actor, id, { ...query, contentType: req.headers['content-type'] }, content);
    const { filePath: _filePath, ...view } = doc;
    res.status(201).json({ ...view, url: `/api/documents/${doc.id}` });
  });
  router.delete('/documents/:id', (req, res) => {
    documents.delete(staffOf(res), parseInput(idSchema, req.params.id, 'document id'));
    res.status(204).end();
  });

  return router;
}

import { Router } from 'express';
import { idSchema } from '../core/common.contract.js';
import {
  agendaItemSchema,
  createBodySchema,
  createMemberSchema,
  createSessionSchema,
  reorderAgendaSchema,
  staffSessionsQuerySchema,
  updateAgendaItemSchema,
  updateBodySchema,
  updateMemberSchema,
  updateSessionSchema,
} from './civic.contract.js';
import { recordingsQuerySchema } from './console.contract.js';
import { sessionQuerySchema } from './sessions.contract.js';
import type { ClerkService } from './clerk.service.js';
import type { DocumentsService } from './documents.service.js';
import type { AgendaItemId, BodyId, MemberId, SessionId } from '../core/ids.js';
import type { SessionRecordService } from './session-record.service.js';
import { staffOf } from './staff.js';
import { parseInput } from '../core/http/validate.js';

const bodyId = (v: unknown) => parseInput(idSchema, v, 'body id') as BodyId;
const sessionId = (v: unknown) => parseInput(idSchema, v, 'session id') as SessionId;
const memberId = (v: unknown) => parseInput(idSchema, v, 'member id') as MemberId;
const itemId = (v: unknown) => parseInput(idSchema, v, 'agenda item id') as AgendaItemId;

/** /api/clerk: the clerk console's bodies, members, sessions and agendas. */
export function clerkRouter(clerk: ClerkService, records: SessionRecordService, documents: DocumentsService): Router {
  const router = Router();

  router.get('/bodies', (_req, res) => {
    res.json({ items: clerk.listBodies(staffOf(res)) });
  });
  router.post('/bodies', (req, res) => {
    res.status(201).json(clerk.createBody(staffOf(res), parseInput(createBodySchema, req.body, 'body')));
  });
  router.patch('/bodies/:id', (req, res) => {
    res.json(clerk.updateBody(staffOf(res), bodyId(req.params.id), parseInput(updateBodySchema, req.body, 'body')));
  });
  router.delete('/bodies/:id', (req, res) => {
    clerk.deleteBody(staffOf(res), bodyId(req.params.id));
    res.status(204).end();
  });

  router.get('/bodies/:id/members', (req, res) => {
    res.json({ items: clerk.listMembers(staffOf(res), bodyId(req.params.id)) });
  });
  router.post('/bodies/:id/members', (req, res) => {
    res.status(201).json(clerk.addMember(staffOf(res), bodyId(req.params.id), parseInput(createMemberSchema, req.body, 'member')));
  });
  router.patch('/members/:id', (req, res) => {
    res.json(clerk.updateMember(staffOf(res), memberId(req.params.id), parseInput(updateMemberSchema, req.body, 'member')));
  });
  router.delete('/members/:id', (req, res) => {
    clerk.deleteMember(staffOf(res), memberId(req.params.id));
    res.status(204).end();
  });

  router.get('/sessions', (req, res) => {
    const actor = staffOf(res);
    const q = parseInput(staffSessionsQuerySchema, req.query, 'query');
    res.json(records.list(actor, q.body, q.page, q.lang));
  });
  router.post('/sessions', (req, res) => {
    res.status(201).json(clerk.createSession(staffOf(res), parseInput(createSessionSchema, req.body, 'session')));
  });
  router.get('/sessions/:id', (req, res) => {
    const actor = staffOf(res);
    const { lang } = parseInput(sessionQuerySchema, req.query, 'query');
    res.json(records.detail(actor, sessionId(req.params.id), lang));
  });
  router.patch('/sessions/:id', (req, res) => {
    res.json(clerk.updateSession(staffOf(res), sessionId(req.params.id), parseInput(updateSessionSchema, req.body, 'session')));
  });
  router.delete('/sessions/:id', (req, res) => {
    const orphans = clerk.deleteSession(staffOf(res), sessionId(req.params.id));
    documents.removeFiles(orphans);
    res.status(204).end();
  });

  router.get('/recordings', (req, res) => {
    const q = parseInput(recordingsQuerySchema, req.query, 'query');
    res.json(records.recordings(staffOf(res), q.body, q.page));
  });

  router.post('/sessions/:id/agenda', (req, res) => {
    const actor = staffOf(res);
    const id = sessionId(req.params.id);
    res.status(201).json(clerk.addAgendaItem(actor, id, parseInput(agendaItemSchema, req.body, 'agenda item')));
  });
  router.put('/sessions/:id/agenda/order', (req, res) => {
    const actor = staffOf(res);
    const id = sessionId(req.params.id);
    const { ids } = parseInput(reorderAgendaSchema, req.body, 'agenda order');
    res.json({ items: clerk.reorderAgenda(actor, id, ids) });
  });
  router.patch('/agenda/:id', (req, res) => {
    res.json(clerk.updateAgendaItem(staffOf(res), itemId(req.params.id), parseInput(updateAgendaItemSchema, req.body, 'agenda item')));
  });
  router.delete('/agenda/:id', (req, res) => {
    clerk.deleteAgendaItem(staffOf(res), itemId(req.params.id));
    res.status(204).end();
  });

  return router;
}

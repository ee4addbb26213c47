import { Router, type Request } from 'express';
import { idSchema } from '../core/common.contract.js';
import { askQuestionBodySchema, clientIdHeader, clientIdSchema, type AskQuestionReply } from './questions.contract.js';
import type { Asker, ClientFingerprints } from './client-fingerprint.js';
import type { SessionId } from '../core/ids.js';
import type { QuestionsService } from './questions.service.js';
import { authOf } from '../accounts/security.middleware.js';
import { parseInput } from '../core/http/validate.js';

/** The browser's client id (optional) and address, hashed into who is asking. */
export function askerOf(req: Request, fingerprints: ClientFingerprints): Asker {
  const header = req.get(clientIdHeader);
  const clientId = header === undefined ? undefined : parseInput(clientIdSchema, header, `${clientIdHeader} header`);
  const address = req.ip ?? req.socket.remoteAddress ?? 'unknown';
  return { fingerprint: fingerprints.of(clientId, address), address };
}

/** Mounted at /api/sessions/:id/questions: residents ask, read the public list and follow their own questions. */
export function questionsRouter(questions: QuestionsService, fingerprints: ClientFingerprints): Router {
  const router = Router({ mergeParams: true });
  const sessionIdOf = (req: Request) => parseInput(idSchema, (req.params as { id?: string }).id, 'session id') as SessionId;

  router.post('/', (req, res) => {
    const sessionId = sessionIdOf(req);
    const asker = askerOf(req, fingerprints);
    const body = parseInput(askQuestionBodySchema, req.body ?? {}, 'question');
    const question = questions.ask(sessionId, body, asker);
    const reply: AskQuestionReply = { id: question.id, status: 'pending' };
    res.status(201).location(`/api/sessions/${sessionId}/questions/mine`).json(reply);
  });

  router.get('/', (req, res) => {
    res.json({ items: questions.listPublic(sessionIdOf(req), authOf(res).principal) });
  });

  router.get('/mine', (req, res) => {
    const sessionId = sessionIdOf(req);
    const asker = askerOf(req, fingerprints);
    res.setHeader('Cache-Control', 'no-store');
    res.json({ items: questions.own(sessionId, asker), voted: questions.votedBy(sessionId, asker) });
  });

  return router;
}

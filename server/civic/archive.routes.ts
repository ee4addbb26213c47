import express, { Router } from 'express';
import { chaptersSchema, captionParamsSchema } from './civic.contract.js';
import { idSchema } from '../core/common.contract.js';
import { captionMaxBytes, type CaptionsService } from '../recording/captions.service.js';
import type { RecordingId } from '../core/ids.js';
import type { LiveAgendaService } from './live-agenda.service.js';
import { staffOf } from './staff.js';
import { parseInput } from '../core/http/validate.js';

/** /api/archive: after the session, chapters on the timeline and captions per language. */
export function archiveRouter(agenda: LiveAgendaService, captions: CaptionsService): Router {
  const router = Router();

  router.put('/recordings/:id/chapters', (req, res) => {
    const actor = staffOf(res);
    const id = parseInput(idSchema, req.params.id, 'recording id') as RecordingId;
    const { chapters } = parseInput(chaptersSchema, req.body, 'chapters');
    res.json({ items: agenda.setChapters(actor, id, chapters) });
  });

  const loggedIn: express.RequestHandler = (_req, res, next) => {
    staffOf(res);
    next();
  };
  const vtt = express.text({ type: ['text/vtt', 'text/plain'], limit: captionMaxBytes });
  const params = (p: unknown) => {
    const { id, lang } = parseInput(captionParamsSchema, p, 'caption');
    return { id: id as RecordingId, lang };
  };

  router.get('/recordings/:id/captions/:lang', (req, res) => {
    const actor = staffOf(res);
    const { id, lang } = params(req.params);
    res.type('text/vtt; charset=utf-8').setHeader('Cache-Control', 'no-store');
    res.send(captions.get(actor, id, lang));
  });
  router.put('/recordings/:id/captions/:lang', loggedIn, vtt, (req, res) => {
    const actor = staffOf(res);
    const { id, lang } = params(req.params);
    const source = typeof req.body === 'string' ? req.body : '';
    res.json(captions.put(actor, id, lang, source));
  });
  router.delete('/recordings/:id/captions/:lang', (req, res) => {
    const actor = staffOf(res);
    const { id, lang } = params(req.params);
    captions.delete(actor, id, lang);
    res.status(204).end();
  });

  return router;
}

import { Router } from 'express';
import { idSchema } from '../core/common.contract.js';
import { searchQuerySchema, type SearchItem } from './civic.contract.js';
import type { DocumentsService } from './documents.service.js';
import type { SearchRepository } from './search.repository.js';
import { authOf } from '../accounts/security.middleware.js';
import { parseInput } from '../core/http/validate.js';

/** GET /api/search: public full-text search; each hit names the moment to play from. */
export function searchRouter(search: SearchRepository): Router {
  const router = Router();
  router.get('/', (req, res) => {
    const q = parseInput(searchQuerySchema, req.query, 'query');
    const items: SearchItem[] = search.query(q.q, q.limit, q.lang);
    res.setHeader('Cache-Control', 'no-cache');
    res.json({ items });
  });
  return router;
}

/** `filename*` for any title (Armenian, Russian) plus a plain ASCII fallback. */
function disposition(title: string, ext: string): string {
  const name = `${title.replace(/[\\/:*?"<>|\r\n]+/g, ' ').trim().slice(0, 120) || 'document'}.${ext}`;
  const ascii = name.replace(/[^\x20-\x7e]+/g, '_').replace(/"/g, '');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** GET /api/documents/:id: the file, as uploaded; private sessions' documents only to their staff. */
export function documentsRouter(documents: DocumentsService): Router {
  const router = Router();
  router.get('/:id', (req, res, next) => {
    const id = parseInput(idSchema, req.params.id, 'document id');
    const { doc, file, isPrivate } = documents.open(authOf(res).principal, id);
    res.setHeader('Content-Type', doc.mime);
    res.setHeader('Content-Disposition', disposition(doc.title, file.split('.').pop() ?? 'bin'));
    res.setHeader('Cache-Control', isPrivate ? 'private, no-store' : 'public, max-age=300');
    res.setHeader('ETag', `"${doc.sha256}"`);
    res.setHeader('X-Checksum-SHA256', doc.sha256);
    res.sendFile(file, { headers: { 'Content-Type': doc.mime } }, (err) => {
      if (err && !res.headersSent) next(err);
    });
  });
  return router;
}

import { Router } from 'express';
import { z } from 'zod';
import { langSchema } from '../contracts/common.schema.js';
import type { BodiesRepository } from '../storage/bodies.repository.js';
import type { SessionsRepository } from '../storage/sessions.repository.js';
import { parseInput } from './validate.js';

const querySchema = z.object({ lang: langSchema.default('hy') }).strict();

/** Bodies and the years that have public sessions, for the archive's filters. */
export function bodiesRouter(bodies: BodiesRepository, sessions: SessionsRepository): Router {
  const router = Router();
  router.get('/', (req, res) => {
    const { lang } = parseInput(querySchema, req.query, 'query');
    res.json({
      items: bodies.list().map((b) => ({ id: b.id, slug: b.slug, name: b.name[lang], kind: b.kind })),
      years: sessions.publicYears(),
    });
  });
  return router;
}

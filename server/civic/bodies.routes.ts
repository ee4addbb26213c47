import { Router } from 'express';
import { z } from 'zod';
import { slugSchema } from './civic.contract.js';
import { langSchema } from '../core/common.contract.js';
import type { PublicMember } from './console.contract.js';
import { yerevanDate } from './civic-access.js';
import { notFound } from '../core/errors.js';
import type { BodiesRepository } from './bodies.repository.js';
import type { MembersRepository } from './members.repository.js';
import type { SessionsRepository } from './sessions.repository.js';
import { parseInput } from '../core/http/validate.js';

const querySchema = z.object({ lang: langSchema.default('hy') }).strict();

/** Bodies and the years that have public sessions, for the archive's filters; a body's members in office. */
export function bodiesRouter(bodies: BodiesRepository, sessions: SessionsRepository, members: MembersRepository): Router {
  const router = Router();
  router.get('/', (req, res) => {
    const { lang } = parseInput(querySchema, req.query, 'query');
    res.json({
      items: bodies.list().map((b) => ({ id: b.id, slug: b.slug, name: b.name[lang], kind: b.kind })),
      years: sessions.publicYears(),
    });
  });
  router.get('/:slug/members', (req, res) => {
    const slug = parseInput(slugSchema, req.params.slug, 'body slug');
    const body = bodies.getBySlug(slug);
    if (!body) throw notFound(`There is no body "${slug}".`);
    const items: PublicMember[] = members
      .listInOffice(body.id, yerevanDate(new Date().toISOString()))
      .map(({ id, name, role, termStart, termEnd }) => ({ id, name, role, termStart, termEnd }));
    res.setHeader('Cache-Control', 'no-cache');
    res.json({ items });
  });
  return router;
}

import { Router } from 'express';
import { idSchema } from '../core/common.contract.js';
import { listJobsQuerySchema } from './jobs.contract.js';
import { notFound } from '../core/errors.js';
import type { JobsService } from './jobs.service.js';
import type { JobId } from './jobs.repository.js';
import { authorizeSomewhere } from '../accounts/security.middleware.js';
import { parseInput } from '../core/http/validate.js';

/** Staff: one background job's state and progress (the staff page gets live updates over the socket). */
export function jobsRouter(jobs: JobsService): Router {
  const router = Router();
  router.get('/', (req, res) => {
    authorizeSomewhere(res, 'recordings.manage');
    const { limit } = parseInput(listJobsQuerySchema, req.query, 'query');
    res.json({ items: jobs.recent(limit) });
  });
  router.get('/:id', (req, res) => {
    authorizeSomewhere(res, 'recordings.manage');
    const id = parseInput(idSchema, req.params.id, 'job id') as JobId;
    const job = jobs.get(id);
    if (!job) throw notFound(`There is no job with id ${id}.`);
    res.json({
      id: job.id,
      kind: job.kind,
      status: job.status,
      percent: Math.round(job.progress * 1000) / 10,
      etaSec: job.etaSec,
      attempts: job.attempts,
      error: job.error,
      createdAt: job.createdAt,
      updatedAt: job.updatedAt,
    });
  });
  return router;
}

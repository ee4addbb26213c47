import { Router } from 'express';
import { idSchema } from '../core/common.contract.js';
import type { RecordingId } from '../core/ids.js';
import { parseInput } from '../core/http/validate.js';
import { staffOf } from '../civic/staff.js';
import { scheduledQuerySchema } from './retention.contract.js';
import type { RetentionService } from './retention.service.js';

const recordingId = (v: unknown) => parseInput(idSchema, v, 'recording id') as RecordingId;

/** /api/retention: what the bodies' rules delete soon, holds on recordings, and a sweep on request. */
export function retentionRouter(retention: RetentionService): Router {
  const router = Router();
  router.get('/scheduled', (req, res) => {
    const { days } = parseInput(scheduledQuerySchema, req.query, 'query');
    res.setHeader('Cache-Control', 'no-store');
    res.json(retention.scheduled(staffOf(res), days));
  });
  router.put('/holds/:recordingId', (req, res) => {
    res.json(retention.hold(staffOf(res), recordingId(req.params.recordingId)));
  });
  router.delete('/holds/:recordingId', (req, res) => {
    retention.release(staffOf(res), recordingId(req.params.recordingId));
    res.status(204).end();
  });
  router.post('/sweep', async (_req, res) => {
    res.json(await retention.sweepFor(staffOf(res)));
  });
  return router;
}

import { Router } from 'express';

export type HealthReport = {
  ok: boolean;
  workers: { size: number; alive: number; restarts: number };
  ffmpeg: { ok: boolean; version: string | null };
  db: { ok: boolean; schemaVersion: number };
};

export function healthRouter(report: () => HealthReport): Router {
  const router = Router();
  router.get('/', (_req, res) => {
    const health = report();
    res.status(health.ok ? 200 : 503).json(health);
  });
  return router;
}

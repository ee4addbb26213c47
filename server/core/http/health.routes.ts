import { Router } from 'express';
import type { DiskReport } from '../../recording/alarms.contract.js';

export type HealthReport = {
  /** Everything is well, the recordings disk included. */
  ok: boolean;
  workers: { size: number; alive: number; restarts: number };
  ffmpeg: { ok: boolean; version: string | null };
  db: { ok: boolean; schemaVersion: number };
  /** The recordings disk: `ok` while it has at least `minFreeBytes` (RECORDING_MIN_FREE_MB) free. */
  disk: DiskReport;
};

export type HealthParts = Omit<HealthReport, 'ok'>;

/**
 * Whether this server can take traffic: media workers, database and ffmpeg. A full recordings disk stops
 * recording only (live goes on), so it shows in `ok` and `disk.ok` but does not turn the status into 503: a
 * load balancer that checks the status keeps sending residents here; monitoring watches `ok` and `disk.ok`.
 */
export function servesTraffic(h: HealthParts): boolean {
  return h.workers.alive === h.workers.size && h.db.ok && h.ffmpeg.ok;
}

export function healthRouter(parts: () => HealthParts): Router {
  const router = Router();
  router.get('/', (_req, res) => {
    const p = parts();
    const serving = servesTraffic(p);
    const health: HealthReport = { ok: serving && p.disk.ok, ...p };
    res.status(serving ? 200 : 503).json(health);
  });
  return router;
}

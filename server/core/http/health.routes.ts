import { Router } from 'express';
import type { DiskReport } from '../../recording/alarms.contract.js';

/** With REDIS_URL (server/cluster/): this node in the registry, Redis, and the edges it sees and feeds. */
export type ClusterHealth = {
  node: string;
  redis: { ok: boolean };
  edges: { id: string; url: string; viewers: number; pipes: number }[];
  /** Media pipes to edges open now. */
  pipes: number;
};

export type HealthReport = {
  /** Everything is well, the recordings disk included. */
  ok: boolean;
  /** This process runs everything (an edge, NIST_ROLE=edge, answers its own health: server/cluster/edge-app.ts). */
  role: 'origin';
  workers: { size: number; alive: number; restarts: number };
  ffmpeg: { ok: boolean; version: string | null };
  db: { ok: boolean; schemaVersion: number };
  /** The recordings disk: `ok` while it has at least `minFreeBytes` (RECORDING_MIN_FREE_MB) free. */
  disk: DiskReport;
  cluster?: ClusterHealth;
};

export type HealthParts = Omit<HealthReport, 'ok' | 'role'>;

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
    const health: HealthReport = { ok: serving && p.disk.ok, role: 'origin', ...p };
    res.status(serving ? 200 : 503).json(health);
  });
  return router;
}

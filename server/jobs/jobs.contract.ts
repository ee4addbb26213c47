import { z } from 'zod';
import type { Ack } from '../core/common.contract.js';

/** A background job as the staff page shows it; `percent` is 0..100, `etaSec` only while running. */
export type JobView = {
  id: number;
  kind: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  percent: number;
  etaSec: number | null;
  attempts: number;
  error: string | null;
};

export const listJobsQuerySchema = z
  .object({ limit: z.coerce.number({ message: 'expected a number' }).int().min(1).max(200).default(50) })
  .strict();

export const subscribeJobsSchema = z.object({}).strict();

export type JobsClientEvents = {
  /** Archivists: the recent jobs now, then `job:updated` as they progress. */
  'jobs:subscribe': (payload: Record<string, never>, ack: (reply: Ack<{ items: JobView[] }>) => void) => void;
};

export type JobsServerEvents = {
  'job:updated': (job: JobView) => void;
};

/** The socket.io room of everyone following job progress. */
export const jobsChannel = 'jobs';

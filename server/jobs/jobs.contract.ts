import { z } from 'zod';
import { defineNamespace, type ClientToServer, type ServerToClient } from '../core/socket/contract.js';

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

/** The `/jobs` namespace: background job progress for archivists. */
export const jobsContract = defineNamespace({
  name: '/jobs',
  requests: {
    /** Archivists: the recent jobs now, then `job:updated` as they progress. */
    'jobs:subscribe': { payload: subscribeJobsSchema, reply: z.custom<{ items: JobView[] }>() },
  },
  events: {
    'job:updated': z.custom<JobView>(),
  },
});
export type JobsClientEvents = ClientToServer<typeof jobsContract>;
export type JobsServerEvents = ServerToClient<typeof jobsContract>;

/** The socket.io room of everyone following job progress. */
export const jobsChannel = 'jobs';

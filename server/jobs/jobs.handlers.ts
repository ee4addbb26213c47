import type { Server } from 'socket.io';
import { jobsChannel, subscribeJobsSchema } from './jobs.contract.js';
import { holdsSomewhere } from '../accounts/authorization.js';
import { forbidden } from '../core/errors.js';
import type { JobsService } from './jobs.service.js';
import type { Logger } from '../core/logger.js';
import { requestRegistrar } from '../core/socket/ack.js';
import type { SocketData } from '../accounts/socket-auth.js';

/**
 * Live job progress for the staff page: archivists (of any body) subscribe and get every job's updates.
 * Job events carry only kind, status and progress, nothing of a body's private content.
 */
export function attachJobs(io: Server, jobs: JobsService, log: Logger): void {
  jobs.on('job', (event) => io.to(jobsChannel).emit('job:updated', event));
  io.on('connection', (socket) => {
    const request = requestRegistrar(socket, log);
    request('jobs:subscribe', subscribeJobsSchema, async () => {
      const { principal } = socket.data as SocketData;
      if (!holdsSomewhere(principal, 'recordings.manage')) throw forbidden('Only archivists can follow background jobs.');
      await socket.join(jobsChannel);
      return { items: jobs.recent(50) };
    });
  });
}

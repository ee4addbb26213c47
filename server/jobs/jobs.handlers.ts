import type { Server } from 'socket.io';
import { jobsChannel, jobsContract } from './jobs.contract.js';
import { holdsSomewhere } from '../accounts/authorization.js';
import { forbidden } from '../core/errors.js';
import type { JobsService } from './jobs.service.js';
import type { Logger } from '../core/logger.js';
import { contractRegistrar, namespaceOf } from '../core/socket/ack.js';
import type { SocketData } from '../accounts/socket-auth.js';

/**
 * Live job progress for the staff page (`/jobs`): archivists (of any body) subscribe and get every job's
 * updates. Job events carry only kind, status and progress, nothing of a body's private content.
 */
export function attachJobs(io: Server, jobs: JobsService, log: Logger): void {
  const nsp = namespaceOf<typeof jobsContract, SocketData>(io, jobsContract);
  jobs.on('job', (event) => nsp.to(jobsChannel).emit('job:updated', event));
  nsp.on('connection', (socket) => {
    const request = contractRegistrar(jobsContract, socket, log);
    request('jobs:subscribe', async () => {
      if (!holdsSomewhere(socket.data.principal, 'recordings.manage')) throw forbidden('Only archivists can follow background jobs.');
      await socket.join(jobsChannel);
      return { items: jobs.recent(50) };
    });
  });
}

import { Router } from 'express';
import type { SessionRooms } from './room-events.js';
import type { WorkerPool } from '../../media/sfu/worker-pool.js';
import type { MediaAddresses, MediaStatus } from './media.contract.js';
import { authorize } from '../accounts/security.middleware.js';

/**
 * Admin-only view of the media plane: the addresses and ports browsers are offered (and each worker's sockets),
 * then, from the workers' own dumps, routers per worker (every transport lives in a router, so no router means
 * no leftover transport) and every open room with its transports.
 */
export function mediaRouter(workers: WorkerPool, rooms: SessionRooms, addresses: MediaAddresses): Router {
  const router = Router();
  router.get('/status', async (_req, res) => {
    authorize(res, 'audit.read');
    const workerDumps = await Promise.all(
      workers.entries.map(async ({ index, worker }) => {
        const dump = (await worker.dump()) as { routerIds: string[] };
        return { index, pid: worker.pid, routers: dump.routerIds.length };
      }),
    );
    const roomDumps = await Promise.all(
      rooms.rooms.map(async (room) => ({
        key: room.key,
        kind: room.kind,
        peers: room.peerIds.length,
        viewers: room.viewerCount,
        routers: room.routerCount,
        producers: room.producerList().length,
        transports: (await room.originRouter.dump()).transportIds.length,
      })),
    );
    const reply: MediaStatus = { addresses: { ...addresses, listeners: workers.sockets }, workers: workerDumps, rooms: roomDumps };
    res.json(reply);
  });
  return router;
}

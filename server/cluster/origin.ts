import type { Server } from 'socket.io';
import type { WorkerPool } from '../../media/sfu/worker-pool.js';
import type { Config } from '../core/config.js';
import type { ClusterHealth } from '../core/http/health.routes.js';
import type { Logger } from '../core/logger.js';
import type { Repositories } from '../core/repositories.js';
import type { MediaAddresses } from '../live/media.contract.js';
import type { LiveService } from '../live/live.service.js';
import type { SessionRooms } from '../live/room-events.js';
import type { Questions } from '../questions/module.js';
import { useRedisAdapter } from './adapter.js';
import { ClusterBus } from './bus.js';
import { newNodeId } from './node-id.js';
import type { LiveCaptionsService } from '../captions/live-captions.service.js';
import { serveEdges } from './origin-gateway.js';
import { OriginPipes } from './origin-pipes.js';
import { closeRedis, connectRedis, duplicateConnection } from './redis.js';
import { NodeRegistry, type NodeInfo } from './registry.js';

export type OriginCluster = {
  health: () => ClusterHealth;
  /** The healthy edge with the fewest viewers, where a resident is best sent. */
  leastLoadedEdge: () => NodeInfo | undefined;
  /** Joins the registry once the server listens (its URL is known then). */
  announce: (url: string) => Promise<void>;
  stop: () => Promise<void>;
};

export type OriginClusterDeps = {
  config: Config;
  log: Logger;
  rooms: SessionRooms;
  repos: Repositories;
  live: LiveService;
  questions: Questions;
  /** Live caption lines: residents on edges watch them through the origin. */
  captions: LiveCaptionsService;
  workers: WorkerPool;
  mediaAddresses: MediaAddresses;
};

/**
 * REDIS_URL on an origin: the socket.io adapter on every namespace, the node registry, the answers to edges
 * (residents' requests and media pipes). Called right after the socket.io server is made, before any socket.
 */
export async function startOriginCluster(io: Server, redisUrl: string, deps: OriginClusterDeps): Promise<OriginCluster> {
  const log = deps.log.child({ component: 'cluster' });
  const redis = await connectRedis(redisUrl, log, 'origin');
  const sub = await duplicateConnection(redis, log, 'origin-bus');
  useRedisAdapter(io, redis);
  const nodeId = newNodeId('origin');
  const bus = await ClusterBus.start(redis, sub, nodeId, log);
  serveEdges(bus, deps);
  const pipes = new OriginPipes(bus, deps.rooms, { address: deps.config.cluster.address, srtp: deps.config.cluster.pipeSrtp }, log);
  let registry: NodeRegistry | undefined;

  return {
    health: () => ({
      node: nodeId,
      redis: { ok: (registry?.connected ?? redis.isReady) && bus.ready },
      edges: (registry?.nodes() ?? [])
        .filter((n) => n.role === 'edge')
        .map((n) => ({ id: n.id, url: n.url, viewers: n.load.viewers, pipes: n.load.pipes })),
      pipes: pipes.count,
    }),
    leastLoadedEdge: () => registry?.leastLoadedEdge(),
    announce: async (url) => {
      const self = {
        id: nodeId,
        role: 'origin' as const,
        pipeAddress: deps.config.cluster.address,
        mediaAddresses: deps.mediaAddresses.announced.map((a) => a.ip),
        startedAt: new Date().toISOString(),
      };
      registry = new NodeRegistry(redis, self, () => loadOf(deps.rooms, deps.workers, pipes.count), log);
      registry.on('nodeDown', (node) => {
        if (node.role === 'edge') pipes.dropEdge(node.id);
      });
      // Where browsers reach the origin (edges send staff there): PUBLIC_URL, else its address on the cluster's
      // network, as an edge announces itself (`url` names localhost, which is no other host's origin).
      await registry.start(deps.config.publicUrl ?? `http://${deps.config.cluster.address}:${new URL(url).port}`);
      log.info({ node: nodeId, url: registry.self.url }, 'origin in the node registry');
    },
    stop: async () => {
      pipes.closeAll();
      await registry?.stop();
      await bus.close();
      await closeRedis(sub);
      await closeRedis(redis);
    },
  };
}

export function loadOf(rooms: SessionRooms, workers: WorkerPool, pipes: number) {
  const open = rooms.rooms.filter((r) => !r.closed);
  return { viewers: open.reduce((n, r) => n + r.viewerCount, 0), rooms: open.length, workers: workers.stats.alive, pipes };
}

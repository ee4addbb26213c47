import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server as SocketServer } from 'socket.io';
import { RoomRegistry } from '../../media/sfu/room-registry.js';
import { compileTrust } from '../core/http/client-address.js';
import type { Config } from '../core/config.js';
import type { SessionId } from '../core/ids.js';
import type { Logger } from '../core/logger.js';
import { namespaceOf } from '../core/socket/ack.js';
import { socketContracts } from '../core/socket/namespaces.js';
import { closeConnections } from '../core/socket/close.js';
import { liveContract } from '../live/live.contract.js';
import { startWorkerPool } from '../live/media-startup.js';
import type { SignalingServer } from '../live/room-events.js';
import { useRedisAdapter } from './adapter.js';
import { ClusterBus } from './bus.js';
import { createEdgeApp } from './edge-app.js';
import { edgeHandshake, staffOnOrigin } from './edge-handshake.js';
import { registerEdgeLiveHandlers } from './edge-live.handlers.js';
import { askOrigin } from './edge-origin.js';
import { EdgePipes } from './edge-pipes.js';
import { attachEdgeResidents } from './edge-residents.handlers.js';
import { bridgeEdgeRoomEvents } from './edge-room-events.js';
import { newNodeId } from './node-id.js';
import { loadOf } from './origin.js';
import { closeRedis, connectRedis, duplicateConnection } from './redis.js';
import { NodeRegistry } from './registry.js';

export type RunningEdge = { url: string; port: number; stop: () => Promise<void> };

/** Namespaces residents use on an edge; the others are staff's, on the origin. */
const residentNamespaces = new Set(['/live', '/questions', '/civic', '/captions']);

/**
 * The composition root of a media edge (NIST_ROLE=edge): a mediasoup worker pool and rooms of its own, the
 * public pages, residents' sockets, no database. What it cannot answer it asks the origin (over Redis) or
 * forwards to it (HTTP); staff are sent to the origin.
 */
export async function startEdge(config: Config, log: Logger): Promise<RunningEdge> {
  const { redisUrl, originUrl } = config.cluster;
  if (!redisUrl || !originUrl) throw new Error('An edge needs REDIS_URL and ORIGIN_URL.');
  const clog = log.child({ component: 'cluster' });
  const redis = await connectRedis(redisUrl, clog, 'edge');
  const sub = await duplicateConnection(redis, clog, 'edge-bus');
  const nodeId = newNodeId('edge');
  const bus = await ClusterBus.start(redis, sub, nodeId, clog);

  const { workers, addresses } = await startWorkerPool(config, log);
  const rooms = new RoomRegistry<SessionId>(
    workers,
    { viewersPerRouter: config.media.viewersPerRouter, maxParticipants: config.media.meetingMaxParticipants },
    log.child({ component: 'rooms' }),
  );
  const registry: NodeRegistry = new NodeRegistry(
    redis,
    {
      id: nodeId,
      role: 'edge',
      pipeAddress: config.cluster.address,
      mediaAddresses: addresses.announced.map((a) => a.ip),
      startedAt: new Date().toISOString(),
    },
    () => loadOf(rooms, workers, pipes.count),
    clog,
  );
  const pipes: EdgePipes = new EdgePipes(bus, rooms, registry, { address: config.cluster.address, srtp: config.cluster.pipeSrtp }, clog);
  const ask = askOrigin(bus, registry);

  const app = createEdgeApp({
    log,
    trustProxy: config.trustProxy,
    webDistDir: config.webDistDir,
    originUrl,
    // The origin announces its PUBLIC_URL in the registry; ORIGIN_URL may be an address only edges reach.
    staffOrigin: () => (registry.origin()?.url ?? originUrl).replace(/\/+$/, ''),
    health: async () => ({
      origin: originUrl,
      connected: registry.connected && bus.ready && registry.origin() !== undefined,
      node: nodeId,
      redis: { ok: registry.connected && bus.ready },
      workers: { size: workers.stats.size, alive: workers.stats.alive, restarts: workers.stats.restarts },
      pulls: await pipes.pulled(),
      viewers: loadOf(rooms, workers, 0).viewers,
    }),
  });
  const server = http.createServer(app);
  const io = new SocketServer(server, { serveClient: false, maxHttpBufferSize: 64 * 1024 });
  useRedisAdapter(io, redis);
  io.use(edgeHandshake);
  for (const contract of socketContracts) {
    io.of(contract.name).use(residentNamespaces.has(contract.name) ? edgeHandshake : staffOnOrigin(originUrl));
  }
  const live: SignalingServer = namespaceOf(io, liveContract);
  bridgeEdgeRoomEvents(live, rooms);
  live.on('connection', (socket) => registerEdgeLiveHandlers(socket, { rooms, pipes, ask, originUrl, turn: config.turn, log: log.child({ component: 'signaling' }) }));
  attachEdgeResidents(io, { ask, originUrl, trust: compileTrust(config.trustProxy), log: log.child({ component: 'residents' }) });

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(new Error(error.code === 'EADDRINUSE' ? `Port ${config.port} is already in use; set PORT to a free port.` : error.message)),
    );
    server.listen(config.port, config.host, () => resolve());
  }).catch(async (error) => {
    workers.close();
    await closeRedis(sub);
    await closeRedis(redis);
    throw error;
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://localhost:${port}`;
  await registry.start(config.publicUrl ?? `http://${config.cluster.address}:${port}`);
  log.info({ port, url, role: 'edge', node: nodeId, origin: originUrl, workers: config.media.workers }, 'listening');

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      log.info('shutting down');
      await closeConnections(io, server);
      rooms.closeAll('shutdown');
      await registry.stop();
      await bus.close();
      workers.close();
      await closeRedis(sub);
      await closeRedis(redis);
      log.info('stopped');
    })());
  return { url, port, stop };
}

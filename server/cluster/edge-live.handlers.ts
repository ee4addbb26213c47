import type { types } from 'mediasoup';
import type { PeerId } from '../../media/sfu/peer.js';
import { conflict, forbidden } from '../core/errors.js';
import type { SessionId } from '../core/ids.js';
import type { Logger } from '../core/logger.js';
import { contractRegistrar, type ContractSocket } from '../core/socket/ack.js';
import { liveContract, type JoinReply } from '../live/live.contract.js';
import { roomKey, watchChannel, type SessionRooms, type SignalingSocketData } from '../live/room-events.js';
import { iceServersFor, type TurnSettings } from '../live/turn-credentials.js';
import { peerRoom } from '../live/peer-room.js';
import type { AskOrigin } from './edge-origin.js';
import { onTheOrigin } from './edge-origin.js';
import type { EdgePipes } from './edge-pipes.js';
import { edgeRoomChannel } from './edge-room-events.js';

export type EdgeLiveDeps = { rooms: SessionRooms; pipes: EdgePipes; ask: AskOrigin; originUrl: string; turn?: TurnSettings; log: Logger };
type EdgeLiveSocket = ContractSocket<typeof liveContract, SignalingSocketData>;

/** What a resident's page asks of `/live`; everything else of the table is the origin's (publishing, meetings, staff). */
const residents = new Set([
  'session:watch',
  'signal:join',
  'signal:leave',
  'signal:create-transport',
  'signal:connect-transport',
  'signal:consume',
  'signal:resume-consumer',
  'signal:set-layers',
  'signal:stats',
]);

/**
 * `/live` on an edge: a resident watches a public session (its state from the origin) and joins the edge's
 * room as a viewer; joining makes the edge pull the session's producers from the origin (EdgePipes) before
 * the reply, so the reply lists them as the origin's own would.
 */
export function registerEdgeLiveHandlers(socket: EdgeLiveSocket, deps: EdgeLiveDeps): void {
  const { rooms, pipes, ask } = deps;
  const log = deps.log.child({ peerId: socket.id });
  const peerId = socket.id as PeerId;
  const on = contractRegistrar(liveContract, socket, log);

  const { current, leave } = peerRoom(socket, rooms, edgeRoomChannel);

  on('session:watch', async (req) => {
    const session = await ask('session:get', { sessionId: req.sessionId });
    await socket.join(watchChannel(session.id as SessionId));
    return { sessionId: session.id, status: session.status, startsAt: session.startsAt, kind: session.kind, interruption: session.interruption };
  });

  on('signal:join', async (req): Promise<JoinReply> => {
    if (req.role !== 'viewer') throw onTheOrigin(deps.originUrl, 'Publishing');
    const session = await ask('session:get', { sessionId: req.sessionId });
    if (session.kind !== 'council') throw onTheOrigin(deps.originUrl, 'A meeting');
    const sessionId = session.id as SessionId;
    leave();
    const key = roomKey(sessionId);
    const joined = await rooms.join({ sessionId, kind: 'broadcast' }, peerId, 'viewer', { displayName: 'Guest', host: false });
    if (!socket.connected) {
      joined.room.leave(peerId);
      throw conflict('The connection closed while joining.');
    }
    socket.data.peer = { key, sessionId, role: 'viewer', host: false, displayName: 'Guest' };
    await pipes.ensure(sessionId);
    // After the pull: what it brought is in this reply, what comes later in `producer:added`, nothing twice.
    await socket.join(edgeRoomChannel(key));
    return {
      peerId,
      sessionId,
      roomKind: 'broadcast',
      role: 'viewer',
      host: false,
      status: session.status,
      routerRtpCapabilities: joined.room.rtpCapabilities as Record<string, unknown>,
      producers: joined.room.producerList(),
      peers: [],
      viewers: joined.room.viewerCount,
      iceServers: iceServersFor(deps.turn, peerId),
    };
  });

  on('signal:leave', () => {
    leave();
    return {};
  });
  on('signal:create-transport', (req) => {
    if (req.direction !== 'recv') throw forbidden('Viewers can only receive.');
    return current().createWebRtcTransport(peerId, 'recv');
  });
  on('signal:connect-transport', async (req) => {
    await current().connectTransport(peerId, req.transportId, { dtlsParameters: req.dtlsParameters as types.DtlsParameters });
    return {};
  });
  on('signal:consume', (req) => current().consume(peerId, { ...req, rtpCapabilities: req.rtpCapabilities as types.RtpCapabilities }));
  on('signal:resume-consumer', async (req) => {
    await current().resumeConsumer(peerId, req.consumerId);
    return {};
  });
  on('signal:set-layers', async (req) => {
    await current().setPreferredLayers(peerId, req.consumerId, { spatialLayer: req.spatialLayer, temporalLayer: req.temporalLayer });
    return {};
  });
  on('signal:stats', () => current().stats(peerId));

  for (const name of Object.keys(liveContract.requests) as (keyof typeof liveContract.requests)[]) {
    if (!residents.has(name)) on(name, () => Promise.reject(onTheOrigin(deps.originUrl, 'This')));
  }
  socket.on('disconnect', leave);
}

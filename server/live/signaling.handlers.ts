import type { Socket } from 'socket.io';
import type { types } from 'mediasoup';
import type { PeerId } from '../../media/sfu/peer.js';
import {
  connectTransportRequestSchema,
  consumeRequestSchema,
  consumerRequestSchema,
  createPlainTransportRequestSchema,
  createTransportRequestSchema,
  emptyRequestSchema,
  joinRequestSchema,
  produceRequestSchema,
  producerRequestSchema,
  setLayersRequestSchema,
  type JoinReply,
} from './live.contract.js';
import { anonymous } from '../accounts/authorization.js';
import { conflict, forbidden } from '../core/errors.js';
import type { SessionId } from '../core/ids.js';
import type { InvitesService } from '../accounts/invites.service.js';
import { joinGrant } from './live-access.js';
import type { LiveService } from './live.service.js';
import type { Logger } from '../core/logger.js';
import { requestRegistrar } from '../core/socket/ack.js';
import { roomChannel, roomKey, type SessionRoom, type SessionRooms, type SignalingSocketData } from './room-events.js';
import { iceServersFor, type TurnSettings } from './turn-credentials.js';

export type SignalingDeps = {
  rooms: SessionRooms;
  live: LiveService;
  invites: InvitesService;
  log: Logger;
  /** An external TURN server (TURN_URLS, TURN_SECRET): each join reply carries fresh credentials for it. */
  turn?: TurnSettings;
};
type SignalingSocket = Socket<never, never, never, SignalingSocketData>;

/** signal:* requests: thin adapters from validated payloads to the socket's room. */
export function registerSignalingHandlers(socket: SignalingSocket, deps: SignalingDeps): void {
  const { rooms, live, invites } = deps;
  const log = deps.log.child({ peerId: socket.id });
  const peerId = socket.id as PeerId;
  const principal = () => socket.data.principal ?? anonymous;
  // Ordered: a client may pipeline watch, join and create-transport in one round trip.
  const on = requestRegistrar(socket as unknown as Socket, log, { ordered: true });

  const current = (): SessionRoom => {
    const sessionId = socket.data.peer?.sessionId;
    const room = sessionId === undefined ? undefined : rooms.get(sessionId);
    if (!room || !room.hasPeer(peerId)) throw conflict('Join a session first.');
    return room;
  };

  const leave = () => {
    const peer = socket.data.peer;
    if (!peer) return;
    socket.data.peer = undefined;
    void socket.leave(roomChannel(peer.key));
    rooms.get(peer.sessionId)?.leave(peerId);
  };

  on('signal:join', joinRequestSchema, async (req): Promise<JoinReply> => {
    const sessionId = req.sessionId as SessionId;
    const session = live.session(sessionId);
    const who = principal();
    const inviteValid = session.kind === 'meeting' && invites.isValid(sessionId, req.inviteToken);
    const grant = joinGrant(who, session, req.role, inviteValid);
    leave();
    const displayName = who.kind === 'account' ? who.username : (req.displayName ?? 'Guest');
    const key = roomKey(sessionId);
    const joined = await rooms.join({ sessionId, kind: grant.roomKind }, peerId, req.role, { displayName, host: grant.host });
    if (!socket.connected) {
      joined.room.leave(peerId);
      throw conflict('The connection closed while joining.');
    }
    socket.data.peer = { key, sessionId, role: req.role, host: grant.host, displayName };
    await socket.join(roomChannel(key));
    const status = grant.roomKind === 'meeting' && grant.host ? live.goLive(sessionId).status : live.session(sessionId).status;
    log.info({ sessionId, role: req.role }, 'peer joined');
    return {
      peerId,
      sessionId,
      roomKind: grant.roomKind,
      role: req.role,
      host: grant.host,
      status,
      routerRtpCapabilities: joined.room.rtpCapabilities as Record<string, unknown>,
      producers: joined.producers,
      peers: joined.peers,
      viewers: joined.room.viewerCount,
      iceServers: iceServersFor(deps.turn, peerId),
    };
  });

  on('signal:leave', emptyRequestSchema, () => {
    leave();
    return {};
  });

  on('signal:create-transport', createTransportRequestSchema, (req) => current().createWebRtcTransport(peerId, req.direction));

  on('signal:create-plain-transport', createPlainTransportRequestSchema, async () => {
    if (socket.data.peer?.role !== 'publisher') throw forbidden('Only a broadcast publisher can feed an encoder in.');
    const t = await current().createPlainTransport(peerId, { comedia: true });
    return { id: t.id, ip: t.ip, port: t.port, rtcpPort: t.rtcpPort ?? null };
  });

  on('signal:connect-transport', connectTransportRequestSchema, async (req) => {
    await current().connectTransport(peerId, req.transportId, { dtlsParameters: req.dtlsParameters as types.DtlsParameters });
    return {};
  });

  on('signal:produce', produceRequestSchema, async (req) => {
    const room = current();
    const producerId = await room.produce(peerId, { ...req, rtpParameters: req.rtpParameters as types.RtpParameters });
    return { producerId };
  });

  on('signal:consume', consumeRequestSchema, (req) =>
    current().consume(peerId, { ...req, rtpCapabilities: req.rtpCapabilities as types.RtpCapabilities }),
  );

  on('signal:resume-consumer', consumerRequestSchema, async (req) => {
    await current().resumeConsumer(peerId, req.consumerId);
    return {};
  });

  on('signal:pause-producer', producerRequestSchema, async (req) => {
    await current().setProducerPaused(peerId, req.producerId, true);
    return {};
  });

  on('signal:resume-producer', producerRequestSchema, async (req) => {
    await current().setProducerPaused(peerId, req.producerId, false);
    return {};
  });

  on('signal:close-producer', producerRequestSchema, (req) => {
    current().closeProducer(peerId, req.producerId);
    return {};
  });

  on('signal:set-layers', setLayersRequestSchema, async (req) => {
    await current().setPreferredLayers(peerId, req.consumerId, { spatialLayer: req.spatialLayer, temporalLayer: req.temporalLayer });
    return {};
  });

  on('signal:stats', emptyRequestSchema, () => current().stats(peerId));

  socket.on('disconnect', leave);
}

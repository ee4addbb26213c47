import type { types } from 'mediasoup';
import type { PeerId } from '../../media/sfu/peer.js';
import { liveContract, type JoinReply } from './live.contract.js';
import { anonymous } from '../accounts/authorization.js';
import { badRequest, conflict, forbidden } from '../core/errors.js';
import type { SessionId } from '../core/ids.js';
import type { InvitesService } from '../accounts/invites.service.js';
import { joinGrant, webrtcFull } from './live-access.js';
import type { LiveService } from './live.service.js';
import type { Logger } from '../core/logger.js';
import { contractRegistrar, type ContractSocket } from '../core/socket/ack.js';
import { roomChannel, roomKey, type SessionRooms, type SignalingSocketData } from './room-events.js';
import { iceServersFor, type TurnSettings } from './turn-credentials.js';
import { peerRoom } from './peer-room.js';

export type SignalingDeps = {
  rooms: SessionRooms;
  live: LiveService;
  invites: InvitesService;
  log: Logger;
  /** An external TURN server (TURN_URLS, TURN_SECRET): each join reply carries fresh credentials for it. */
  turn?: TurnSettings;
  /** LIVE_MAX_WEBRTC_VIEWERS: past it, viewers are told `webrtc: false, reason: 'capacity'` (they play the live HLS). */
  maxWebrtcViewers?: number | null;
  /** With edges (REDIS_URL): the least loaded healthy edge's URL, or null when there is none. */
  edgeFor?: () => string | null;
};
type SignalingSocket = ContractSocket<typeof liveContract, SignalingSocketData>;

/** signal:* requests: thin adapters from validated payloads to the socket's room. */
export function registerSignalingHandlers(socket: SignalingSocket, deps: SignalingDeps): void {
  const { rooms, live, invites } = deps;
  const log = deps.log.child({ peerId: socket.id });
  const peerId = socket.id as PeerId;
  const principal = () => socket.data.principal ?? anonymous;
  // Ordered (the table says so): a client may pipeline watch, join and create-transport in one round trip.
  const on = contractRegistrar(liveContract, socket, log);

  const { current, leave } = peerRoom(socket, rooms, roomChannel);

  on('signal:join', async (req): Promise<JoinReply> => {
    const sessionId = req.sessionId as SessionId;
    const session = live.session(sessionId);
    const who = principal();
    const inviteValid = session.kind === 'meeting' && invites.isValid(sessionId, req.inviteToken);
    const grant = joinGrant(who, session, req.role, inviteValid);
    if (req.role === 'viewer' && webrtcFull(deps.maxWebrtcViewers, session, rooms.get(sessionId)?.viewerCount ?? 0)) {
      throw conflict('This session has as many WebRTC viewers as the server takes (LIVE_MAX_WEBRTC_VIEWERS): play its live HLS.');
    }
    leave();
    const displayName = who.kind === 'account' ? who.username : (req.displayName ?? 'Guest');
    const key = roomKey(sessionId);
    // An interpreter sends beside the floor: a publisher to the room, told apart by its producers' tracks.
    const peerRole = req.role === 'interpreter' ? 'publisher' : req.role;
    const joined = await rooms.join({ sessionId, kind: grant.roomKind }, peerId, peerRole, { displayName, host: grant.host });
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
      ...edgeHint(deps, who, session, req.role),
    };
  });

  on('signal:leave', () => {
    leave();
    return {};
  });

  on('signal:create-transport', (req) => current().createWebRtcTransport(peerId, req.direction));

  on('signal:create-plain-transport', async () => {
    if (socket.data.peer?.role !== 'publisher') throw forbidden('Only a broadcast publisher can feed an encoder in.');
    const t = await current().createPlainTransport(peerId, { comedia: true });
    return { id: t.id, ip: t.ip, port: t.port, rtcpPort: t.rtcpPort ?? null };
  });

  on('signal:connect-transport', async (req) => {
    await current().connectTransport(peerId, req.transportId, { dtlsParameters: req.dtlsParameters as types.DtlsParameters });
    return {};
  });

  on('signal:produce', async (req) => {
    const room = current();
    const role = socket.data.peer?.role;
    if (req.appData && role !== 'interpreter') {
      throw forbidden('Only an interpreter (joined with role "interpreter") sends an interpretation or sign language.');
    }
    if (!req.appData && role === 'interpreter') {
      throw badRequest("An interpreter sends appData { track: 'interpretation', lang } (microphone) or { track: 'sign' } (camera).");
    }
    const producerId = await room.produce(peerId, { ...req, rtpParameters: req.rtpParameters as types.RtpParameters });
    return { producerId };
  });

  on('signal:consume', (req) =>
    current().consume(peerId, { ...req, rtpCapabilities: req.rtpCapabilities as types.RtpCapabilities }),
  );

  on('signal:resume-consumer', async (req) => {
    await current().resumeConsumer(peerId, req.consumerId);
    return {};
  });

  on('signal:pause-consumer', async (req) => {
    await current().pauseConsumer(peerId, req.consumerId);
    return {};
  });

  on('signal:pause-producer', async (req) => {
    await current().setProducerPaused(peerId, req.producerId, true);
    return {};
  });

  on('signal:resume-producer', async (req) => {
    await current().setProducerPaused(peerId, req.producerId, false);
    return {};
  });

  on('signal:close-producer', (req) => {
    current().closeProducer(peerId, req.producerId);
    return {};
  });

  on('signal:set-layers', async (req) => {
    await current().setPreferredLayers(peerId, req.consumerId, { spatialLayer: req.spatialLayer, temporalLayer: req.temporalLayer });
    return {};
  });

  on('signal:stats', () => current().stats(peerId));

  socket.on('disconnect', leave);
}

/** A resident watching a public broadcast is sent to the least loaded edge; staff and meetings stay here. */
function edgeHint(deps: SignalingDeps, who: { kind: string }, session: { kind: string; visibility: string }, role: string): { edge?: string } {
  if (role !== 'viewer' || who.kind !== 'anonymous' || session.kind !== 'council' || session.visibility !== 'public') return {};
  const edge = deps.edgeFor?.();
  return edge ? { edge } : {};
}

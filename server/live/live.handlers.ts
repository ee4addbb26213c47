import type { PeerId } from '../../media/sfu/peer.js';
import { liveContract } from './live.contract.js';
import { anonymous, can } from '../accounts/authorization.js';
import { conflict, forbidden, notFound } from '../core/errors.js';
import type { SessionId } from '../core/ids.js';
import { canRun, webrtcFull } from './live-access.js';
import type { LiveService } from './live.service.js';
import type { Logger } from '../core/logger.js';
import { contractRegistrar, type ContractSocket } from '../core/socket/ack.js';
import { watchChannel, type SessionRooms, type SignalingSocketData } from './room-events.js';

type LiveSocket = ContractSocket<typeof liveContract, SignalingSocketData>;

/** session:* (watch a session's status, go live, end) and meeting:mute. */
export function registerLiveHandlers(socket: LiveSocket, deps: { rooms: SessionRooms; live: LiveService; log: Logger; maxWebrtcViewers?: number | null }): void {
  const { rooms, live } = deps;
  const log = deps.log.child({ peerId: socket.id });
  const principal = () => socket.data.principal ?? anonymous;
  // Ordered: a client may pipeline watch, join and create-transport in one round trip.
  const on = contractRegistrar(liveContract, socket, log);
  const atCapacity = (session: { id: SessionId; kind: string; visibility: string }) =>
    webrtcFull(deps.maxWebrtcViewers, session, rooms.get(session.id)?.viewerCount ?? 0);

  const runnable = (id: number) => {
    const session = live.session(id as SessionId);
    if (session.visibility === 'private' && !can(principal(), 'private.view', session.bodyId)) {
      throw notFound(`There is no session with id ${id}.`);
    }
    if (!canRun(principal(), session)) throw forbidden('Only an operator or host of this body can do this.');
    return session;
  };

  on('session:watch', async (req) => {
    const session = live.session(req.sessionId as SessionId);
    if (session.visibility === 'private' && !can(principal(), 'private.view', session.bodyId)) {
      throw notFound(`There is no session with id ${req.sessionId}.`);
    }
    await socket.join(watchChannel(session.id));
    const reply = { sessionId: session.id, status: session.status, startsAt: session.startsAt, kind: session.kind, interruption: live.interruption(session.id) };
    return atCapacity(session) ? { ...reply, webrtc: false, reason: 'capacity' as const } : reply;
  });

  on('session:go-live', (req) => {
    const session = runnable(req.sessionId);
    return { status: live.goLive(session.id).status };
  });

  on('session:end', (req) => {
    const session = runnable(req.sessionId);
    return { status: live.end(session.id).status };
  });

  on('meeting:mute', async (req) => {
    const me = socket.data.peer;
    const room = me ? rooms.get(me.sessionId) : undefined;
    if (!me || !room || room.kind !== 'meeting' || !room.hasPeer(socket.id as PeerId)) throw conflict('Join the meeting first.');
    if (!me.host) throw forbidden('Only the host can mute others.');
    if (!room.hasPeer(req.peerId as PeerId)) throw notFound('That participant is not in the meeting.');
    await room.muteAudioOf(req.peerId as PeerId);
    socket.nsp.to(req.peerId).emit('meeting:muted', { by: me.displayName });
    return {};
  });

}

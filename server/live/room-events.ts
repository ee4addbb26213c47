import type { PeerId } from '../../media/sfu/peer.js';
import type { Room } from '../../media/sfu/room.js';
import { roomKeyOf } from '../../media/sfu/room-types.js';
import type { RoomRegistry } from '../../media/sfu/room-registry.js';
import type { liveContract } from './live.contract.js';
import type { ContractNamespace, ContractSocket } from '../core/socket/ack.js';
import type { LiveService } from './live.service.js';
import type { SessionId } from '../core/ids.js';
import type { SocketData } from '../accounts/socket-auth.js';
import { detachPeers } from './peer-room.js';

/** Which room a socket is in, and as what; set by signal:join, cleared when it leaves or the room closes. */
export type SocketPeer = { key: string; sessionId: SessionId; role: 'viewer' | 'publisher' | 'participant' | 'interpreter'; host: boolean; displayName: string };
export type SignalingSocketData = SocketData & { peer?: SocketPeer };
/** The `/live` namespace, typed by its table. */
export type SignalingServer = ContractNamespace<typeof liveContract, SignalingSocketData>;

/** The media rooms of sessions: the registry and its rooms carry the branded session id. */
export type SessionRooms = RoomRegistry<SessionId>;
export type SessionRoom = Room<SessionId>;

export const roomKey = (sessionId: SessionId) => roomKeyOf(sessionId);
/** socket.io channels: everyone in a room's media, and everyone watching a session's status. */
export const roomChannel = (key: string) => `room:${key}`;
export const watchChannel = (sessionId: SessionId) => `watch:${sessionId}`;

const viewerCountIntervalMs = 1000;

/** Turns room and live-service events into socket events. */
export function bridgeRoomEvents(io: SignalingServer, rooms: SessionRooms, live: LiveService): void {
  const socketOf = (peerId: PeerId): ContractSocket<typeof liveContract, SignalingSocketData> | undefined => io.sockets.get(peerId);

  const detach = detachPeers(socketOf, roomChannel);

  rooms.on('roomOpened', (room) => {
    const channel = roomChannel(room.key);
    let countTimer: NodeJS.Timeout | undefined;
    room.on('producerAdded', (info) => io.to(channel).except(info.peerId).emit('producer:added', info));
    room.on('producerClosed', ({ producerId }) => io.to(channel).emit('producer:closed', { producerId }));
    room.on('producerPaused', ({ producerId, paused }) => io.to(channel).emit('producer:paused', { producerId, paused }));
    room.on('consumerClosed', (peerId, consumerId) => socketOf(peerId)?.emit('consumer:closed', { consumerId }));
    room.on('consumerLayersChanged', (peerId, consumerId, layers) =>
      socketOf(peerId)?.emit('consumer:layers-changed', {
        consumerId,
        spatialLayer: layers?.spatialLayer ?? null,
        temporalLayer: layers?.temporalLayer ?? null,
      }),
    );
    room.on('peerJoined', (peer) => {
      if (room.kind === 'meeting') io.to(channel).except(peer.peerId).emit('peer:joined', peer);
    });
    room.on('peerLeft', (peerId) => {
      if (room.kind === 'meeting') io.to(channel).emit('peer:left', { peerId });
    });
    room.on('dominantSpeaker', (peerId) => io.to(channel).emit('speaker:changed', { peerId }));
    // A big audience joins in bursts: tell the room the count at most once a second.
    room.on('viewersChanged', () => {
      countTimer ??= setTimeout(() => {
        countTimer = undefined;
        if (!room.closed) io.to(channel).emit('room:viewers-changed', { count: room.viewerCount });
      }, viewerCountIntervalMs);
    });
    room.on('peersEvicted', (peerIds) => detach(peerIds, room.key, true));
    room.once('closed', (reason, peerIds) => {
      clearTimeout(countTimer);
      detach(peerIds, room.key, reason === 'workerDied');
    });
  });

  live.on('sessionLive', ({ sessionId }) => {
    io.to(watchChannel(sessionId)).to(roomChannel(roomKey(sessionId))).emit('session:live', { sessionId });
  });
  live.on('sessionEnded', ({ sessionId, recordingUrl }) => {
    io.to(watchChannel(sessionId)).to(roomChannel(roomKey(sessionId))).emit('session:ended', { sessionId, recordingUrl });
    rooms.get(sessionId)?.close('ended');
  });
}
